// A real OpenID Connect provider (npm `oidc-provider`, a certified
// implementation) for the tests: the organisation's sign-in as MUS meets it.
//
//   node tests/support/oidc-provider.mjs --clients '<json>' [--accounts-dir DIR] [--host localhost]
//
// `--clients`: an array of client metadata (`client_id`, `client_secret` or
// `token_endpoint_auth_method: "none"`, `redirect_uris`, …). A client with
// `application_type: "native"` accepts its loopback redirect URIs on any
// port (RFC 8252), so one provider serves servers on many ports.
//
// The login form takes any login name and any password; the login name is
// the account's subject (`sub`). Its claims come from `DIR/<login>.json`
// (`email`, `email_verified`, `name`) when that file exists, read at every
// sign-in so a test can change them; otherwise a login name that looks like
// an e-mail address is that verified address, and any other has no e-mail.
//
// Listens on a free loopback port, prints its issuer URL on standard output
// when ready, and exits when standard input closes or its parent dies.
// Consent is given by itself: the clients are the organisation's own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import Provider, { interactionPolicy } from 'oidc-provider';

// Standard output carries the issuer line alone: whatever the provider
// logs goes to standard error.
console.log = console.error;
console.info = console.error;

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '[]' },
    'accounts-dir': { type: 'string' },
    // The issuer's host name; it always listens on 127.0.0.1. `localhost`
    // makes the provider another site than a server on 127.0.0.1.
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const clients = JSON.parse(args.clients);

function claimsOf(login) {
  const file = args['accounts-dir'] && /^[\w.@+-]+$/.test(login)
    ? join(args['accounts-dir'], `${login}.json`)
    : undefined;
  if (file && existsSync(file)) {
    return { ...JSON.parse(readFileSync(file, 'utf8')), sub: login };
  }
  return login.includes('@') ? { sub: login, email: login, email_verified: true } : { sub: login };
}

// Its own signing key, so that no development key is used (and warned about).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

// Port first, so that the issuer can name it.
const http = createServer();
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const issuer = `http://${args.host}:${http.address().port}`;

// Consent is implied (see `loadExistingGrant`), for native clients too,
// which the default policy always asks.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

const provider = new Provider(issuer, {
  interactions: { policy },
  clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // The claims of the scopes asked for go into the ID token too, as Entra ID
  // and Keycloak put them there.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  ttl: {
    Interaction: 10 * 60,
    Session: 60 * 60,
    Grant: 60 * 60,
    AccessToken: 10 * 60,
    AuthorizationCode: 60,
    IdToken: 10 * 60,
  },
  async findAccount(_ctx, login) {
    return {
      accountId: login,
      async claims() {
        return claimsOf(login);
      },
    };
  },
  // Consent is implied: every client here is the organisation's own.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

provider.on('server_error', (_ctx, error) => console.error('server_error', error));
http.on('request', provider.callback());
process.stdout.write(`${issuer}\n`);

// Standard input closes when the parent ends, however it ends.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
