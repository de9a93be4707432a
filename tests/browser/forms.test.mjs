// HR's form editor in the browser: copy a shipped form, change it, see a
// refused field named in words, save, and find the change through the API.
// Anyone else finds no forms page at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEMO_PASSWORD, startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, HR, api, login } from './api.mjs';
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

test('HR copies a form, adds a choice question and saves it', async () => {
  const { page, context, problems } = await signedIn(browser, server.url, HR.email, '/admin/forms', { expected: /status of (401|404|422)/ });
  const rows = page.locator('[data-testid=form-row]');
  await rows.first().waitFor();
  assert.ok((await rows.count()) >= 4, 'the shipped forms in Danish and English');
  await assertAccessible(page, 'forms');

  const classic = rows.filter({ hasText: 'Klassisk' }).first();
  await classic.getByRole('button', { name: 'Kopiér' }).click();
  await page.waitForURL(/\/admin\/forms\/[0-9a-f-]+$/);
  const editor = page.locator('[data-testid=form-editor]');
  await editor.waitFor();
  await page.fill('#form-name', 'Borgerservice 2027');

  const section = editor.locator('[data-testid=form-section]').first();
  await section.locator('[data-testid=add-question]').click();
  const question = section.locator('[data-testid=form-question]').last();
  // The new question's text field has the focus, ready to be written.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'question-prompt');
  assert.equal(
    await question.locator('[data-testid=question-prompt]').evaluate((el) => el === document.activeElement),
    true,
    'the new question, not another, has the focus',
  );
  await question.locator('[data-testid=question-prompt]').fill('Hvilke kurser ønsker du?');
  await question.locator('[data-testid=question-kind]').selectOption('multiple_choice');
  await question.locator('[data-testid=question-options]').fill('Sagsbehandling');
  await page.click('[data-testid=save-form]');
  const refusal = page.locator('[data-testid=form-error]');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Afsnit 1, spørgsmål \d+: Valgmuligheder/);

  await question.locator('[data-testid=question-options]').fill('Sagsbehandling\nKommunikation\nLedelse');
  await page.click('[data-testid=save-form]');
  await page.locator('[data-testid=form-saved]').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, 'form-editor-da.png'), fullPage: false });
  await assertAccessible(page, 'form editor');

  const id = page.url().split('/').pop();
  const token = await login(server.url, HR.email);
  const form = await api(server.url, token, 'GET', `templates/${id}`);
  assert.equal(form.body.name, 'Borgerservice 2027');
  const added = form.body.sections[0].questions.at(-1);
  assert.equal(added.prompt, 'Hvilke kurser ønsker du?');
  assert.equal(added.kind, 'multiple_choice');
  assert.deepEqual(added.options, ['Sagsbehandling', 'Kommunikation', 'Ledelse']);

  assert.deepEqual(problems, []);
  await context.close();
});

test('an employee finds no forms page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/admin/forms');
  await page.waitForURL(/\/login/);
  await page.fill('input#email', EMPLOYEE.email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('#failed-heading').waitFor();
  assert.match(await page.locator('#failed-heading').textContent(), /findes ikke/);
  await context.close();
});
