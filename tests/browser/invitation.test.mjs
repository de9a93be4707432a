// A person gets in only through their own mailbox: HR adds someone and
// sends an invitation from the people page, the mail reaches a real SMTP
// server, and the link lets the person choose a password and land signed
// in; the same link then refuses. "Forgot password" does the same for
// someone who has one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEMO_PASSWORD, startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, HR } from './api.mjs';
import { assertAccessible } from './axe.mjs';
import { linkIn, startMailbox } from './mailbox.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const CHOSEN = 'en sætning kun jeg kender';

let server;
let browser;
let mail;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  mail = await startMailbox();
  server = await startServer({ MUS_SMTP_URL: mail.url });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (401|410)/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return { context, page, problems };
}

test('HR invites a new person, who chooses their own password and is signed in', async () => {
  const hr = await signedIn(browser, server.url, HR.email, '/admin/people');
  await hr.page.locator('[data-testid=user-row]').first().waitFor();
  await hr.page.fill('#new-name', 'Karla Winther');
  await hr.page.fill('#new-email', 'karla.winther@solbakke.example');
  assert.ok(await hr.page.isChecked('#new-invite'), 'inviting is the default');
  await hr.page.click('[data-testid=new-person] button[type=submit]');
  await hr.page.locator('[data-testid=user-row]', { hasText: 'Karla Winther' }).waitFor();

  const body = await mail.waitFor('karla.winther@solbakke.example');
  const link = linkIn(body, '/set-password?welcome=1#');
  assert.ok(link?.startsWith(server.url), body);
  // What HR's browser ever received carries no link.
  assert.ok(!(await hr.page.content()).includes(link.split('#')[1]));
  assert.deepEqual(hr.problems, []);
  await hr.context.close();

  const { context, page, problems } = await freshPage();
  await page.goto(link);
  await page.locator('[data-testid=set-password]').waitFor();
  assert.match(await page.locator('h1').textContent(), /Velkommen til MUS/);
  // The secret leaves the address bar at once.
  assert.equal(new URL(page.url()).hash, '');
  await assertAccessible(page, 'set password');
  await page.screenshot({ path: join(screenshots, 'set-password-da.png') });

  await page.fill('#set-password-new', 'kort');
  await page.fill('#set-password-repeat', 'kort');
  await page.click('[data-testid=set-password] button[type=submit]');
  await page.locator('#set-password-error').waitFor();
  await page.fill('#set-password-new', CHOSEN);
  await page.fill('#set-password-repeat', CHOSEN);
  await page.click('[data-testid=set-password] button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('text=Karla Winther').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();

  // The link has done its work.
  const again = await freshPage();
  await again.page.goto(link);
  await again.page.locator('[data-testid=set-password]').waitFor();
  await again.page.fill('#set-password-new', CHOSEN);
  await again.page.fill('#set-password-repeat', CHOSEN);
  await again.page.click('[data-testid=set-password] button[type=submit]');
  const refused = again.page.locator('[data-testid=link-error]');
  await refused.waitFor();
  assert.match(await refused.textContent(), /brugt/);
  assert.ok(await refused.locator('a[href="/forgot-password"]').isVisible());
  await again.context.close();
});

test('a forgotten password is replaced through a link in the mail', async () => {
  const { context, page, problems } = await freshPage();
  await page.goto(`${server.url}/login`);
  await page.click('[data-testid=forgot-password]');
  await page.waitForURL(/\/forgot-password/);
  await page.fill('#reset-email', EMPLOYEE.email);
  await page.click('button[type=submit]');
  await page.locator('[data-testid=reset-sent]').waitFor();
  await assertAccessible(page, 'forgot password');

  const link = linkIn(await mail.waitFor(EMPLOYEE.email), '/set-password#');
  await page.goto(link);
  await page.locator('[data-testid=set-password]').waitFor();
  assert.match(await page.locator('h1').textContent(), /Vælg en ny adgangskode/);
  await page.fill('#set-password-new', CHOSEN);
  await page.fill('#set-password-repeat', CHOSEN);
  await page.click('[data-testid=set-password] button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/');
  assert.deepEqual(problems, []);
  await context.close();

  // The old password no longer opens anything.
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMPLOYEE.email, password: DEMO_PASSWORD }),
  });
  assert.equal(response.status, 401);
});
