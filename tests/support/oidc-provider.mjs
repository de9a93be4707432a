// A real OpenID Connect provider (npm `oidc-provider`, a certified
// implementation) for the tests: the organisation's sign-in as MUS meets it.
//
//   node tests/support/oidc-provider.mjs --clients '<json>' [--accounts '<json>'] [--host localhost]
//
// `--clients`: an array of client metadata (`client_id`, `client_secret` or
// `token_endpoint_auth_method: "none"`, `redirect_uris`, …). A client with
// `application_type: "native"` accepts its loopback redirect URIs on any
// port (RFC 8252), so one provider serves servers on many ports.
//
// `--accounts`: login name → claims (`sub`, `email`, `email_verified`,
// `name`). The login form takes any login name and any password; a name not
// listed becomes an account of its own: `key=value;…` with the keys `sub`,
// `email` and `verified` (`true`/`false`), or else the name is the subject
// and, when it looks like an e-mail address, a verified `email` too.
//
// Listens on a free loopback port, prints its issuer URL on standard output
// when ready, and exits when standard input closes or its parent dies.
// Consent is given by itself: the clients are the organisation's own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '[]' },
    accounts: { type: 'string', default: '{}' },
    // The issuer's host name; it always listens on 127.0.0.1. `localhost`
    // makes the provider another site than a server on 127.0.0.1.
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const clients = JSON.parse(args.clients);
const accounts = JSON.parse(args.accounts);

function claimsOf(login) {
  if (Object.hasOwn(accounts, login)) {
    return { sub: login, ...accounts[login] };
  }
  if (login.includes('=')) {
    const fields = Object.fromEntries(
      login.split(';').map((pair) => pair.split('=', 2).map((part) => part.trim())),
    );
    const claims = { sub: fields.sub ?? login };
    if (fields.email) {
      claims.email = fields.email;
      claims.email_verified = fields.verified !== 'false';
    }
    return claims;
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

const provider = new Provider(issuer, {
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
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return claimsOf(sub);
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
