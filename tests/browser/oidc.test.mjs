// Signing in through the organisation: the sign-in page offers the
// organisation's button above the password form, and the button goes
// through the provider's real login form and back, signed in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { assertAccessible } from './axe.mjs';
import { launchChromium } from './browser.mjs';
import { startProvider, startServer } from './server.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const EMPLOYEE = { email: 'anne.soerensen@solbakke.example', name: 'Anne Sørensen' };

let provider;
let server;
let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  provider = await startProvider();
  server = await startServer(provider.env);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The provider's own pages are not under test (its login page asks for
    // web fonts this machine cannot reach).
    const onMus = page.url().startsWith(server.url);
    if (onMus && message.type() === 'error' && !/status of 401/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return { page, context, problems };
}

/// The provider's own login form: any login name, any password.
async function signInAtProvider(page, login) {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
}

test('the organisation\'s button signs a person in through the provider and back to where they were going', async () => {
  const { page, context, problems } = await newPage();

  await page.goto(server.url + '/?from=sso');
  await page.waitForURL(/\/login\?next=/);
  const button = page.locator('[data-testid=sso-login]');
  await button.waitFor();
  assert.equal((await button.textContent()).trim(), 'Log ind med Solbakke Kommune');
  // The password form is there too, below "eller".
  await page.locator('input#email').waitFor();
  assert.match(await page.locator('.sign-in-divider').textContent(), /eller/);
  await page.screenshot({ path: join(screenshots, 'sign-in-choice-da.png') });
  await assertAccessible(page, 'sign-in with the organisation\'s button');

  await button.click();
  await signInAtProvider(page, EMPLOYEE.email);

  const name = page.locator('[data-testid=me-name]');
  await name.waitFor();
  assert.match(await name.textContent(), new RegExp(EMPLOYEE.name));
  assert.equal(new URL(page.url()).origin, server.url);
  assert.match(page.url(), /\/\?from=sso$/);
  // A reload keeps the session, as after a password sign-in.
  await page.reload();
  await name.waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('someone HR has not added is told so on the sign-in page', async () => {
  const { page, context } = await newPage();

  await page.goto(server.url + '/login');
  await page.locator('[data-testid=sso-login]').click();
  await signInAtProvider(page, 'ukendt@solbakke.example');

  await page.waitForURL(/\/login\?sso_error=unknown_person/);
  const alert = page.locator('[data-testid=sso-error]');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal((await alert.textContent()).trim(), 'Du er ikke oprettet i MUS. Kontakt HR.');
  await assertAccessible(page, 'sign-in refused by the organisation');
  await context.close();
});
