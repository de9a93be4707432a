// The lifecycle with the keyboard alone, as a keyboard or screen-reader user
// walks it: no clicks. After every action the test asserts where the focus
// is and what the page's live region said, and axe-core checks the page.
//
// HR signs in (through the skip link) and opens a round; the employee
// prepares and shares; the manager schedules the meeting (typing over a date
// that is already there), marks it held, writes a summary with an agreement
// and signs; the employee signs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_PASSWORD, startServer } from './server.mjs';
import { launchChromium } from './browser.mjs';
import { EMPLOYEE, HR, MANAGER, ROUND, api, danishToday, login } from './api.mjs';
import { assertAccessible } from './axe.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function keyboardPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems };
}

/// What has the focus: its tag, id, test id and text.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      id: el?.id ?? '',
      testid: el?.getAttribute('data-testid') ?? '',
      text: (el?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 120),
    };
  });
}

/// Waits until the focus is on the element `selector` names.
async function focusIsOn(page, selector, what = selector) {
  try {
    await page.waitForFunction((s) => document.activeElement?.matches(s), selector, { timeout: 5_000 });
  } catch {
    assert.fail(`the focus should be on ${what}, but is on ${JSON.stringify(await focused(page))}`);
  }
}

/// Presses Tab until the focus is on `selector`: the element is reachable
/// by keyboard, in the order of the page.
async function tabTo(page, selector, { max = 60, backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${selector} is not reached by Tab within ${max} presses; the focus is on ${JSON.stringify(await focused(page))}`);
}

/// Waits for the page's polite live region to say `words`.
async function announced(page, words) {
  const region = page.locator('[data-testid=announcer]');
  try {
    await page.waitForFunction(
      (w) => document.querySelector('[data-testid=announcer]')?.textContent.includes(w),
      words,
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(`"${words}" was not announced; the live region says "${await region.textContent()}"`);
  }
}

/// Types a day into the focused date field, part by part as a person would,
/// in the order the field shows its parts: the test's Chromium runs with an
/// American interface, month first.
async function typeDate(page, iso) {
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(`${m}${d}${y}`, { delay: 20 });
}

/// Signs in from the login page with the keyboard: the skip link first,
/// then the fields in order.
async function signInByKeyboard(page, email) {
  await page.goto(`${server.url}/login`);
  await page.locator('input#email').waitFor();
  await page.keyboard.press('Tab');
  await focusIsOn(page, '[data-testid=skip-link]', 'the skip link');
  await page.keyboard.press('Enter');
  await focusIsOn(page, 'main h1', "the page's heading");
  await tabTo(page, 'input#email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await focusIsOn(page, 'input#password');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  // After the page change the focus is on the new page's heading.
  await focusIsOn(page, 'main h1', "the home page's heading");
  assert.match((await focused(page)).text, /Velkommen/);
}

test('the lifecycle with the keyboard alone', async () => {
  // ---- HR signs in and opens a round ---------------------------------------
  const hr = await keyboardPage();
  await signInByKeyboard(hr.page, HR.email);
  await tabTo(hr.page, '[data-testid=open-round-link]');
  await hr.page.keyboard.press('Enter');
  await hr.page.waitForURL(/\/organisation#open-round$/);
  await focusIsOn(hr.page, '#open-round-heading', 'the round form');
  // Sent empty: the focus goes to the first date missing, its message tied to it.
  await tabTo(hr.page, '[data-testid=open-round] button[type=submit]');
  await hr.page.keyboard.press('Enter');
  await focusIsOn(hr.page, '#round-deadline', 'the first missing date');
  assert.equal(await hr.page.getAttribute('#round-deadline', 'aria-describedby'), 'round-deadline-error');
  await tabTo(hr.page, '#round-name', { backwards: true });
  await hr.page.keyboard.type(ROUND.name);
  await hr.page.keyboard.press('Tab');
  await focusIsOn(hr.page, '#round-form');
  // The classic Danish form, chosen with the arrow keys.
  const hrToken = await login(server.url, HR.email);
  const forms = (await api(server.url, hrToken, 'GET', 'templates?language=da')).body.items;
  const classic = forms.find((t) => t.shipped === 'classic');
  const options = await hr.page.locator('#round-form option').evaluateAll((list) => list.map((o) => o.value));
  await hr.page.keyboard.press('Home');
  for (let i = 0; i < options.indexOf(classic.id); i++) await hr.page.keyboard.press('ArrowDown');
  assert.equal(await hr.page.inputValue('#round-form'), classic.id);
  for (const [id, day] of [
    ['#round-deadline', ROUND.preparation_deadline],
    ['#round-from', ROUND.meetings_from],
    ['#round-until', ROUND.meetings_until],
  ]) {
    await tabTo(hr.page, id);
    await typeDate(hr.page, day);
    assert.equal(await hr.page.inputValue(id), day, `${id} holds what was typed`);
  }
  await tabTo(hr.page, '[data-testid=open-round] button[type=submit]');
  await hr.page.keyboard.press('Enter');
  await focusIsOn(hr.page, '[data-testid=round-opened]', 'the confirmation');
  assert.match((await focused(hr.page)).text, new RegExp(ROUND.name));
  await assertAccessible(hr.page, 'organisation (round opened, keyboard)');
  assert.deepEqual(hr.problems, []);
  await hr.context.close();

  // ---- the employee prepares and shares -------------------------------------
  const anne = await keyboardPage();
  await signInByKeyboard(anne.page, EMPLOYEE.email);
  await tabTo(anne.page, '[data-testid=own-conversations] [data-testid=next-step]');
  await anne.page.keyboard.press('Enter');
  await anne.page.waitForURL(/\/preparation$/);
  await focusIsOn(anne.page, 'main h1', "the preparation's heading");
  await tabTo(anne.page, '[data-testid=form-section]:not([hidden]) textarea');
  await anne.page.keyboard.type('Det nye sagssystem kom i drift.');
  await anne.page.locator('[data-testid=save-state][data-state=saved]').waitFor({ state: 'attached' });
  await tabTo(anne.page, '[data-testid=share]');
  // The confirmation takes the focus; Escape closes it and gives it back.
  await anne.page.keyboard.press('Enter');
  await focusIsOn(anne.page, '[data-testid=share-confirm]', 'the confirmation');
  await anne.page.keyboard.press('Escape');
  await focusIsOn(anne.page, '[data-testid=share]', 'the share button again');
  await anne.page.keyboard.press('Enter');
  await focusIsOn(anne.page, '[data-testid=share-confirm]');
  await anne.page.keyboard.press('Enter');
  // The buttons are gone: the message saying it is shared has the focus.
  await focusIsOn(anne.page, '[data-testid=shared-notice]', 'the shared notice');
  assert.match((await focused(anne.page)).text, /Delt med Mette Kjærgaard/);
  await assertAccessible(anne.page, 'preparation (shared, keyboard)');

  // ---- the manager: meeting, held, summary, signature -----------------------
  const employeeToken = await login(server.url, EMPLOYEE.email);
  const id = (await api(server.url, employeeToken, 'GET', 'conversations')).body[0].id;
  const mette = await keyboardPage();
  await signInByKeyboard(mette.page, MANAGER.email);
  await mette.page.goto(`${server.url}/conversations/${id}/meeting`);
  await mette.page.locator('#meeting-date').waitFor();
  // The date field already holds the window's first day; typing over it
  // gives what was typed, not a mix of the two.
  assert.notEqual(await mette.page.inputValue('#meeting-date'), '');
  await tabTo(mette.page, '#meeting-date');
  await typeDate(mette.page, danishToday());
  assert.equal(await mette.page.inputValue('#meeting-date'), danishToday(), 'the date typed over another');
  // (A date field's calendar button is a Tab stop of its own.)
  await tabTo(mette.page, '#meeting-time', { max: 3 });
  await mette.page.keyboard.type('0800', { delay: 20 });
  assert.equal(await mette.page.inputValue('#meeting-time'), '08:00', 'the time typed over another');
  await tabTo(mette.page, '#meeting-place');
  await mette.page.keyboard.type('Mødelokale 2');
  await mette.page.keyboard.press('Enter');
  await announced(mette.page, 'Mødet er gemt.');
  await focusIsOn(mette.page, '[data-testid=move-meeting]', 'the button to move the meeting');

  await tabTo(mette.page, '[data-testid=mark-held]');
  await mette.page.keyboard.press('Enter');
  await focusIsOn(mette.page, '[data-testid=mark-held-confirm]');
  await mette.page.keyboard.press('Escape');
  await focusIsOn(mette.page, '[data-testid=mark-held]');
  await mette.page.keyboard.press('Enter');
  await focusIsOn(mette.page, '[data-testid=mark-held-confirm]');
  await mette.page.keyboard.press('Enter');
  await announced(mette.page, 'Samtalen er holdt.');
  await focusIsOn(mette.page, '[data-testid=go-to-summary]', 'the way on to the summary');
  await assertAccessible(mette.page, 'meeting (held, keyboard)');

  await mette.page.keyboard.press('Enter');
  await mette.page.waitForURL(/\/summary$/);
  await focusIsOn(mette.page, 'main h1', "the summary's heading");
  // A new agreement's fields take the focus.
  await tabTo(mette.page, '[data-testid=add-agreement]');
  await mette.page.keyboard.press('Enter');
  await focusIsOn(mette.page, '[data-testid=agreement-title]', "the new agreement's title");
  await mette.page.keyboard.type('Kursus i klarsprog');
  await tabTo(mette.page, '[data-testid=save-summary]');
  await mette.page.keyboard.press('Enter');
  await focusIsOn(mette.page, '[data-testid=summary-saved]', 'the saved notice');
  await tabTo(mette.page, '[data-testid=sign]');
  await mette.page.keyboard.press('Enter');
  await announced(mette.page, 'Du har underskrevet referatet.');
  await focusIsOn(mette.page, '#sign-heading', "the signature card's heading");
  await assertAccessible(mette.page, 'summary (signed by the manager, keyboard)');

  // ---- the employee signs ---------------------------------------------------
  await anne.page.goto(`${server.url}/conversations/${id}/summary`);
  await anne.page.locator('[data-testid=sign]').waitFor();
  await tabTo(anne.page, '[data-testid=sign]');
  await anne.page.keyboard.press('Enter');
  await announced(anne.page, 'Du har underskrevet referatet.');
  await focusIsOn(anne.page, '#sign-heading');
  await anne.page.locator('[data-testid=locked]').waitFor();

  // ---- the team table's filter says how many it shows -----------------------
  await mette.page.goto(`${server.url}/team`);
  await mette.page.locator('[data-testid=team-count]').waitFor();
  await tabTo(mette.page, '#team-name');
  await mette.page.keyboard.type('Anne');
  await mette.page.waitForFunction(
    () => document.querySelector('[data-testid=team-count]')?.textContent === 'Viser 1 af 8',
  );
  assert.equal(await mette.page.getAttribute('[data-testid=team-count]', 'aria-live'), 'polite');

  assert.deepEqual(anne.problems, []);
  assert.deepEqual(mette.problems, []);
  await anne.context.close();
  await mette.context.close();
});
