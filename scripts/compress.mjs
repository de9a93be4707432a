// The built web app's compressed copies, and what it costs as sent.
//
//   node scripts/compress.mjs DIST
//       writes FILE.gz (gzip -9) and FILE.br (brotli 11) beside every file
//       under DIST where the copy is smaller;
//   node scripts/compress.mjs --report DIST APP_DIR
//       prints the bytes of the first download (what the sign-in page needs)
//       and of each page's parts, as sent with brotli and with gzip. The
//       page's parts are read from the loader wasm-split-cli wrote
//       (assets/APP_DIR/__wasm_split.js).
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

/// The parts an employee can reach (frontend/src/chunks.rs): all but the
/// team's and HR's.
const EMPLOYEE_PARTS = ['home', 'employee', 'grus'];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (!name.endsWith('.gz') && !name.endsWith('.br')) yield path;
  }
}

function compress(dist) {
  for (const path of files(dist)) {
    const raw = readFileSync(path);
    const gzip = gzipSync(raw, { level: 9 });
    const brotli = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    if (gzip.length < raw.length) writeFileSync(`${path}.gz`, gzip);
    if (brotli.length < raw.length) writeFileSync(`${path}.br`, brotli);
  }
}

/// Bytes as sent: the smaller copy of `encoding`, or the file itself.
function sent(path, encoding) {
  const raw = statSync(path).size;
  const copy = `${path}.${encoding}`;
  return existsSync(copy) ? Math.min(raw, statSync(copy).size) : raw;
}

function report(dist, appDir) {
  const assets = join(dist, 'assets');
  const app = join(assets, appDir);
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  // What index.html names (style, icon, boot, glue, wasm) and what the glue
  // imports (the loader).
  const first = [join(dist, 'index.html')];
  for (const match of index.matchAll(/\/assets\/([^"']+)/g)) {
    const path = join(assets, match[1]);
    if (!first.includes(path)) first.push(path);
  }
  const loader = join(app, '__wasm_split.js');
  if (!first.includes(loader)) first.push(loader);

  // Each `const __chunk_N = makeLoad(... "./FILE.wasm" ..., [deps])` and
  // each page's `__wasm_split_load_PAGE` with its own file and deps.
  const js = readFileSync(loader, 'utf8');
  const loads = new Map();
  for (const m of js.matchAll(/(?:const (__chunk_\d+) = makeLoad|export const (__wasm_split_load_\w+) = wrapAsyncCb\(makeLoad)\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.]+)"[\s\S]*?\n, \[([^\]]*)\]\)/g)) {
    loads.set(m[1] ?? m[2], { file: m[3], deps: m[4].split(',').map((d) => d.trim()).filter(Boolean) });
  }
  const pages = [...loads.entries()].filter(([, load]) => load.file.startsWith('split_'));

  const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
  const row = (name, paths) => {
    const br = paths.reduce((sum, p) => sum + sent(p, 'br'), 0);
    const gz = paths.reduce((sum, p) => sum + sent(p, 'gz'), 0);
    const raw = paths.reduce((sum, p) => sum + statSync(p).size, 0);
    console.log(`  ${name.padEnd(28)} ${String(paths.length).padStart(4)} files ${kb(raw)} raw ${kb(gz)} gzip ${kb(br)} brotli`);
  };
  console.log('  as sent (the server sends the brotli copy to every current browser):');
  row('first download (sign-in)', first);
  const partsOf = (load) => [load.file, ...load.deps.map((d) => loads.get(d)?.file).filter(Boolean)];
  for (const [, load] of pages.sort((a, b) => a[1].file.localeCompare(b[1].file))) {
    row(`+ ${load.file.replace(/^split_|\.wasm$/g, '')}`, partsOf(load).map((f) => join(app, f)));
  }
  // An employee's pages: everything but the team's and HR's.
  const journey = new Set(first);
  for (const [name, load] of pages) {
    if (!EMPLOYEE_PARTS.some((part) => name.endsWith(`_load_${part}`))) continue;
    for (const file of partsOf(load)) journey.add(join(app, file));
  }
  row("an employee's whole journey", [...journey]);
  const every = [...files(dist)];
  row('everything', every);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--report') report(...rest);
else compress(mode);
