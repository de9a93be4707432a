// Starts the real `mus` binary on a free port over a fresh SQLite database
// seeded with the demo organisation, for the browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export const DEMO_PASSWORD = 'mus-demo-2027';

/// `env` adds to (or overrides) the server's environment, e.g. `MUS_OIDC_*`.
/// The server runs in its data directory, away from the checkout, so it
/// serves the web app built into the binary (`scripts/build-frontend.sh`,
/// then `cargo build`), as it would on a server; set `MUS_SPA_DIR` to serve
/// a built copy instead.
export async function startServer(env = {}) {
  // Resolved here: the server runs in a directory of its own.
  const bin = resolve(process.env.MUS_BIN ?? join(root, 'target', 'debug', 'mus'));
  const dataDir = mkdtempSync(join(tmpdir(), 'mus-browser-'));
  const serverEnv = {
    ...process.env,
    MUS_DATA_DIR: dataDir,
    MUS_BIND: '127.0.0.1:0',
    MUS_LOG: 'info',
    MUS_DATABASE_URL: '',
    MUS_JWT_SECRET: '',
    ...env,
  };
  execFileSync(bin, ['seed', '--demo'], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const child = spawn(bin, ['serve'], { env: serverEnv, cwd: dataDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`mus did not start:\n${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`mus exited with ${code}:\n${log}`)));
  });
  return {
    url,
    log: () => log,
    /// Runs SQL on the server's SQLite database, for what a test cannot
    /// wait for (months passing) and no API may do; returns what it prints.
    sql(statement) {
      return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(dataDir, 'mus.db'), statement], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/// The organisation's identity provider (`tests/support/oidc-provider.mjs`)
/// with one confidential client for MUS on any loopback port. Its issuer is
/// on `localhost`, so to the browser it is another site than MUS on
/// 127.0.0.1, as a real provider is.
export const OIDC_CLIENT = { id: 'mus', secret: 'mus-browser-test-client-secret' };

export async function startProvider() {
  const clients = [{
    client_id: OIDC_CLIENT.id,
    client_secret: OIDC_CLIENT.secret,
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/api/v1/auth/oidc/callback'],
  }];
  const script = join(root, 'tests', 'support', 'oidc-provider.mjs');
  const child = spawn(process.execPath, [script, '--clients', JSON.stringify(clients), '--host', 'localhost'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const issuer = await new Promise((resolveIssuer, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start:\n${log}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolveIssuer(out.split('\n')[0].trim());
      }
    });
    child.on('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}:\n${log}`)));
  });
  return {
    issuer,
    env: {
      MUS_OIDC_ISSUER: issuer,
      MUS_OIDC_CLIENT_ID: OIDC_CLIENT.id,
      MUS_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      MUS_OIDC_LABEL: 'Solbakke Kommune',
    },
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.end();
      await exited;
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
