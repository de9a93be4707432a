// Starts the real `mus` binary on a free port over a fresh SQLite database
// seeded with the demo organisation, for the browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export const DEMO_PASSWORD = 'mus-demo-2027';

/// `extraEnv` adds to or overrides the server's environment
/// (`MUS_SMTP_URL`, `MUS_OIDC_*`, …).
export async function startServer(extraEnv = {}) {
  const bin = process.env.MUS_BIN ?? join(root, 'target', 'debug', 'mus');
  const dataDir = mkdtempSync(join(tmpdir(), 'mus-browser-'));
  const env = {
    ...process.env,
    MUS_DATA_DIR: dataDir,
    MUS_BIND: '127.0.0.1:0',
    MUS_SPA_DIR: join(root, 'frontend', 'dist'),
    MUS_LOG: 'info',
    MUS_DATABASE_URL: '',
    MUS_JWT_SECRET: '',
    ...extraEnv,
  };
  execFileSync(bin, ['seed', '--demo'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
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
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
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
