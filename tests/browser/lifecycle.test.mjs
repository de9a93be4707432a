// One conversation from the round to the first quarterly check-in, entirely
// in the browser with the demo organisation: HR opens the round, the
// employee prepares (a reload mid-typing loses nothing) and shares, the
// manager prepares and reads the employee's text on the agenda, the meeting
// is scheduled and held, the manager drafts the summary, an edit voids a
// signature, both sign, the referat prints, a check-in is completed, and the
// team dashboard and the employee's home show the result. Every page is
// checked with axe-core and photographed for docs/screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, lineBreaks, signedIn } from './browser.mjs';
import { EMPLOYEE, HR, MANAGER, ROUND, addDays, api, danishToday, login, spelled } from './api.mjs';
import { assertAccessible, checked } from './axe.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
// Next year's round, in which last year's agreements are reviewed.
const NEXT_YEAR = Number(ROUND.name.slice(4)) + 1;
const NEXT_ROUND = `MUS ${NEXT_YEAR}`;

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
  if (checked.length > 0) {
    console.log(`axe-core: ${checked.length} page states checked, ${checked.reduce((n, c) => n + c.serious, 0)} serious or critical violations`);
  }
});

async function shoot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

async function saved(page, timeout = 15_000) {
  await page.locator('[data-testid=save-state][data-state=saved]').waitFor({ timeout });
}

const section = '[data-testid=form-section]:not([hidden])';

/// No sideways scrolling; names the elements that stick out if there is.
async function fitsThePhone(page, what) {
  const { overflow, culprits } = await page.evaluate(() => {
    const width = window.innerWidth;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.table-scroll'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { overflow: document.documentElement.scrollWidth - width, culprits };
  });
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than a phone: ${culprits.join(', ')}`);
}

/// Saves the summary and fails with the page's own message if it was refused.
async function saveSummary(page) {
  await page.click('[data-testid=save-summary]');
  const outcome = page.locator('[data-testid=summary-saved], [data-testid=summary-error], [data-testid=summary-conflict]');
  await outcome.first().waitFor();
  assert.equal(await outcome.first().getAttribute('data-testid'), 'summary-saved', await outcome.first().textContent());
}

test('a conversation from the round to the first check-in', async () => {
  // ---- HR opens the round --------------------------------------------------
  const hr = await signedIn(browser, server.url, HR.email);
  await openRoundInBrowser(hr.page);
  await assertAccessible(hr.page, 'organisation');
  await hr.context.close();

  const token = await login(server.url, EMPLOYEE.email);
  const me = (await api(server.url, token, 'GET', 'me')).body;
  const conversation = (await api(server.url, token, 'GET', 'conversations')).body.find(
    (c) => c.employee.id === me.id,
  );
  assert.ok(conversation, 'the round gave the employee a conversation');
  const id = conversation.id;

  // ---- the employee prepares and shares -----------------------------------
  const anne = await signedIn(browser, server.url, EMPLOYEE.email);
  // HR's page is not hers: only the not-found page, no heading above it.
  await anne.page.goto(`${server.url}/organisation`);
  await anne.page.locator('h1', { hasText: 'Siden findes ikke' }).waitFor();
  assert.deepEqual(await anne.page.locator('h1').allTextContents(), ['Siden findes ikke']);
  await anne.page.goto(`${server.url}/`);
  await anne.page.locator('[data-testid=own-conversations] [data-testid=next-step]').click();
  await anne.page.waitForURL(/\/preparation$/);
  const first = anne.page.locator(`${section} textarea`).first();
  await first.waitFor();
  await first.click();
  await anne.page.keyboard.type('Det nye sagssystem kom i drift.', { delay: 5 });
  await anne.page.reload();
  await first.waitFor();
  assert.equal(await first.inputValue(), 'Det nye sagssystem kom i drift.', 'the reload lost nothing');
  await saved(anne.page);
  await assertAccessible(anne.page, 'preparation');
  await anne.page.click('[data-testid=share]');
  await anne.page.click('[data-testid=share-confirm]');
  await anne.page.locator('[data-testid=shared-notice]').waitFor();

  // ---- the manager prepares, shares, and reads the agenda -----------------
  const mette = await signedIn(browser, server.url, MANAGER.email);
  await mette.page.goto(`${server.url}/conversations/${id}/preparation`);
  const managerFirst = mette.page.locator(`${section} textarea`).first();
  await managerFirst.waitFor();
  await managerFirst.fill('Anne har båret omlægningen af borgerservice.');
  await saved(mette.page);
  await mette.page.click('[data-testid=share]');
  await mette.page.click('[data-testid=share-confirm]');
  await mette.page.locator('[data-testid=shared-notice]').waitFor();

  await mette.page.goto(`${server.url}/conversations/${id}/meeting`);
  const agenda = mette.page.locator('[data-testid=agenda]');
  await agenda.waitFor();
  assert.match(await agenda.textContent(), /Det nye sagssystem kom i drift/, "the employee's shared text");
  assert.match(await agenda.textContent(), /båret omlægningen/, "the manager's own text");
  // The meeting took place this morning.
  await mette.page.fill('#meeting-date', danishToday());
  await mette.page.fill('#meeting-time', '08:00');
  await mette.page.fill('#meeting-place', 'Mødelokale 2');
  await mette.page.click('[data-testid=save-meeting]');
  await mette.page.locator('[data-testid=download-ics]').waitFor();
  await assertAccessible(mette.page, 'meeting');
  await mette.page.click('[data-testid=mark-held]');
  await mette.page.click('[data-testid=mark-held-confirm]');
  await mette.page.locator('[data-testid=held-notice]').waitFor();

  // ---- the manager drafts the summary -------------------------------------
  await mette.page.goto(`${server.url}/conversations/${id}`);
  await mette.page.locator('[data-testid=next-step]', { hasText: 'Skriv referatet' }).click();
  await mette.page.waitForURL(/\/summary$/);
  const editor = mette.page.locator('[data-testid=summary-editor]');
  await editor.waitFor();
  await mette.page.click('[data-testid=add-agreement]');
  let row = editor.locator('[data-testid=agreement-row]').nth(0);
  await row.locator('[data-testid=agreement-title]').fill('Diplommodul i projektledelse');
  await row.locator('[data-testid=agreement-category]').selectOption('course_education');
  // The category's words fit its field ("Kursus og uddannelse").
  const room = await row.locator('[data-testid=agreement-category]').evaluate((select) => {
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = context.measureText(select.selectedOptions[0].textContent).width;
    // Padding on both sides and the arrow take about 2.5rem.
    return select.clientWidth - text - 2.5 * parseFloat(style.fontSize);
  });
  assert.ok(room >= 0, `the category select cuts its text (${room}px short)`);
  const diplomaDue = addDays(danishToday(), 300);
  await row.locator('[data-testid=agreement-due]').fill(diplomaDue);
  await mette.page.click('[data-testid=add-agreement]');
  row = editor.locator('[data-testid=agreement-row]').nth(1);
  await row.locator('[data-testid=agreement-title]').fill('Superbruger på sagssystemet');
  await row.locator('[data-testid=agreement-owner]').selectOption('both');
  // Reordering: the second agreement moves to the top.
  await row.getByRole('button', { name: 'Flyt op' }).click();
  assert.equal(
    await editor.locator('[data-testid=agreement-row]').nth(0).locator('[data-testid=agreement-title]').inputValue(),
    'Superbruger på sagssystemet',
  );
  // An agreement without a title is named where it is, in Danish, and the
  // keyboard is taken there.
  await mette.page.click('[data-testid=add-agreement]');
  const untitled = editor.locator('[data-testid=agreement-row]').nth(2);
  await mette.page.click('[data-testid=save-summary]');
  const titleField = untitled.locator('[data-testid=agreement-title]');
  const message = untitled.locator('[data-testid=field-error]');
  await message.waitFor();
  assert.equal((await message.textContent()).trim(), 'Skriv, hvad aftalen går ud på.');
  assert.equal(await titleField.getAttribute('aria-invalid'), 'true');
  assert.equal(await titleField.getAttribute('aria-describedby'), await message.getAttribute('id'));
  assert.equal(
    await mette.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'agreement-title',
  );
  assert.equal(await titleField.evaluate((el) => el === document.activeElement), true, 'the focus is on the field');
  assert.equal(await mette.page.locator('[data-testid=summary-error]').count(), 0, 'no English list at the bottom');
  assert.match(await mette.page.locator('[data-testid=summary-issues]').textContent(), /Ret feltet, der er markeret/);
  await shoot(mette.page, 'summary-field-error-da');
  await assertAccessible(mette.page, 'summary (a field to correct)');
  await titleField.fill('Kursus i klarsprog');
  await message.waitFor({ state: 'detached' });
  assert.equal(await titleField.getAttribute('aria-invalid'), 'false');
  await untitled.locator('[data-testid=remove-agreement]').click();
  await mette.page.fill('[data-testid=summary-decisions]', 'Anne bliver superbruger fra 1. april.');
  await mette.page.fill('[data-testid=summary-strengths]', 'Overblik og god borgerkontakt.');
  assert.ok(await mette.page.locator('[data-testid=unsaved]').isVisible(), 'unsaved changes are marked');
  await saveSummary(mette.page);
  await assertAccessible(mette.page, 'summary (manager)');
  await shoot(mette.page, 'summary-editor-da');

  let stored = await api(server.url, token, 'GET', `conversations/${id}/summary`);
  assert.deepEqual(
    stored.body.content.agreements.map((a) => a.title),
    ['Superbruger på sagssystemet', 'Diplommodul i projektledelse'],
  );
  assert.equal(stored.body.content.agreements[1].category, 'course_education');

  // The manager signs first.
  await mette.page.click('[data-testid=sign]');
  await mette.page.locator('[data-testid=sign-card] [data-testid=signature][data-by=manager]').waitFor();

  // ---- the employee adds feedback, which voids the signature ---------------
  await anne.page.goto(`${server.url}/conversations/${id}/summary`);
  const feedback = anne.page.locator('textarea[data-testid=summary-feedback]');
  await feedback.waitFor();
  assert.match(await anne.page.locator('[data-testid=summary-editor]').textContent(), /Diplommodul i projektledelse/);
  assert.match(await anne.page.locator('[data-testid=sign-card]').textContent(), /Underskrevet af Mette Kjærgaard/);
  // The employee saves only the feedback, and the button says so.
  assert.equal((await anne.page.locator('[data-testid=save-summary]').textContent()).trim(), 'Gem din feedback');
  await feedback.fill('Tak for god sparring i et travlt år.');
  assert.match(
    await anne.page.locator('[data-testid=save-before-signing]').textContent(),
    /bortfalder underskriften/,
    'the page says the edit will void the signature',
  );
  await saveSummary(anne.page);
  assert.match(await anne.page.locator('[data-testid=summary-saved]').textContent(), /bortfalde/);
  assert.equal(await anne.page.locator('[data-testid=sign-card] [data-testid=signature]').count(), 0);

  // The employee signs "seen, not agreed" only with a comment.
  await anne.page.check('[data-testid=seen-not-agreed]');
  await anne.page.click('[data-testid=sign]');
  await anne.page.locator('[data-testid=sign-card] [role=alert]').waitFor();
  await anne.page.uncheck('[data-testid=seen-not-agreed]');
  await anne.page.click('[data-testid=sign]');
  await anne.page.locator('[data-testid=sign-card] [data-testid=signature][data-by=employee]').waitFor();
  await shoot(anne.page, 'summary-employee-da');
  await assertAccessible(anne.page, 'summary (employee)');

  // ---- the manager signs again: the summary locks -------------------------
  await mette.page.reload();
  await mette.page.locator('[data-testid=sign]').click();
  await mette.page.locator('[data-testid=locked]').waitFor();
  assert.equal(await mette.page.locator('[data-testid=sign-card] [data-testid=signature]').count(), 2);
  assert.match(await mette.page.locator('[data-testid=referat]').first().textContent(), /Tak for god sparring/);
  await shoot(mette.page, 'summary-signed-da');
  // On a small phone the referat's long heading breaks at a hyphen, not
  // between two letters of "medarbejderudviklingssamtale".
  await mette.page.setViewportSize({ width: 320, height: 640 });
  const breaks = await lineBreaks(mette.page, '[data-testid=referat] h2');
  assert.ok(breaks.includes('\u00ad'), `the heading breaks at a soft hyphen (after ${JSON.stringify(breaks)})`);
  for (const at of breaks) assert.match(at, /[\s\u00ad-]/, `a line breaks after "${at}"`);
  await mette.page.setViewportSize({ width: 1280, height: 900 });
  await assertAccessible(mette.page, 'summary (locked)');
  stored = await api(server.url, token, 'GET', `conversations/${id}/summary`);
  assert.equal(stored.body.locked, true);

  // The referat prints as a clean A4 document.
  await mette.page.emulateMedia({ media: 'print' });
  const pdf = await mette.page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(screenshots, 'referat-print-da.pdf'), pdf);
  await shoot(mette.page, 'referat-print-da');
  assert.equal(await mette.page.locator('.site-header').isVisible(), false, 'no app chrome on paper');
  assert.ok(await mette.page.locator('[data-testid=referat]').first().isVisible());
  await mette.page.emulateMedia({ media: 'screen' });

  // ---- the first quarterly check-in ---------------------------------------
  await anne.page.goto(`${server.url}/conversations/${id}`);
  await anne.page.locator('[data-testid=next-step]', { hasText: 'Kvartalsopfølgning' }).click();
  await anne.page.waitForURL(/\/follow-up$/);
  // Signed today, the first check-in is three months off: not open yet,
  // and the page says from when instead of offering the form.
  const scheduled = (await api(server.url, token, 'GET', `conversations/${id}/check-ins`)).body;
  const notOpen = anne.page.locator('[data-testid=check-in-not-open]');
  await notOpen.waitFor();
  assert.match(
    await notOpen.textContent(),
    new RegExp(`Opfølgningen er ikke åben endnu\\. Den åbner ${spelled(addDays(scheduled[0].due_on, -14))}`),
  );
  assert.equal(await anne.page.locator('[data-testid=check-in-form]').count(), 0);
  await shoot(anne.page, 'follow-up-not-open-da');
  // Three months pass: the check-in falls due.
  // (Ids are stored as 16-byte blobs.)
  const moved = server.sql(
    `UPDATE check_ins SET due_on = '${danishToday()}' WHERE hex(id) = '${scheduled[0].id.replaceAll('-', '').toUpperCase()}'; SELECT changes();`,
  );
  assert.equal(moved, '1', 'the check-in falls due');
  await anne.page.reload();
  const form = anne.page.locator('[data-testid=check-in-form]');
  await form.waitFor();
  assert.equal(await anne.page.locator('[data-testid=check-in]').count(), 4, 'check-ins at 3, 6, 9 and 12 months');
  // Progress is written in one place: each agreement's own form. The
  // check-in has no second set of fields; it records what those forms say,
  // typed or saved.
  assert.equal(await form.locator('select, textarea').count(), 0, 'no second status form');
  const progress = anne.page.locator('[data-testid=progress-item]');
  assert.equal(await progress.count(), 2);
  const superuser = progress.filter({ hasText: 'Superbruger' });
  await superuser.locator('select').selectOption('done');
  await superuser.locator('textarea').fill('Uddannet som superbruger i marts.');
  await progress.filter({ hasText: 'Diplommodul' }).locator('select').selectOption('in_progress');
  const recorded = anne.page.locator('[data-testid=check-in-recorded]');
  await anne.page.waitForFunction(
    () => document.querySelector('[data-testid=check-in-recorded]').textContent.includes('Uddannet som superbruger'),
  );
  assert.match(await recorded.textContent(), /Superbruger[^]*Gennemført[^]*ikke gemt endnu/);
  await assertAccessible(anne.page, 'follow-up');
  await anne.page.click('[data-testid=complete-check-in]');
  await anne.page.locator('[data-testid=check-in][data-completed=true]').waitFor();
  // The form is gone: the check-ins' heading has the focus, and it was said.
  await anne.page.waitForFunction(() => document.activeElement?.id === 'checkins-heading');
  await anne.page.waitForFunction(
    () => document.querySelector('[data-testid=announcer]').textContent === 'Opfølgningen er afsluttet.',
  );
  await shoot(anne.page, 'follow-up-da');
  const checkIns = await api(server.url, token, 'GET', `conversations/${id}/check-ins`);
  assert.ok(checkIns.body[0].completed_at, 'the server has the check-in completed');
  // What was only typed, never saved on its own, is kept by the check-in.
  assert.ok(
    checkIns.body[0].entries.some((e) => e.status === 'done' && e.note === 'Uddannet som superbruger i marts.'),
    'the typed progress is recorded',
  );

  // ---- the employee's home and the agreements list ------------------------
  await anne.page.goto(`${server.url}/`);
  const mine = anne.page.locator('[data-testid=my-agreements]');
  await mine.waitFor();
  assert.match(await mine.textContent(), /Diplommodul i projektledelse/);
  assert.match(await mine.textContent(), /I gang/);
  assert.doesNotMatch(await mine.textContent(), /Superbruger/, 'a done agreement is no longer open');
  assert.ok(
    (await anne.page.locator('[data-testid=next-check-in]').textContent()).includes(scheduled[1].due_on.slice(0, 4)),
    'the next check-in is the six-month one',
  );
  await shoot(anne.page, 'home-employee-after-da');
  await assertAccessible(anne.page, 'home (employee)');
  await anne.page.goto(`${server.url}/agreements`);
  await anne.page.locator('[data-testid=agreement]').first().waitFor();
  assert.equal(await anne.page.locator('[data-testid=agreement]').count(), 2);
  await anne.page.selectOption('#filter-status', 'done');
  await anne.page.waitForFunction(() => document.querySelectorAll('[data-testid=agreement]').length === 1);
  await assertAccessible(anne.page, 'agreements');

  // ---- the manager's team dashboard ----------------------------------------
  await mette.page.goto(`${server.url}/`);
  await mette.page.locator('[data-testid=team-card]').waitFor();
  assert.match(await mette.page.locator('[data-testid=team-card-completion]').textContent(), /1 af 8 underskrevet/);
  await mette.page.click('[data-testid=open-team]');
  await mette.page.waitForURL(/\/team$/);
  const table = mette.page.locator('[data-testid=team-table]');
  await table.waitFor();
  assert.equal(await table.locator('[data-testid=team-row]').count(), 8);
  const anneRow = table.locator('[data-testid=team-row]', { hasText: EMPLOYEE.name });
  assert.equal(await anneRow.getAttribute('data-status'), 'signed');
  // Sorted by status, descending: the signed conversation comes first.
  await table.getByRole('button', { name: 'Status' }).click();
  await table.getByRole('button', { name: 'Status' }).click();
  assert.match(await table.locator('[data-testid=team-row]').first().textContent(), /Anne Sørensen/);
  await mette.page.selectOption('[data-testid=team-filter-status]', 'signed');
  await mette.page.waitForFunction(() => document.querySelectorAll('[data-testid=team-row]').length === 1);
  assert.match(await mette.page.locator('[data-testid=course-wishes]').textContent(), /Diplommodul i projektledelse/);
  await shoot(mette.page, 'team-dashboard-da');
  await assertAccessible(mette.page, 'team dashboard');

  // The same on a phone: no sideways scrolling outside the table.
  const phone = await signedIn(browser, server.url, MANAGER.email, '/', { width: 375, height: 740 });
  await phone.page.goto(`${server.url}/team`);
  await phone.page.locator('[data-testid=team-table]').waitFor();
  await shoot(phone.page, 'team-dashboard-phone-da');
  await fitsThePhone(phone.page, 'the team page');
  await phone.page.goto(`${server.url}/conversations/${id}/summary`);
  await phone.page.locator('[data-testid=referat]').first().waitFor();
  await shoot(phone.page, 'summary-phone-da');
  await fitsThePhone(phone.page, 'the summary page');

  for (const who of [anne, mette, phone]) {
    assert.deepEqual(who.problems, []);
    await who.context.close();
  }
});

test("next year, last year's agreements are marked on the preparation page", async () => {
  const hr = await login(server.url, HR.email);
  const templates = await api(server.url, hr, 'GET', 'templates?language=da');
  const classic = templates.body.items.find((t) => t.shipped === 'classic');
  const opened = await api(server.url, hr, 'POST', 'rounds', {
    name: NEXT_ROUND,
    template_id: classic.id,
    // After this year's meetings (at most 45 days from today): nobody is in
    // two rounds whose meetings overlap.
    preparation_deadline: `${NEXT_YEAR}-03-01`,
    meetings_from: `${NEXT_YEAR}-03-01`,
    meetings_until: `${NEXT_YEAR}-04-30`,
    simultaneous_reveal: false,
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const token = await login(server.url, EMPLOYEE.email);
  const me = (await api(server.url, token, 'GET', 'me')).body;
  const next = (await api(server.url, token, 'GET', 'conversations')).body.find(
    (c) => c.employee.id === me.id && c.round_name === NEXT_ROUND,
  );

  const anne = await signedIn(browser, server.url, EMPLOYEE.email);
  await anne.page.goto(`${server.url}/conversations/${next.id}/preparation`);
  const card = anne.page.locator('[data-testid=previous-agreements]');
  await card.waitFor();
  const item = card.locator('[data-testid=previous-agreement]', { hasText: 'Diplommodul' });
  await item.getByLabel('Videreføres').check();
  let review;
  for (let i = 0; i < 50; i += 1) {
    review = await api(server.url, token, 'GET', `conversations/${next.id}/previous-agreements`);
    if (review.body.some((p) => p.employee_decision === 'carry_over')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const diploma = review.body.find((p) => p.agreement.title === 'Diplommodul i projektledelse');
  assert.equal(diploma.employee_decision, 'carry_over');
  assert.equal(diploma.outcome, 'carry_over', 'carrying over wins on its own');
  await assertAccessible(anne.page, 'preparation with last year');
  await shoot(anne.page, 'preparation-previous-agreements-da');
  assert.deepEqual(anne.problems, []);
  await anne.context.close();
});

test('an amendment starts version 2 and keeps version 1 readable', async () => {
  const token = await login(server.url, EMPLOYEE.email);
  const me = (await api(server.url, token, 'GET', 'me')).body;
  const conversation = (await api(server.url, token, 'GET', 'conversations')).body.find(
    (c) => c.employee.id === me.id && c.round_name === ROUND.name,
  );
  const mette = await signedIn(browser, server.url, MANAGER.email);
  await mette.page.goto(`${server.url}/conversations/${conversation.id}/summary`);
  await mette.page.click('[data-testid=amend]');
  await mette.page.click('[data-testid=amend-confirm]');
  await mette.page.locator('[data-testid=summary-editor]').waitFor();
  assert.match(await mette.page.locator('[data-testid=sign-card]').textContent(), /Version 2/);
  await mette.page.locator('[data-testid=version]').nth(1).waitFor();
  await mette.page.locator('[data-testid=version]').first().getByRole('button').click();
  const old = mette.page.locator('[data-testid=version-view]');
  await old.waitFor();
  assert.match(await old.textContent(), /Version 1/);
  assert.match(await old.textContent(), /Underskrevet af Anne Sørensen/);
  await assertAccessible(mette.page, 'summary (amended)');
  assert.deepEqual(mette.problems, []);
  await mette.context.close();
});

/// HR opens the round on the organisation page, on the classic Danish form.
async function openRoundInBrowser(page) {
  const hrToken = await login(server.url, HR.email);
  const templates = await api(server.url, hrToken, 'GET', 'templates?language=da');
  const classic = templates.body.items.find((t) => t.shipped === 'classic');
  // HR's home leads to opening a round.
  await page.goto(`${server.url}/`);
  await page.click('[data-testid=open-round-link]');
  await page.waitForURL(/\/organisation#open-round$/);
  const form = page.locator('[data-testid=open-round]');
  await form.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'open-round-heading');
  // Sent empty, the form names each missing date next to its field.
  await form.locator('button[type=submit]').click();
  const missing = form.locator('[data-testid=date-missing]');
  await missing.first().waitFor();
  assert.deepEqual(
    (await missing.allTextContents()).map((text) => text.trim()),
    [
      'Vælg fristen for forberedelsen.',
      'Vælg den første dag, samtalerne kan holdes.',
      'Vælg den sidste dag, samtalerne kan holdes.',
    ],
  );
  for (const id of ['round-deadline', 'round-from', 'round-until']) {
    assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', id);
    assert.equal(await page.getAttribute(`#${id}`, 'aria-describedby'), `${id}-error`, id);
  }
  await page.waitForFunction(() => document.activeElement?.id === 'round-deadline');
  await shoot(page, 'organisation-round-missing-da');
  await assertAccessible(page, 'organisation (dates missing)');
  await page.fill('#round-name', ROUND.name);
  await page.selectOption('#round-form', classic.id);
  await page.fill('#round-deadline', ROUND.preparation_deadline);
  await page.fill('#round-from', ROUND.meetings_from);
  // A round whose meetings end before they begin is refused, field by field.
  await page.fill('#round-until', addDays(ROUND.meetings_from, -1));
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=open-round-error]').waitFor();
  await page.fill('#round-until', ROUND.meetings_until);
  await form.locator('button[type=submit]').click();
  await page.locator('[data-testid=round-row]', { hasText: ROUND.name }).waitFor();
  // A confirmation says the round is open, and with how many conversations.
  assert.match(
    await page.locator('[data-testid=round-opened]').textContent(),
    new RegExp(`${ROUND.name} er åbnet med \\d+ samtaler`),
  );
  assert.match(await page.locator('[data-testid=org-completion]').textContent(), /0 af \d+ underskrevet/);
  assert.ok((await page.locator('[data-testid=org-department-row]').count()) >= 2, 'completion by department');
  const rounds = await api(server.url, hrToken, 'GET', 'rounds');
  assert.ok(rounds.body.some((r) => r.name === ROUND.name), 'the server has the round');
  await shoot(page, 'organisation-da');
}
