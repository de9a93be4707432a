// A group conversation (GRUS) and the development plan, in the browser with
// the demo organisation: HR opens a group round for Borgerservice, a member
// prepares in private and shares, the manager writes the agenda, sets the
// meeting for today, changes who is in the group, writes the summary with a
// team agreement and signs; a member acknowledges as "seen, not agreed"
// (on a phone); the employee adds a goal to the development plan and moves
// it on, the manager reads the report's plan, and HR reads the liaison
// committee's report and takes it as CSV. Every page is checked with
// axe-core and photographed for docs/screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { EMPLOYEE, HR, MANAGER, addDays, api, danishToday, login } from './api.mjs';
import { assertAccessible, checked } from './axe.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const TODAY = danishToday();
const ROUND_NAME = `GRUS Borgerservice ${TODAY.slice(0, 4)}`;
const MEMBER = { email: 'bjoern.ravn@solbakke.example', name: 'Bjørn Ravn' };
const LEAVER = 'Helle Bækgaard';

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

function noProblems(session, who) {
  assert.deepEqual(session.problems, [], `${who}: errors in the page`);
}

test('a group conversation from the round to the acknowledged summary, and the development plan', async () => {
  // ---- HR opens a group round for Borgerservice ------------------------------
  const hr = await signedIn(browser, server.url, HR.email, '/organisation');
  const form = hr.page.locator('[data-testid=open-round]');
  await form.waitFor();
  await hr.page.fill('#round-name', ROUND_NAME);
  // The group format offers the group forms only.
  await hr.page.getByLabel('Gruppesamtaler (GRUS)', { exact: true }).check();
  await hr.page.getByText('Samtaleform til gruppesamtalen').waitFor();
  const offered = await hr.page.locator('#round-form option').allTextContents();
  assert.ok(offered.length > 0 && offered.every((o) => /^(Gruppeudviklingssamtale|Group development)/.test(o)), offered.join(' | '));
  const danishGroupForm = offered.find((o) => o.includes('(da,'));
  // GRUS followed by a short individual conversation asks for both forms.
  await hr.page.getByLabel('GRUS efterfulgt af en kort individuel samtale').check();
  await hr.page.locator('#round-group-form').waitFor();
  assert.match(await hr.page.locator('label[for=round-form]').textContent(), /individuelle samtale/);
  await assertAccessible(hr.page, 'organisation (round format)');
  await hr.page.getByLabel('Gruppesamtaler (GRUS)', { exact: true }).check();
  await hr.page.locator('#round-group-form').waitFor({ state: 'detached' });
  await hr.page.selectOption('#round-form', { label: danishGroupForm });
  await hr.page.fill('#round-deadline', TODAY);
  await hr.page.fill('#round-from', TODAY);
  await hr.page.fill('#round-until', addDays(TODAY, 45));
  await hr.page.getByLabel(/^Borgerservice \(\d+\)$/).check();
  await form.locator('button[type=submit]').click();
  await hr.page.locator('[data-testid=round-opened]').waitFor();
  assert.match(await hr.page.locator('[data-testid=round-opened]').textContent(), /gruppesamtaler/);
  await hr.page.locator('[data-testid=org-group-figures]').waitFor();

  const mettesToken = await login(server.url, MANAGER.email);
  const rounds = (await api(server.url, await login(server.url, HR.email), 'GET', 'rounds')).body;
  const round = rounds.find((r) => r.name === ROUND_NAME);
  assert.equal(round.format, 'group');
  const groups = (await api(server.url, mettesToken, 'GET', `group-conversations?round=${round.id}`)).body;
  const group = groups.find((g) => g.my_role === 'manager');
  assert.ok(group, 'the round made a group for Mette and her team');
  assert.equal(group.members, 8);
  const groupPath = `/groups/${group.id}`;

  // ---- a member prepares in private and shares --------------------------------
  const anne = await signedIn(browser, server.url, EMPLOYEE.email);
  await anne.page.locator('[data-testid=own-group] [data-testid=open-group]').click();
  await anne.page.waitForURL((url) => url.pathname === groupPath);
  const prep = anne.page.locator('[data-testid=group-preparation]');
  await prep.waitFor();
  assert.match(await prep.locator('[data-testid=private-note]').textContent(), /Privat, indtil du deler den med gruppen/);
  await anne.page.fill('#q-team_success', 'Vi fik telefontiden lagt om uden ventetid, fordi vi hjalp hinanden.');
  await anne.page.fill('#q-team_dream', 'At borgerne kan booke tid selv, og at vi har tid til de svære sager.');
  await prep.locator('[data-testid=save-state][data-state=saved]').waitFor({ timeout: 15_000 });
  await assertAccessible(anne.page, 'group (member preparing)');
  await anne.page.click('[data-testid=group-share]');
  await anne.page.click('[data-testid=group-share-confirm]');
  await anne.page.locator('[data-testid=group-shared-notice]').waitFor();
  await anne.page.locator('[data-testid=shared-preparation]', { hasText: EMPLOYEE.name }).waitFor();

  // A second member shares through the API.
  const bjoern = await login(server.url, MEMBER.email);
  const saved = await api(server.url, bjoern, 'PUT', `group-conversations/${group.id}/preparation`, {
    version: 0,
    answers: { team_success: 'Morgenmøderne, hvor vi fordeler de svære sager.' },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal((await api(server.url, bjoern, 'POST', `group-conversations/${group.id}/preparation/share`)).status, 200);

  // ---- the manager: agenda, members, meeting, summary, signature --------------
  const mette = await signedIn(browser, server.url, MANAGER.email);
  const teamGroups = mette.page.locator('[data-testid=team-groups]');
  await teamGroups.waitFor();
  await teamGroups.getByRole('link', { name: group.name }).click();
  await mette.page.waitForURL((url) => url.pathname === groupPath);
  await mette.page.locator('[data-testid=group-agenda]').waitFor();
  // Both shared preparations, the first opened.
  const shared = mette.page.locator('[data-testid=shared-preparation]');
  await shared.nth(1).waitFor();
  await shared.filter({ hasText: EMPLOYEE.name }).locator('summary').click();
  await mette.page.getByText('telefontiden lagt om').waitFor();
  assert.equal(
    await mette.page.locator(`[data-testid=member][data-name="${EMPLOYEE.name}"] [data-testid=member-shared]`).getAttribute('data-shared'),
    'true',
  );
  await mette.page.fill('[data-testid=agenda-editor]', '1. Det, der lykkedes i år\n2. Teamet om et år\n3. Vores fælles aftaler');
  await mette.page.locator('[data-testid=agenda-save-state][data-state=saved]').waitFor({ timeout: 15_000 });

  // Helle moves to another team: she leaves the group.
  await mette.page.click('[data-testid=edit-members]');
  const choices = mette.page.locator('[data-testid=member-choice]');
  await choices.nth(7).waitFor();
  assert.equal(await choices.count(), 8);
  await assertAccessible(mette.page, 'group (members editor)');
  await mette.page.getByLabel(LEAVER, { exact: true }).uncheck();
  await mette.page.click('[data-testid=save-members]');
  await mette.page.locator('[data-testid=former-member]', { hasText: LEAVER }).waitFor();
  assert.equal(await mette.page.locator('[data-testid=member]').count(), 7);

  // The meeting took place this morning, inside the round's window.
  await mette.page.fill('#group-meeting-date', TODAY);
  await mette.page.fill('#group-meeting-time', '08:00');
  await mette.page.fill('#group-meeting-place', 'Mødelokale 2, Rådhuset');
  await mette.page.click('[data-testid=save-group-meeting]');
  await mette.page.locator('[data-testid=download-ics]').waitFor();
  const [download] = await Promise.all([
    mette.page.waitForEvent('download'),
    mette.page.click('[data-testid=download-ics]'),
  ]);
  assert.match(readFileSync(await download.path(), 'utf8'), /BEGIN:VCALENDAR/);

  // From the meeting's day the summary can be written.
  const notes = mette.page.locator('[data-testid=summary-notes]');
  await notes.waitFor();
  await notes.fill('Vi er stolte af omlægningen af telefontiden. Vi vil bruge morgenmødet mere.');
  await mette.page.click('[data-testid=add-team-agreement]');
  const row = mette.page.locator('[data-testid=team-agreement-row]').first();
  // A due date outside the round is marked next to its field and not saved.
  await row.locator('[data-testid=team-agreement-due]').fill(addDays(TODAY, -30));
  await row.locator('[data-testid=team-agreement-title]').fill('Fast fagligt fokus hver fredag');
  await mette.page.locator('[data-testid=summary-save-state][data-state=invalid]').waitFor({ timeout: 15_000 });
  assert.match(await row.locator('[data-testid=field-error]').textContent(), /Vælg en frist fra/);
  assert.equal(await row.locator('[data-testid=team-agreement-due]').getAttribute('aria-invalid'), 'true');
  await row.locator('[data-testid=team-agreement-due]').fill(addDays(TODAY, 90));
  await row.locator('[data-testid=team-agreement-description]').fill('30 minutter hver fredag, hvor én deler noget, vedkommende har lært.');
  await row.locator('[data-testid=team-agreement-category]').selectOption('way_of_working');
  await mette.page.locator('[data-testid=summary-save-state][data-state=saved]').waitFor({ timeout: 15_000 });
  await assertAccessible(mette.page, 'group (summary being written)');
  await mette.page.click('[data-testid=group-sign]');
  await mette.page.click('[data-testid=group-sign-confirm]');
  await mette.page.locator('[data-testid=group-referat]').waitFor();
  const followUp = mette.page.locator('[data-testid=group-follow-up]');
  await followUp.locator('[data-testid=team-agreement]', { hasText: 'Fast fagligt fokus' }).waitFor();
  assert.equal(await followUp.locator('[data-testid=group-check-in]').count(), 4);
  // Read again, the signed group leads with its summary.
  await mette.page.reload();
  await mette.page.locator('[data-testid=group-referat]').waitFor();
  await mette.page.locator('[data-testid=shared-preparation]').nth(1).waitFor();
  await assertAccessible(mette.page, 'group (signed, manager)');
  await shoot(mette.page, 'grus-da');
  noProblems(mette, 'the manager');

  // ---- a member acknowledges as "seen, not agreed", on a phone ----------------
  const phone = await signedIn(browser, server.url, EMPLOYEE.email, groupPath, { width: 375, height: 812 });
  const ack = phone.page.locator('[data-testid=ack-form]');
  await ack.waitFor();
  assert.match(await phone.page.locator('[data-testid=group-referat]').textContent(), /Fast fagligt fokus hver fredag/);
  await phone.page.click('[data-testid=ack-disagree]');
  // A disagreement without a word is refused next to its field.
  await phone.page.click('[data-testid=acknowledge]');
  await phone.page.locator('#group-ack-note-error').waitFor();
  assert.equal(await phone.page.getAttribute('[data-testid=ack-note]', 'aria-invalid'), 'true');
  await phone.page.fill('[data-testid=ack-note]', 'Jeg synes ikke, fredagsmødet skal være obligatorisk.');
  await phone.page.click('[data-testid=acknowledge]');
  await phone.page.locator('[data-testid=ack-done]').waitFor();
  const mine = phone.page.locator('[data-testid=acknowledgement]', { hasText: EMPLOYEE.name });
  await mine.waitFor();
  assert.match(await mine.textContent(), /Set, men ikke enig/);
  assert.match(await mine.textContent(), /fredagsmødet skal være obligatorisk/);
  await fitsThePhone(phone.page, 'the group page');
  await assertAccessible(phone.page, 'group (acknowledged, phone)');
  await shoot(phone.page, 'grus-phone-da');
  noProblems(phone, 'the member on a phone');
  await phone.context.close();

  // The manager sees who disagrees.
  await mette.page.reload();
  await mette.page.locator(`[data-testid=member][data-name="${EMPLOYEE.name}"] [data-testid=member-disagrees]`).waitFor();

  // ---- the employee's development plan -----------------------------------------
  await anne.page.goto(`${server.url}/`);
  await anne.page.locator('[data-testid=plan-card] [data-testid=open-plan]').click();
  await anne.page.waitForURL((url) => url.pathname === '/plan');
  await anne.page.locator('[data-testid=plan-goals]').waitFor();
  // A goal without a title is refused next to its field.
  await anne.page.click('[data-testid=add-goal-button]');
  await anne.page.locator('#goal-title-error').waitFor();
  assert.equal(await anne.page.getAttribute('#goal-title', 'aria-invalid'), 'true');
  await anne.page.fill('#goal-title', 'Kursus i klarsprog');
  await anne.page.fill('#goal-description', 'Så vores breve til borgerne bliver lettere at forstå.');
  await anne.page.selectOption('#goal-category', 'course_education');
  await anne.page.fill('#goal-due', addDays(TODAY, 30));
  await anne.page.click('[data-testid=add-goal-button]');
  const goal = anne.page.locator('[data-testid=plan-goal][data-title="Kursus i klarsprog"]');
  await goal.waitFor();
  assert.match(await anne.page.locator('[data-testid=plan-next-step]').textContent(), /Kursus i klarsprog/);
  assert.equal(await anne.page.getAttribute('[data-testid=plan-current]', 'data-current'), 'true');
  // Moved on: in progress, with a note.
  await goal.locator('[data-testid=edit-goal]').click();
  await goal.locator('select').selectOption('in_progress');
  await goal.locator('[data-testid=goal-note]').fill('Tilmeldt holdet i foråret.');
  await goal.locator('[data-testid=save-goal]').click();
  await anne.page.waitForFunction(() =>
    document.querySelector('[data-testid=plan-goal][data-title="Kursus i klarsprog"] [data-testid=status-badge]')?.textContent.includes('I gang'),
  );
  await assertAccessible(anne.page, 'development plan');
  await shoot(anne.page, 'development-plan-da');
  noProblems(anne, 'the employee');

  // ---- the manager reads the report's plan --------------------------------------
  await mette.page.goto(`${server.url}/team`);
  await mette.page.getByRole('link', { name: `Udviklingsplan: ${EMPLOYEE.name}` }).click();
  await mette.page.waitForURL(/\/team\/[0-9a-f-]+\/plan$/);
  const reportsGoal = mette.page.locator('[data-testid=plan-goal][data-title="Kursus i klarsprog"]');
  await reportsGoal.waitFor();
  assert.match(await reportsGoal.textContent(), /I gang/);
  assert.match(await reportsGoal.textContent(), /Tilmeldt holdet i foråret/);
  assert.match(await mette.page.locator('.lead').first().textContent(), /Anne Sørensen/);
  await assertAccessible(mette.page, "development plan (the manager's view)");
  noProblems(mette, 'the manager');

  // ---- HR: the figures and the liaison committee's report -------------------------
  await hr.page.goto(`${server.url}/organisation`);
  const plans = hr.page.locator('[data-testid=org-plan-figures]');
  await plans.waitFor();
  assert.match(await plans.textContent(), /har en aktuel udviklingsplan/);
  await hr.page.locator('[data-testid=org-plan-row]').first().waitFor();
  assert.match(await hr.page.locator('[data-testid=org-group-figures]').textContent(), /1 af \d+ grupper har underskrevet referat/);
  await assertAccessible(hr.page, 'organisation (groups and plans)');
  await hr.page.locator('[data-testid=round-row]', { hasText: ROUND_NAME }).locator('[data-testid=round-report-link]').click();
  await hr.page.waitForURL((url) => url.pathname === `/admin/rounds/${round.id}/report`);
  const table = hr.page.locator('[data-testid=report-table]');
  await table.waitFor();
  const borgerservice = hr.page.locator('[data-testid=report-row]', { hasText: 'Borgerservice' });
  await borgerservice.waitFor();
  const cells = await borgerservice.locator('td').allTextContents();
  // Groups, and of them signed: Mette's group is signed.
  assert.ok(Number(cells[4]) >= 1 && Number(cells[5]) === 1, cells.join(' | '));
  await hr.page.locator('[data-testid=report-total]').waitFor();
  const [csv] = await Promise.all([
    hr.page.waitForEvent('download'),
    hr.page.click('[data-testid=download-report-csv]'),
  ]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.match(text, /Borgerservice/);
  await assertAccessible(hr.page, 'liaison committee report');
  await shoot(hr.page, 'liaison-report-da');
  noProblems(hr, 'HR');

  // HR sees the group's shape, never its content.
  await hr.page.goto(`${server.url}${groupPath}`);
  await hr.page.locator('[data-testid=group-members]').waitFor();
  assert.equal(await hr.page.locator('[data-testid=group-agenda]').count(), 0);
  assert.equal(await hr.page.locator('[data-testid=group-shared]').count(), 0);
  assert.equal(await hr.page.getByText('telefontiden lagt om').count(), 0);
  await assertAccessible(hr.page, 'group (HR)');

  await anne.context.close();
  await mette.context.close();
  await hr.context.close();
});
