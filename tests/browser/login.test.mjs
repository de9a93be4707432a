// Signing in, switching language and signing out, in headless Chromium
// against the real server and the built web app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { assertAccessible } from './axe.mjs';
import { CHROMIUM_ARGS, DEMO_PASSWORD, startServer } from './server.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const EMPLOYEE = { email: 'anne.soerensen@solbakke.example', name: 'Anne Sørensen' };

let server;
let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  // playwright-core starts Chromium with a fresh temporary profile, and
  // every context below is a fresh, isolated one on top of it.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(width = 1280, height = 800) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 401/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return { page, context, problems };
}

async function signIn(page, email, password) {
  await page.goto(server.url + '/');
  await page.waitForURL(/\/login/);
  await page.fill('input#email', email);
  await page.fill('input#password', password);
  await page.click('button[type=submit]');
}

test('an employee signs in, sees their name in Danish, switches to English and signs out', async () => {
  const { page, context, problems } = await newPage();

  await signIn(page, EMPLOYEE.email, DEMO_PASSWORD);

  const name = page.locator('[data-testid=me-name]');
  await name.waitFor();
  assert.match(await name.textContent(), /Anne Sørensen/);
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  assert.match(await page.locator('[data-testid=me-role]').textContent(), /Medarbejder/);
  assert.match(await page.locator('body').textContent(), /Søren Østergaard|Mette Kjærgaard/);
  await page.screenshot({ path: join(screenshots, 'home-da.png'), fullPage: true });

  await page.click('[data-testid=lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.locator('[data-testid=me-role]').textContent(), /Employee/);
  assert.match(await page.locator('[data-testid=lang-switch]').textContent(), /Dansk/);
  await page.screenshot({ path: join(screenshots, 'home-en.png'), fullPage: true });
  await assertAccessible(page, 'home (English)');

  // A reload keeps the session (refresh cookie) and the chosen language.
  await page.reload();
  await name.waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await name.textContent(), /Anne Sørensen/);

  await page.click('button[data-testid=logout]');
  await page.waitForURL(/\/login/);
  await page.locator('input#email').waitFor();

  // Signed out for real: a reload does not bring the session back.
  await page.goto(server.url + '/');
  await page.waitForURL(/\/login/);
  await page.locator('input#email').waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong password is refused with a message, in Danish', async () => {
  const { page, context } = await newPage();

  await signIn(page, EMPLOYEE.email, 'forkert-kodeord');

  const alert = page.locator('[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /adgangskode/i);
  assert.match(page.url(), /\/login/);
  // The password field is ready to be typed again, the message tied to it.
  await page.waitForFunction(() => document.activeElement?.id === 'password');
  assert.equal(await page.getAttribute('#password', 'aria-describedby'), 'login-error');
  await page.screenshot({ path: join(screenshots, 'login-error-da.png') });
  await assertAccessible(page, 'login (error)');
  await context.close();
});

test('the login page works on a phone', async () => {
  const { page, context, problems } = await newPage(375, 740);

  await page.goto(server.url + '/login');
  await page.locator('input#email').waitFor();
  await page.screenshot({ path: join(screenshots, 'login-phone-da.png'), fullPage: true });
  await assertAccessible(page, 'login (phone)');

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await signIn(page, 'kirsten.bjoernholm@solbakke.example', DEMO_PASSWORD);
  await page.locator('[data-testid=me-name]').waitFor();
  assert.match(await page.locator('[data-testid=me-role]').textContent(), /Leder/);
  await page.screenshot({ path: join(screenshots, 'home-phone-da.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deep link survives signing in', async () => {
  const { page, context } = await newPage();

  await page.goto(server.url + '/?from=deep-link');
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input#email', EMPLOYEE.email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('[data-testid=me-name]').waitFor();

  assert.match(page.url(), /\/\?from=deep-link$/);
  await context.close();
});
