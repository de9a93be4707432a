// The web app as a new user meets it, in Chromium with the line and the CPU
// slowed through the DevTools protocol: time to the first contentful paint,
// to a usable sign-in form, and the bytes each page fetches, from a cold
// cache, median of RUNS runs per profile. Then an employee's walk through
// their pages after signing in (bytes per page, time to its heading).
//
// Run by scripts/bench-web; prints a Markdown table.
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, DEMO_PASSWORD, startServer } from '../../tests/browser/server.mjs';
import { EMPLOYEE } from '../../tests/browser/api.mjs';

const RUNS = Number(process.env.WEB_RUNS ?? 3);
// Chromium names brotli only over HTTPS; behind the organisation's TLS
// proxy it is what browsers get, so the walk asks for it (WEB_ENCODING=gzip
// for what a browser on plain HTTP gets).
const ENCODING = process.env.WEB_ENCODING ?? 'br';

const PROFILES = [
  { name: 'loopback', latency: 0, kbit: 0, cpu: 1 },
  { name: '10 Mbit/s, 40 ms', latency: 40, kbit: 10_000, cpu: 1 },
  { name: '1.6 Mbit/s, 150 ms, CPU ÷4', latency: 150, kbit: 1_600, cpu: 4 },
];

// An employee's pages after signing in, each reached as a person would:
// by the address, as a link or a bookmark does.
const WALK = ['/', '/plan', '/notifications', '/me/data'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function throttled(browser, profile) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: ENCODING === 'br' ? { 'accept-encoding': 'br, gzip' } : {},
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (profile.kbit > 0) {
    const bytesPerSecond = (profile.kbit * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  // Bytes as they came over the wire, headers included.
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  return { context, page, bytes: () => bytes };
}

async function signInPage(browser, base, profile) {
  const { context, page, bytes } = await throttled(browser, profile);
  await page.goto(`${base}/login`, { waitUntil: 'commit' });
  await page.locator('input#email:enabled').waitFor({ timeout: 120_000 });
  const usable = await page.evaluate(() => performance.now());
  const fcp = await page.evaluate(() =>
    performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  // Whatever the page still fetches once the form is there counts too.
  await page.waitForLoadState('networkidle');
  return { fcp, usable, context, page, bytes };
}

async function walk(browser, base, profile) {
  const { context, page, bytes } = await signInPage(browser, base, profile);
  const pages = [];
  let before = bytes();
  await page.fill('input#email', EMPLOYEE.email);
  await page.fill('input#password', DEMO_PASSWORD);
  let start = Date.now();
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('main#main h1').first().waitFor({ timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  pages.push({ path: '/ (after signing in)', ms: Date.now() - start, bytes: bytes() - before });
  for (const path of WALK.slice(1)) {
    before = bytes();
    start = Date.now();
    // In the app, as a click on a link: the router fetches the page's part.
    await page.evaluate((to) => {
      const link = document.createElement('a');
      link.href = to;
      document.querySelector('main#main').append(link);
      link.click();
      link.remove();
    }, path);
    await page.waitForURL((url) => url.pathname === path);
    await page.locator('main#main h1').first().waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    pages.push({ path, ms: Date.now() - start, bytes: bytes() - before });
  }
  await context.close();
  return pages;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

// The startup line names the address, so it stays in the log.
const server = await startServer({ MUS_LOG: 'warn,mus_server::startup=info' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  console.log(`Encoding asked for: ${ENCODING}; ${RUNS} runs per profile, cold cache, median.\n`);
  console.log('| profile | first contentful paint | sign-in form usable | sign-in page bytes |');
  console.log('|---|---|---|---|');
  const walks = [];
  for (const profile of PROFILES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { fcp, usable, bytes, context } = await signInPage(browser, server.url, profile);
      runs.push({ fcp, usable, bytes: bytes() });
      await context.close();
    }
    const m = (key) => median(runs.map((r) => r[key]));
    console.log(`| ${profile.name} | ${s(m('fcp'))} | ${s(m('usable'))} | ${kb(m('bytes'))} |`);
    walks.push([profile, await walk(browser, server.url, profile)]);
  }
  console.log('\nAn employee after signing in (one walk per profile; time to the page\'s heading, bytes it fetched):\n');
  console.log(`| page | ${PROFILES.map((p) => p.name).join(' | ')} |`);
  console.log(`|---|${PROFILES.map(() => '---').join('|')}|`);
  for (let i = 0; i < WALK.length; i++) {
    const cells = walks.map(([, pages]) => `${s(pages[i].ms)}, ${kb(pages[i].bytes)}`);
    console.log(`| ${walks[0][1][i].path} | ${cells.join(' | ')} |`);
  }
  const journey = walks[0][1].reduce((sum, p) => sum + p.bytes, 0);
  console.log(`\nThe employee's walk fetched ${kb(journey)} after the sign-in page (loopback).`);
} finally {
  await browser.close();
  await server.stop();
}
