// The first visit and the app's parts: something on screen before the app
// has arrived, no refused refresh for a visitor, the app served by the
// binary itself, each role fetching only its own parts, and a tab left open
// over a deploy that reloads cleanly when a part it asks for is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { launchChromium } from './browser.mjs';
import { DEMO_PASSWORD, startServer } from './server.mjs';
import { EMPLOYEE } from './api.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

// A part of the app (not the first download): `split_<part>.wasm`, or a
// chunk parts share.
const PART = /\/assets\/app-[0-9a-f]+\/(split|chunk)_[\w]+\.wasm$/;
const part = (url) => url.match(/split_(\w+)\.wasm$/)?.[1];

let server;
let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { context, page, requests, problems };
}

async function signIn(page, email) {
  await page.fill('input#email', email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('h1').first().waitFor();
}

test('the binary serves the web app it carries, compressed once, cached by name', async () => {
  assert.match(server.log(), /built into the binary/, 'served from the binary, not a directory');
  const index = await fetch(server.url + '/some/page', { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-encoding'), 'br');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const etag = index.headers.get('etag');
  assert.ok(etag);
  const html = await index.text();
  assert.match(html, /id="boot-frame"/);
  const again = await fetch(server.url + '/', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304, 'an unchanged index.html is not sent again');

  const wasm = html.match(/href="(\/assets\/app-[0-9a-f]+\/mus_bg\.wasm)"/)[1];
  const gzip = await fetch(server.url + wasm, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gzip.headers.get('content-encoding'), 'gzip');
  assert.equal(gzip.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(gzip.headers.get('content-type'), 'application/wasm');
  const plain = await fetch(server.url + wasm, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  const bytes = new Uint8Array(await plain.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d], 'the wasm itself');

  const gone = await fetch(server.url + '/assets/app-0000000000000000/split_hr.wasm');
  assert.equal(gone.status, 404);
});

test('a visitor sees MUS at once, and is not refused a refresh they never asked for', async () => {
  const { context, page, requests, problems } = await visit();
  // Hold the app back, as a slow line would, to see what shows meanwhile.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/mus_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url + '/');
  await page.locator('#boot-frame h1').waitFor();
  assert.equal(await page.locator('#boot-frame .brand').textContent(), 'MUS');
  const painted = await page.evaluate(() =>
    performance.getEntriesByName('first-contentful-paint').length);
  assert.equal(painted, 1, 'the frame is painted before the app has arrived');
  await page.screenshot({ path: `${screenshots}/starting-da.png` });

  release();
  await page.waitForURL(/\/login/);
  await page.locator('input#email').waitFor();
  assert.equal(await page.locator('#boot-frame').count(), 0, 'the frame gives way to the app');
  assert.ok(!requests.some((url) => url.includes('/auth/refresh')),
    'no refresh is asked for without a session');
  assert.deepEqual(requests.filter((url) => PART.test(url)), [],
    'the sign-in page needs no part of the app beyond the first download');

  // Signed in, the hint is there and a reload resumes the session.
  await signIn(page, EMPLOYEE.email);
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === 'mus_session' && !c.httpOnly));
  assert.ok(cookies.some((c) => c.name === 'mus_refresh' && c.httpOnly));
  await page.reload();
  await page.locator('[data-testid=signed-in]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  // Signed out, both are gone, and the next visit asks nothing again.
  await page.locator('[data-testid=logout]').click();
  await page.waitForURL(/\/login/);
  const left = await context.cookies();
  assert.ok(!left.some((c) => c.name === 'mus_session' || c.name === 'mus_refresh'));
  const before = requests.length;
  await page.goto(server.url + '/plan');
  await page.waitForURL(/\/login/);
  await page.locator('input#email').waitFor();
  assert.ok(!requests.slice(before).some((url) => url.includes('/auth/refresh')));
  assert.deepEqual(problems, []);
  await context.close();
});

test("an employee fetches the employee's parts, never the team's or HR's", async () => {
  const { context, page, requests, problems } = await visit();
  await page.goto(server.url + '/login');
  await signIn(page, EMPLOYEE.email);
  await page.goto(server.url + '/plan');
  await page.locator('h1').first().waitFor();
  await page.goto(server.url + '/me/data');
  await page.locator('h1').first().waitFor();
  const parts = new Set(requests.map(part).filter(Boolean));
  assert.ok(parts.has('home') && parts.has('employee'), `parts fetched: ${[...parts]}`);
  assert.ok(!parts.has('hr') && !parts.has('team'), `parts fetched: ${[...parts]}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a tab open over a deploy reloads once when a part it needs is gone', async () => {
  const { context, page, requests, problems } = await visit();
  await page.goto(server.url + '/login');
  await signIn(page, EMPLOYEE.email);
  assert.ok(!requests.some((url) => part(url) === 'employee'), 'home needs no employee part');

  // The deploy: the old build's parts are gone until the page loads afresh.
  let gone = true;
  let refused = 0;
  page.on('request', (request) => {
    if (request.isNavigationRequest()) gone = false;
  });
  await page.route(PART, (route) => {
    if (!gone) return route.continue();
    refused += 1;
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const reloaded = page.waitForEvent('load');
  await page.locator('[data-testid=signed-in]').click();
  await reloaded;
  await page.waitForURL(/\/me\/data$/);
  await page.locator('h1').first().waitFor();
  assert.ok(refused >= 1, 'the old parts were asked for and refused');
  assert.equal(await page.locator('[data-testid=chunk-failed]').count(), 0);
  // The refused parts are reported by the browser; nothing else went wrong.
  assert.deepEqual(problems.filter((p) => !/404|failed to load split module|Failed to fetch|HTTP status code is not ok/i.test(p)), []);

  // A part that stays gone reloads no more than once: the person is told.
  await page.route(PART, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.evaluate(() => sessionStorage.clear());
  const context2 = await browser.newContext();
  const page2 = await context2.newPage();
  await context2.addCookies(await context.cookies());
  await page2.route(PART, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page2.goto(server.url + '/plan');
  await page2.locator('[data-testid=chunk-failed]').waitFor({ timeout: 20_000 });
  assert.equal(new URL(page2.url()).pathname, '/plan');
  await context2.close();
  await context.close();
});
