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

/// The decoded body of the first part of type `type` (`text/plain`,
/// `text/html`, `text/calendar`) in a message, multipart or not.
export function partOf(raw, type) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const contentType = /^content-type:\s*(.*)$/im.exec(unfolded)?.[1] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.toLowerCase().startsWith('multipart/') || !boundary) {
    return contentType.toLowerCase().startsWith(type) ? decode(unfolded, rest.join('\n\n')) : undefined;
  }
  const body = rest.join('\n\n');
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const found = partOf(chunk.replace(/^\r?\n/, ''), type);
    if (found !== undefined) return found;
  }
  return undefined;
}

function bodyOf(raw) {
  return partOf(raw, 'text/plain') ?? raw;
}

function decode(head, body) {
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
    /// The whole `count`th message to `address`, once it has come.
    async rawFor(address, count = 1) {
      const until = Date.now() + 15_000;
      for (;;) {
        const to = messages().filter((raw) => {
          const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
          return /^To:.*$/im.exec(head)?.[0].includes(address);
        });
        if (to.length >= count) return to[count - 1];
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
