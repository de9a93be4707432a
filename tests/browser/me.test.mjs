// What concerns the person themself: the access log shows who read their
// information, the export downloads everything as JSON, and a personal API
// token is shown once, works, and stops working when revoked; a password
// change ends the other sessions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEMO_PASSWORD, startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, MANAGER, api, login } from './api.mjs';
import { assertAccessible } from './axe.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

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

test('the employee sees who read their details and downloads their data', async () => {
  // The manager looks the employee up, which is a read of personal details.
  const manager = await login(server.url, MANAGER.email);
  const employee = await login(server.url, EMPLOYEE.email);
  const me = (await api(server.url, employee, 'GET', 'me')).body;
  assert.equal((await api(server.url, manager, 'GET', `users/${me.id}`)).status, 200);

  // One's own data is behind one's name in the bar.
  const { page, context, problems } = await signedIn(browser, server.url, EMPLOYEE.email, '/');
  await page.click('[data-testid=signed-in]');
  await page.waitForURL(/\/me\/data$/);
  const row = page.locator('[data-testid=access-log-row]', { hasText: MANAGER.name });
  await row.first().waitFor();
  assert.match(await row.first().textContent(), /Læste personoplysninger/);
  await assertAccessible(page, 'my data');
  await page.screenshot({ path: join(screenshots, 'my-data-da.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.me.email, EMPLOYEE.email);
  assert.ok(Array.isArray(exported.conversations));
  // And from there, the API tokens.
  await page.click('[data-testid=tokens-link]');
  await page.waitForURL(/\/settings\/tokens$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a personal API token is shown once, works, and is revoked', async () => {
  const { page, context, problems } = await signedIn(browser, server.url, MANAGER.email, '/settings/tokens', { width: 375, height: 740 });
  await page.locator('[data-testid=create-token]').waitFor();
  await page.fill('#token-name', 'Lønsystemet');
  await page.click('[data-testid=create-token] button[type=submit]');
  const secret = (await page.locator('[data-testid=token-secret]').textContent()).trim();
  assert.match(secret, /^mus_pat_/);
  // Shown once, it takes the focus so that it is read out.
  await page.waitForFunction(() => document.activeElement?.id === 'secret-heading');
  const row = page.locator('[data-testid=token-row]', { hasText: 'Lønsystemet' });
  await row.waitFor();
  assert.match(await row.textContent(), /Kun læse/);
  await assertAccessible(page, 'API tokens');
  await page.screenshot({ path: join(screenshots, 'tokens-phone-da.png'), fullPage: true });

  assert.equal((await api(server.url, secret, 'GET', 'me')).status, 200, 'the token works');
  // The confirmation takes the focus and Escape closes it, back to its button.
  await row.getByRole('button', { name: 'Tilbagekald', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'revoke-confirm');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.textContent.trim() === 'Tilbagekald');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'revoke-confirm');
  await page.keyboard.press('Enter');
  await row.waitFor({ state: 'detached' });
  // The row is gone: the list's heading has the focus, and it was said.
  await page.waitForFunction(() => document.activeElement?.id === 'tokens-heading');
  await page.waitForFunction(() => document.querySelector('[data-testid=announcer]').textContent === 'Nøglen er tilbagekaldt.');
  assert.equal((await api(server.url, secret, 'GET', 'me')).status, 401, 'a revoked token does not');

  // After a reload the secret is gone for good.
  await page.reload();
  await page.locator('[data-testid=create-token]').waitFor();
  assert.equal(await page.locator('[data-testid=token-secret]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a person changes their password and their other sessions end', async () => {
  const email = 'camilla.broendum@solbakke.example';
  const { page, context, problems } = await signedIn(browser, server.url, email, '/me/data', { expected: /status of (401|422)/ });
  const other = await api(server.url, null, 'POST', 'auth/login', { email, password: DEMO_PASSWORD });
  assert.equal(other.status, 200);
  const form = page.locator('[data-testid=change-password]');
  await form.waitFor();

  // Two new passwords that differ are caught before anything is sent...
  await page.fill('#password-current', DEMO_PASSWORD);
  await page.fill('#password-new', 'en ny og længere sætning');
  await page.fill('#password-repeat', 'en ny og længere sætnin');
  await form.locator('button[type=submit]').click();
  assert.match(await page.locator('[data-testid=password-error]').textContent(), /ikke ens/);
  // ...a wrong current password is refused by the server...
  await page.fill('#password-current', 'ikke-mit-kodeord');
  await page.fill('#password-repeat', 'en ny og længere sætning');
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=password-error]', { hasText: 'nuværende adgangskode er ikke rigtig' }).waitFor();
  // ...and the right one changes it.
  await page.fill('#password-current', DEMO_PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=password-changed]').waitFor();
  assert.equal(await page.inputValue('#password-current'), '', 'the fields are emptied');
  await assertAccessible(page, 'change password');

  // The other device is signed out; this one carries on, after a reload too.
  const refreshed = await api(server.url, null, 'POST', 'auth/refresh', { refresh_token: other.body.refresh_token });
  assert.equal(refreshed.status, 401);
  await page.reload();
  await form.waitFor();
  const withNew = await api(server.url, null, 'POST', 'auth/login', { email, password: 'en ny og længere sætning' });
  assert.equal(withNew.status, 200);
  assert.deepEqual(problems, []);
  await context.close();
});
