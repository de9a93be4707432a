// Preparing, sharing, scheduling and holding the meeting in the browser,
// against the real server with the demo organisation. HR opens the round
// through the API; everything else happens in the web app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { assertAccessible } from './axe.mjs';
import { CHROMIUM_ARGS, DEMO_PASSWORD, startServer } from './server.mjs';
import { EMPLOYEE, HR, MANAGER, ROUND, addDays, api, danishToday, login, openRound, ownConversation, spelled } from './api.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

// Requests that fail on purpose in these tests (offline, a stale version)
// are reported by Chromium on the console; they are not the app's errors.
const EXPECTED_CONSOLE = [
  /Failed to load resource: the server responded with a status of 401/,
  /Failed to load resource: the server responded with a status of 409/,
  /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/,
];

let server;
let browser;
let round;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  round = await openRound(server.url);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(width = 1280, height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_CONSOLE.some((re) => re.test(message.text()))) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return { page, context, problems };
}

async function signIn(page, email, path = '/') {
  await page.goto(server.url + path);
  await page.waitForURL(/\/login/);
  await page.fill('input#email', email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
}

const visibleSection = '[data-testid=form-section]:not([hidden])';

/// The save state as the card beside the form shows it. (On a phone the
/// card's line is hidden in favour of the bar's, which says the same.)
async function waitForSaveState(page, state, timeout = 15_000) {
  await page.locator(`[data-testid=save-state][data-state=${state}]`).waitFor({ state: 'attached', timeout });
}

async function noHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
}

test('the employee prepares, survives a reload mid-typing and going offline, and shares', async () => {
  const { page, context, problems } = await newPage();
  const { token, conversation } = await ownConversation(server.url, EMPLOYEE.email);

  await signIn(page, EMPLOYEE.email);
  const own = page.locator('[data-testid=own-conversations] [data-testid=conversation]');
  await own.waitFor();
  assert.ok((await own.textContent()).includes(ROUND.name), 'the round is named');
  assert.match(await own.locator('[data-testid=status]').textContent(), /Ikke begyndt/);
  const next = own.locator('[data-testid=next-step]');
  assert.equal((await next.textContent()).trim(), 'Forbered din samtale');
  await page.screenshot({ path: join(screenshots, 'home-employee-da.png'), fullPage: true });
  await assertAccessible(page, 'home (employee, before)');

  await next.click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]+\/preparation$/);
  const first = page.locator(`${visibleSection} textarea`).first();
  await first.waitFor();
  assert.match(await page.locator('[data-testid=progress-text]').textContent(), /0 af \d+ besvaret/);
  // Only the employee's own questions: feedback to the manager is one of them.
  assert.match(await page.locator('.steps').textContent(), /Feedback til lederen/);
  // What is open in her development plan (the demo's goals) feeds the
  // conversation; what is done is not shown.
  const plan = page.locator('[data-testid=plan-prep]');
  await plan.waitFor();
  const planText = await plan.textContent();
  assert.match(planText, /Kursus i konflikthåndtering/);
  assert.match(planText, /Superbruger på det nye sagssystem/);
  assert.doesNotMatch(planText, /Diplommodul/, 'a goal done is not open');
  assert.equal(await plan.locator('a[href="/plan"]').count(), 1);

  // Typing, then a reload before the pause that would send it.
  const text = 'Vi fik det nye sagssystem i drift, og borgerne venter kortere.';
  await first.click();
  await page.keyboard.type(text, { delay: 5 });
  await page.reload();
  await first.waitFor();
  assert.equal(await first.inputValue(), text, 'the text typed before the reload is back');
  await waitForSaveState(page, 'saved');
  let server_copy = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  assert.equal(server_copy.body.answers.previous_agreements, text);

  // Offline: the text stays in the browser and goes to the server later.
  await context.setOffline(true);
  const second = page.locator(`${visibleSection} textarea`).nth(1);
  await second.fill('Borgerservice fik ros i brugerundersøgelsen.');
  await waitForSaveState(page, 'offline');
  assert.match(await page.locator('[data-testid=save-state]').textContent(), /Ingen forbindelse/);
  await page.screenshot({ path: join(screenshots, 'preparation-offline-da.png'), fullPage: true });
  await assertAccessible(page, 'preparation (offline)');
  await context.setOffline(false);
  await waitForSaveState(page, 'saved', 40_000);
  server_copy = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  assert.equal(server_copy.body.answers.year_highlights, 'Borgerservice fik ros i brugerundersøgelsen.');

  // A scale and a multiple choice, further on in the form.
  await page.locator('.steps button', { hasText: 'Trivsel og motivation' }).click();
  await page.locator(`${visibleSection} .scale-point label`, { hasText: '4' }).click();
  await page.locator('.steps button', { hasText: 'Ønsker om forandring' }).click();
  await page.locator(`${visibleSection} .choice label`).first().click();
  await waitForSaveState(page, 'saved');
  server_copy = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  assert.equal(server_copy.body.answers.wellbeing_scale, 4);
  assert.equal(server_copy.body.answers.change_wishes.length, 1);
  assert.match(await page.locator('[data-testid=progress-text]').textContent(), /4 af \d+ besvaret/);

  // Sharing says who sees what, and asks before it happens.
  const card = page.locator('[data-testid=share-card]');
  assert.match(await card.textContent(), /Kun du kan se din forberedelse/);
  assert.match(await card.textContent(), /Mette Kjærgaard kan læse dine svar/);
  await page.locator('.steps button').first().click();
  await page.screenshot({ path: join(screenshots, 'preparation-desktop-da.png'), fullPage: true });
  await page.click('[data-testid=share]');
  // The confirmation says how much is still unanswered.
  const total = Number((await page.locator('[data-testid=progress-text]').textContent()).match(/af (\d+)/)[1]);
  assert.equal(
    (await page.locator('[data-testid=share-unanswered]').textContent()).trim(),
    `${total - 4} af ${total} spørgsmål er ikke besvaret. Du kan dele alligevel, og du kan skrive videre bagefter.`,
  );
  await page.screenshot({ path: join(screenshots, 'preparation-share-confirm-da.png'), fullPage: true });
  await assertAccessible(page, 'preparation (share confirmation)');
  await page.click('[data-testid=share-confirm]');
  await page.locator('[data-testid=shared-notice]').waitFor();
  assert.match(await page.locator('[data-testid=shared-notice]').textContent(), /Delt med Mette Kjærgaard den/);
  server_copy = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  assert.ok(server_copy.body.shared_at, 'the server has it shared');

  assert.deepEqual(problems, []);
  await context.close();
});

test('a save over a newer version shows both texts and keeps the one chosen', async () => {
  const { page, context, problems } = await newPage();
  const email = 'bjoern.ravn@solbakke.example';
  const { token, conversation } = await ownConversation(server.url, email);

  await signIn(page, email, `/conversations/${conversation.id}/preparation`);
  const first = page.locator(`${visibleSection} textarea`).first();
  await first.waitFor();
  await first.fill('Skrevet på computeren.');
  await waitForSaveState(page, 'saved');

  // Meanwhile, on another device, the same preparation is saved.
  const now = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  const other = await api(server.url, token, 'PUT', `conversations/${conversation.id}/preparations/employee`, {
    version: now.body.version,
    answers: { previous_agreements: 'Skrevet på telefonen.' },
  });
  assert.equal(other.status, 200);

  await first.fill('Skrevet på computeren, og rettet.');
  const conflict = page.locator('[data-testid=conflict]');
  await conflict.waitFor();
  assert.match(await conflict.locator('[data-testid=conflict-mine]').first().textContent(), /rettet/);
  assert.match(await conflict.locator('[data-testid=conflict-theirs]').first().textContent(), /telefonen/);
  await waitForSaveState(page, 'conflict');
  await page.screenshot({ path: join(screenshots, 'preparation-conflict-da.png'), fullPage: true });
  await assertAccessible(page, 'preparation (conflict)');

  await page.click('[data-testid=keep-mine]');
  await waitForSaveState(page, 'saved');
  await conflict.waitFor({ state: 'detached' });
  const saved = await api(server.url, token, 'GET', `conversations/${conversation.id}/preparations/employee`);
  assert.equal(saved.body.answers.previous_agreements, 'Skrevet på computeren, og rettet.');

  assert.deepEqual(problems, []);
  await context.close();
});

test('an answer over the limit is refused alone, named next to it, and kept', async () => {
  const { page, context, problems } = await newPage();
  const email = 'dorthe.faester@solbakke.example';
  const { token, conversation } = await ownConversation(server.url, email);
  const path = `conversations/${conversation.id}/preparations/employee`;

  await signIn(page, email, `/conversations/${conversation.id}/preparation`);
  const first = page.locator(`${visibleSection} textarea`).first();
  const second = page.locator(`${visibleSection} textarea`).nth(1);
  await first.waitFor();
  // Each free-text answer counts its characters against the limit.
  const count = page.locator(`${visibleSection} [data-testid=char-count]`);
  assert.equal((await count.first().textContent()).trim(), '0 / 20.000 tegn');
  await first.fill('Et godt år i borgerservice.');
  assert.equal((await count.first().textContent()).trim(), '27 / 20.000 tegn');
  await waitForSaveState(page, 'saved');

  // One answer runs over, while another is changed: the other is saved.
  const long = 'Lang tekst. '.repeat(1_667);
  assert.equal(long.length, 20_004);
  await second.fill(long);
  await first.fill('Et godt år i borgerservice, med nye kolleger.');
  await waitForSaveState(page, 'too-long');
  const field = page.locator(`${visibleSection} [data-question]`).nth(1);
  assert.equal((await field.locator('[data-testid=char-count]').textContent()).trim(), '20.004 / 20.000 tegn');
  assert.match(
    await field.locator('[data-testid=answer-too-long]').textContent(),
    /Svaret er 4 tegn for langt: højst 20\.000 tegn/,
  );
  assert.equal(await second.getAttribute('aria-invalid'), 'true');
  assert.match(await second.getAttribute('aria-describedby'), /-error/);
  assert.match(await page.locator('[data-testid=save-state]').textContent(), /Et svar er for langt og er ikke gemt/);
  let server_copy = await api(server.url, token, 'GET', path);
  assert.equal(server_copy.body.answers.previous_agreements, 'Et godt år i borgerservice, med nye kolleger.');
  assert.equal(server_copy.body.answers.year_highlights, undefined, 'the answer too long is not saved');
  await page.screenshot({ path: join(screenshots, 'preparation-too-long-da.png'), fullPage: true });
  await assertAccessible(page, 'preparation (an answer too long)');

  // Nothing written is lost: after a reload the long text is still there.
  await page.reload();
  await second.waitFor();
  assert.equal((await second.inputValue()).length, 20_004);
  await waitForSaveState(page, 'too-long');

  // Shortened, it is saved.
  await second.fill(long.slice(0, 19_990));
  await waitForSaveState(page, 'saved');
  assert.equal(await page.locator('[data-testid=answer-too-long]').count(), 0);
  assert.equal(await second.getAttribute('aria-invalid'), 'false');
  server_copy = await api(server.url, token, 'GET', path);
  assert.equal(server_copy.body.answers.year_highlights.length, 19_990);

  assert.deepEqual(problems, []);
  await context.close();
});

test('the preparation page works on a phone', async () => {
  const { page, context, problems } = await newPage(375, 740);
  const email = 'camilla.broendum@solbakke.example';
  const { conversation } = await ownConversation(server.url, email);

  await signIn(page, email, `/conversations/${conversation.id}/preparation`);
  const first = page.locator(`${visibleSection} textarea`).first();
  await first.waitFor();
  // The sections are one compact row, not a column pushing the form down.
  const steps = await page.locator('nav.steps').boundingBox();
  assert.ok(steps.height < 100, `the sections take ${steps.height}px`);
  assert.equal(await page.locator('[data-testid=save-state]').isVisible(), false, 'one save state on screen');
  await first.fill('Gode kolleger og en travl skranke.');
  await waitForSaveState(page, 'saved');
  await noHorizontalScroll(page);
  // Typing into the section's last answer, far down the page: the save
  // state is in sight, and says what the server has.
  const last = page.locator(`${visibleSection} textarea`).last();
  await last.scrollIntoViewIfNeeded();
  await last.fill('Mere tid til faglig sparring.');
  const bar = page.locator('[data-testid=save-bar-state]');
  await page.locator('[data-testid=save-bar-state][data-state=saved]').waitFor();
  const seen = await bar.boundingBox();
  assert.ok(seen.y >= 0 && seen.y + seen.height <= 740, `the save state is at ${seen.y}px`);
  await page.screenshot({ path: join(screenshots, 'preparation-phone-da.png'), fullPage: true });
  await assertAccessible(page, 'preparation (phone)');

  // The next section by keyboard only: the focus lands on its heading.
  await page.locator(`${visibleSection} [data-testid=next-section]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'section-1');

  // Written but not shared: the home page's next step is to share it, as
  // the server (which knows how far the preparation has come) says.
  await page.goto(`${server.url}/`);
  const next = page.locator('[data-testid=own-conversations] [data-testid=next-step]');
  await next.waitFor();
  assert.equal((await next.textContent()).trim(), 'Del din forberedelse');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the manager reads the shared preparation on the agenda, schedules the meeting and marks it held', async () => {
  const { page, context, problems } = await newPage();
  // One report's conversation is ready, with the manager's preparation
  // shared and a meeting set: it asks nothing of the manager today. It is
  // the first by name, yet it comes last on the manager's home.
  const managerToken = await login(server.url, MANAGER.email);
  const ready = (await api(server.url, managerToken, 'GET', 'conversations')).body
    .filter((c) => c.manager.name === MANAGER.name && c.employee.name !== EMPLOYEE.name)
    .sort((a, b) => a.employee.name.localeCompare(b.employee.name, 'da'))[0];
  const shared = await api(server.url, managerToken, 'POST', `conversations/${ready.id}/preparations/manager/share`);
  assert.equal(shared.status, 200);
  const planned = await api(server.url, managerToken, 'PUT', `conversations/${ready.id}/meeting`, {
    starts_at: `${addDays(danishToday(), 10)}T08:00:00Z`,
    minutes: 60,
    location: 'Mødelokale 2',
  });
  assert.equal(planned.status, 200, JSON.stringify(planned.body));

  await signIn(page, MANAGER.email);

  const reports = page.locator('[data-testid=report-conversations]');
  await reports.waitFor();
  const anne = reports.locator('[data-testid=report-conversation]', { hasText: EMPLOYEE.name });
  assert.match(await anne.textContent(), /Anne Sørensen har delt sin forberedelse/);
  const items = reports.locator('[data-testid=report-conversation]');
  assert.equal(await items.count(), 8);
  assert.match(await items.last().textContent(), new RegExp(ready.employee.name), 'nothing to do: last');
  assert.doesNotMatch(await items.first().textContent(), new RegExp(ready.employee.name));
  await page.screenshot({ path: join(screenshots, 'home-manager-da.png'), fullPage: true });
  await assertAccessible(page, 'home (manager)');

  const { conversation } = await ownConversation(server.url, EMPLOYEE.email);
  await page.goto(`${server.url}/conversations/${conversation.id}/meeting`);
  const agenda = page.locator('[data-testid=agenda]');
  await agenda.waitFor();
  const item = agenda.locator('[data-question=previous_agreements]');
  assert.match(await item.locator('[data-testid=agenda-employee]').textContent(), /nye sagssystem/);
  assert.match(await item.locator('[data-testid=agenda-manager]').textContent(), /Ikke besvaret/);
  assert.match(
    await agenda.locator('[data-question=wellbeing_scale] [data-testid=agenda-employee]').textContent(),
    /4 af 5/,
  );

  // The meeting: a time in Danish time, inside the round's window, next week.
  const nextWeek = addDays(danishToday(), 7);
  await page.fill('#meeting-date', nextWeek);
  await page.fill('#meeting-time', '10:00');
  await page.selectOption('#meeting-length', '90');
  await page.fill('#meeting-place', 'Mødelokale 2, Rådhuset');
  await page.click('[data-testid=save-meeting]');
  const summary = page.locator('[data-testid=meeting-summary]');
  await page.locator('[data-testid=download-ics]').waitFor();
  assert.ok(
    (await summary.textContent()).includes(`${spelled(nextWeek, 'da', { weekday: true })}, kl. 10.00–11.30, Mødelokale 2, Rådhuset`),
    await summary.textContent(),
  );
  // Not held before the day: the card says from when, and offers no button.
  assert.equal(
    (await page.locator('[data-testid=held-not-yet]').textContent()).trim(),
    `Mødet er ikke holdt endnu. Du kan markere det som holdt fra mødedagen, ${spelled(nextWeek)}.`,
  );
  assert.equal(await page.locator('[data-testid=mark-held]').count(), 0);
  await page.screenshot({ path: join(screenshots, 'meeting-desktop-da.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=download-ics]'),
  ]);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /DTSTART/);

  // A meeting outside the window is refused with the window in words.
  await page.click('[data-testid=move-meeting]');
  await page.fill('#meeting-date', addDays(ROUND.meetings_until, 1));
  await page.click('[data-testid=save-meeting]');
  const refusal = page.locator('[data-testid=meeting-form] [role=alert]');
  await refusal.waitFor();
  assert.ok(
    (await refusal.textContent()).includes(`${spelled(ROUND.meetings_from)} til ${spelled(ROUND.meetings_until)}`),
    await refusal.textContent(),
  );
  // The meeting took place this morning after all.
  await page.fill('#meeting-date', danishToday());
  await page.fill('#meeting-time', '08:00');
  await page.click('[data-testid=save-meeting]');
  await page.waitForFunction(
    (day) => document.querySelector('[data-testid=meeting-summary]')?.textContent.includes(day),
    spelled(danishToday(), 'da', { weekday: true }),
  );

  await page.click('[data-testid=mark-held]');
  await page.click('[data-testid=mark-held-confirm]');
  await page.locator('[data-testid=held-notice]').waitFor();
  assert.match(await page.locator('header [data-testid=status]').textContent(), /Samtalen er holdt/);
  // No dead end: the referat is one click away.
  const onward = page.locator('[data-testid=go-to-summary]');
  assert.equal((await onward.textContent()).trim(), 'Skriv referatet');
  await page.screenshot({ path: join(screenshots, 'meeting-held-da.png'), fullPage: true });
  await onward.click();
  await page.waitForURL(new RegExp(`/conversations/${conversation.id}/summary$`));
  await page.locator('[data-testid=summary-editor]').waitFor();

  assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
  await context.close();
});

test('the meeting page and agenda work on a phone, in English', async () => {
  const { page, context, problems } = await newPage(375, 740);
  await page.goto(server.url + '/login');
  await page.click('[data-testid=lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const { conversation } = await ownConversation(server.url, EMPLOYEE.email);
  await page.goto(`${server.url}/conversations/${conversation.id}/meeting`);
  await page.waitForURL(/\/login/);
  await page.fill('input#email', EMPLOYEE.email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('[data-testid=agenda]').waitFor();
  assert.match(await page.locator('[data-testid=held-card]').textContent(), /The meeting has been held/);
  assert.ok(
    (await page.locator('[data-testid=meeting-summary]').textContent()).includes(
      `${spelled(danishToday(), 'en', { weekday: true })}, 08:00–09:30`,
    ),
  );
  await noHorizontalScroll(page);
  await page.screenshot({ path: join(screenshots, 'meeting-phone-en.png'), fullPage: true });
  await assertAccessible(page, 'meeting (phone, English)');

  // After the meeting the preparation is read-only.
  await page.goto(`${server.url}/conversations/${conversation.id}/preparation`);
  await waitForSaveState(page, 'closed');
  assert.doesNotMatch(await page.locator('.lead').first().textContent(), /saved as you type/, 'nothing is saved any more');
  assert.match(await page.locator('.lead').first().textContent(), /as it stood when you met/);
  assert.ok(await page.locator(`${visibleSection} textarea`).first().isDisabled());
  assert.deepEqual(problems, []);
  await context.close();
});

test('HR sees the rounds with their progress', async () => {
  const { page, context, problems } = await newPage();
  await signIn(page, HR.email);
  const rounds = page.locator('[data-testid=rounds]');
  await rounds.waitFor();
  // HR's bar, in Danish at 1280 px, is one line: the actions sit level
  // with the product's name.
  const brand = await page.locator('.site-header .brand').boundingBox();
  const actions = await page.locator('.site-header .header-actions').boundingBox();
  assert.ok(Math.abs(actions.y + actions.height / 2 - (brand.y + brand.height / 2)) < 12, 'the header is one line');
  const item = rounds.locator('[data-testid=round]', { hasText: round.name });
  assert.match(await item.locator('[data-testid=round-signed]').textContent(), new RegExp(`0 af ${round.conversations} samtaler underskrevet`));
  assert.match(await item.textContent(), /Samtalen er holdt/);
  await page.screenshot({ path: join(screenshots, 'home-hr-da.png'), fullPage: true });
  await assertAccessible(page, 'home (HR)');
  assert.deepEqual(problems, []);
  await context.close();
});
