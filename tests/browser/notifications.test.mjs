// What MUS tells people, seen as they see it: the bell in the header with
// the unread count, the list, the choice of e-mails (kept after a reload),
// HR's view of delivery, and the mails themselves, opened in Chromium as a
// mail program shows their HTML part (Danish and English screenshots).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, HR, MANAGER, addDays, api, danishToday, login, openRound, ownConversation } from './api.mjs';
import { assertAccessible } from './axe.mjs';
import { partOf, startMailbox } from './mailbox.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

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

test('the bell counts what is unread, the list leads there, and the choice of e-mails is kept', async () => {
  await openRound(server.url);
  const roundMail = await mail.rawFor(EMPLOYEE.email, 1);

  const { page, context } = await signedIn(browser, server.url, EMPLOYEE.email, '/');
  const count = page.locator('[data-testid=bell-count]');
  await count.waitFor();
  assert.equal(await count.textContent(), '1');
  assert.match(await page.getAttribute('[data-testid=bell]', 'aria-label'), /Notifikationer, 1 ulæste/);

  await page.click('[data-testid=bell]');
  await page.waitForURL('**/notifications');
  const item = page.locator('[data-testid=notification]').first();
  await item.waitFor();
  assert.match(await item.textContent(), /Forbered din MUS/);
  await assertAccessible(page, 'notifications');
  await page.screenshot({ path: join(screenshots, 'notifications-da.png'), fullPage: true });

  // Mark all read: the bell's count goes.
  await page.click('[data-testid=mark-all-read]');
  await count.waitFor({ state: 'detached' });

  // No more weekly agreement mails, and mail in English; kept after a reload.
  await page.uncheck('[data-testid=mail-agreements_overdue]');
  await page.selectOption('[data-testid=mail-language]', 'en');
  await page.click('[data-testid=save-mail-settings]');
  await page.locator('[data-testid=mail-settings-saved]').waitFor();
  await page.reload();
  await page.locator('[data-testid=mail-settings]').waitFor();
  assert.equal(await page.isChecked('[data-testid=mail-agreements_overdue]'), false);
  assert.equal(await page.isChecked('[data-testid=mail-round_opened]'), true);
  assert.equal(await page.inputValue('[data-testid=mail-language]'), 'en');

  // The item leads to the preparation.
  await page.locator('[data-testid=notification] a').first().click();
  await page.waitForURL('**/preparation');
  await context.close();

  // The meeting, set by Mette, reaches Anne as an invitation in English.
  const { conversation } = await ownConversation(server.url, EMPLOYEE.email);
  const mette = await login(server.url, MANAGER.email);
  const day = addDays(danishToday(), 2);
  const set = await api(server.url, mette, 'PUT', `conversations/${conversation.id}/meeting`, {
    starts_at: `${day}T09:00:00Z`,
    minutes: 60,
    location: 'Mødelokale 2',
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const invitation = await mail.rawFor(EMPLOYEE.email, 2);
  assert.match(partOf(invitation, 'text/calendar'), /METHOD:REQUEST/);

  // Both mails as a mail program shows them.
  const mailPage = await browser.newPage({ viewport: { width: 720, height: 720 } });
  for (const [raw, name, lang] of [
    [roundMail, 'mail-round-opened-da.png', 'da'],
    [invitation, 'mail-meeting-en.png', 'en'],
  ]) {
    const html = partOf(raw, 'text/html');
    assert.ok(html, 'an HTML part');
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    await mailPage.setContent(html);
    const link = mailPage.locator('a').first();
    assert.match(await link.getAttribute('href'), new RegExp(`^${server.url}/conversations/`));
    await mailPage.screenshot({ path: join(screenshots, name), fullPage: true });
  }
  await mailPage.close();
});

test('the manager cancels the meeting: both get the cancellation, and a new time can be set', async () => {
  const { conversation } = await ownConversation(server.url, EMPLOYEE.email);
  const { page, context, problems } = await signedIn(browser, server.url, MANAGER.email, `/conversations/${conversation.id}/meeting`);
  await page.click('[data-testid=cancel-meeting]');
  await page.click('[data-testid=cancel-meeting-confirm]');
  await page.locator('[data-testid=meeting-form]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'meeting-date');
  assert.match(await page.locator("[data-testid=meeting-summary]").textContent(), /Mødet er ikke planlagt endnu/);
  const cancelled = await mail.rawFor(EMPLOYEE.email, 3);
  const ics = partOf(cancelled, 'text/calendar');
  assert.match(ics, /METHOD:CANCEL/);
  assert.match(ics, /SEQUENCE:1/);
  assert.match(ics, new RegExp(`UID:${conversation.id}@mus`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('HR sees how mail is delivered, without recipients or content', async () => {
  const { page, context } = await signedIn(browser, server.url, HR.email, '/notifications');
  const table = page.locator('[data-testid=delivery-table]');
  await table.waitFor();
  const text = await table.textContent();
  assert.match(text, /En runde åbner/);
  assert.doesNotMatch(text, /@solbakke\.example/);
  await page.locator('[data-testid=no-dead-letters]').waitFor();
  await assertAccessible(page, 'delivery');
  await page.screenshot({ path: join(screenshots, 'notifications-hr-delivery.png'), fullPage: true });
  await context.close();
});
