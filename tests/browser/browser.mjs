// Chromium for the browser tests, and a page signed in as someone.
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, DEMO_PASSWORD } from './server.mjs';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/// A fresh browser context signed in as `email`, on `path` (reached through
/// the sign-in page, which sends the person back to it). `problems` collects
/// page errors and console errors other than the responses in `expected`,
/// which a test provokes on purpose.
export async function signedIn(browser, baseUrl, email, path = '/', options = {}) {
  const { width = 1280, height = 900, expected = /status of 401/ } = options;
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  await page.goto(baseUrl + path);
  await page.waitForURL(/\/login/);
  await page.fill('input#email', email);
  await page.fill('input#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname === path);
  return { page, context, problems };
}

/// The places where the text of the element matched by `selector` wraps onto
/// a new line, each as the character before the break: a long Danish word
/// must break at a soft hyphen (shown as a hyphen), never between two letters.
export async function lineBreaks(page, selector) {
  return page.locator(selector).first().evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const before = [];
    let lastTop = null;
    let previous = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        // A letter just after a break can report a box at the end of the
        // line before as well; where it is drawn is its last box.
        const rect = [...range.getClientRects()].filter((r) => r.width > 0).at(-1);
        if (!rect) {
          previous = node.data[i];
          continue;
        }
        if (lastTop !== null && rect.top > lastTop + rect.height / 2) before.push(previous);
        lastTop = rect.top;
        previous = node.data[i];
      }
    }
    return before;
  });
}
