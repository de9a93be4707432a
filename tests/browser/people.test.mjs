// HR's people page in the browser: the organisation listed and searched,
// a person moved to another manager, the CSV import refusing a bad line by
// number and then importing, a department created. Others find no page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEMO_PASSWORD, startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, HR, MANAGER, api, login } from './api.mjs';
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

test('HR lists, edits, imports and adds departments', async () => {
  const { page, context, problems } = await signedIn(browser, server.url, HR.email, '/admin/people', { expected: /status of (401|404|409|422)/ });
  const rows = page.locator('[data-testid=user-row]');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 30, 'the demo organisation');
  // Names in Danish order: Æ, Ø and Å after Z.
  const names = await rows.locator('th').allTextContents();
  assert.equal(names[0], 'Anne Sørensen');
  assert.deepEqual(names.slice(-2), ['Øjvind Krogh', 'Åse Damgaard']);
  await assertAccessible(page, 'people');
  await page.screenshot({ path: join(screenshots, 'people-da.png'), fullPage: false });

  await page.fill('#people-search', 'anne.soer');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=user-row]').length === 1);

  // Anne moves to another nearest manager.
  const anne = rows.filter({ hasText: EMPLOYEE.name });
  await anne.getByRole('button', { name: 'Ret' }).click();
  await anne.locator('select[id^=edit-manager]').selectOption({ label: 'Jens Ærø Lund' });
  await anne.getByRole('button', { name: 'Gem' }).click();
  await rows.filter({ hasText: 'Jens Ærø Lund' }).waitFor();
  const hr = await login(server.url, HR.email);
  const listed = await api(server.url, hr, 'GET', 'users?limit=100');
  const moved = listed.body.items.find((u) => u.email === EMPLOYEE.email);
  assert.equal(moved.manager.name, 'Jens Ærø Lund');

  // The import: a bad line is named and nothing changes; then it goes in.
  const csv = [
    'email,name,department,manager_email,role',
    `ida.holm@solbakke.example,Ida Holm,Borgerservice,${MANAGER.email},employee`,
    'ikke-en-adresse,Ole Bang,Borgerservice,,employee',
  ].join('\n');
  await page.fill('#import-csv', csv);
  await page.click('[data-testid=import] button[type=submit]');
  const refusal = page.locator('[data-testid=import-errors]');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Linje 3, email/);
  let count = (await api(server.url, hr, 'GET', 'users?limit=100')).body.items.length;
  assert.equal(count, 30, 'a refused import changes nothing');
  await page.fill('#import-csv', csv.replace('ikke-en-adresse', 'ole.bang@solbakke.example'));
  await page.click('[data-testid=import] button[type=submit]');
  await page.locator('[data-testid=import-result]').waitFor();
  assert.match(await page.locator('[data-testid=import-result]').textContent(), /2 nye/);
  count = (await api(server.url, hr, 'GET', 'users?limit=100')).body.items.length;
  assert.equal(count, 32);

  // A person added with an e-mail already in use: the e-mail field says so,
  // in Danish, the focus is on it, and no one is added.
  await page.fill('#new-name', 'Anne Sørensen');
  await page.fill('#new-email', EMPLOYEE.email);
  await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
  const taken = page.locator('[data-testid=new-email-error]');
  await taken.waitFor();
  assert.match(await taken.textContent(), /Der findes allerede en person med denne e-mailadresse/);
  assert.equal(await page.locator('#new-email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#new-email').getAttribute('aria-describedby'), 'new-email-error');
  await page.waitForFunction(() => document.activeElement?.id === 'new-email');
  assert.equal(await page.locator('#new-name').getAttribute('aria-invalid'), 'false');
  count = (await api(server.url, hr, 'GET', 'users?limit=100')).body.items.length;
  assert.equal(count, 32, 'a refused person is not added');
  // Not an address at all: named as such, next to the field.
  await page.fill('#new-email', 'anne-at-solbakke');
  await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
  await page.locator('[data-testid=new-email-error]', { hasText: 'Skriv en gyldig e-mailadresse' }).waitFor();
  await page.screenshot({ path: join(screenshots, 'people-email-taken-da.png'), fullPage: false });
  // A person added: the page is drawn anew, says so, and the form is ready
  // for the next one.
  await page.fill('#new-name', 'Ida Nørgaard');
  await page.fill('#new-email', 'ida.noergaard@solbakke.example');
  await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
  await rows.filter({ hasText: 'Ida Nørgaard' }).first().waitFor({ state: 'attached' });
  await page.waitForFunction(
    () => document.querySelector('[data-testid=announcer]').textContent === 'Ida Nørgaard er tilføjet.',
  );
  await page.waitForFunction(() => document.activeElement?.id === 'new-name');
  assert.equal(await page.inputValue('#new-name'), '');

  await page.fill('#new-department-name', 'Kultur og Fritid');
  await page.getByRole('button', { name: 'Opret afdeling' }).click();
  await page.locator('[data-testid=department-row]', { hasText: 'Kultur og Fritid' }).waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test('a manager finds no people page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/admin/people');
  await page.waitForURL(/\/login/);
  await page.fill('input#email', MANAGER.email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('#failed-heading').waitFor();
  assert.match(await page.locator('#failed-heading').textContent(), /findes ikke/);
  await context.close();
});
