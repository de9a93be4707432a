// A real SMTP server for the browser tests: aiosmtpd from PyPI (installed
// by scripts/test into target/tools/aiosmtpd), on a free loopback port,
// keeping what it receives in a Maildir.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function listening(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/// Undoes quoted-printable (soft breaks and =XX escapes) as UTF-8.
function quotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function bodyOf(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'quoted-printable') return quotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

export async function startMailbox() {
  const python = process.env.MUS_TEST_AIOSMTPD_PYTHON
    ?? [join(root, 'target', 'tools', 'aiosmtpd', 'bin', 'python')].find(existsSync)
    ?? 'python3';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mus-mail-'));
  const child = spawn(python, ['-m', 'aiosmtpd', '-n', '--smtputf8', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'maildir')], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error(`aiosmtpd did not start (${python})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const messages = () => ['new', 'cur'].flatMap((sub) => {
    const folder = join(dir, 'maildir', sub);
    return existsSync(folder) ? readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8')) : [];
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /// The body of the `count`th message to `address`, once it has come.
    async waitFor(address, count = 1) {
      const until = Date.now() + 15_000;
      for (;;) {
        const to = messages().filter((raw) => {
          const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
          return /^To:.*$/im.exec(head)?.[0].includes(address);
        });
        if (to.length >= count) return bodyOf(to[count - 1]);
        if (Date.now() > until) throw new Error(`${to.length} of ${count} messages to ${address}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// The first link in `text` containing `needle`.
export function linkIn(text, needle) {
  return text.split(/\s+/).find((word) => word.startsWith('http') && word.includes(needle));
}
