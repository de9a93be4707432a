// HR's integrations page: a webhook added through the form (refusals next
// to their fields first), its secret shown once, a delivery that reaches a
// real receiver and shows in the page's log, a new secret, and removal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, signedIn } from './browser.mjs';
import { HR, openRound } from './api.mjs';
import { assertAccessible } from './axe.mjs';

const screenshots = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let server;
let browser;
let receiver;
const received = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) });
      response.writeHead(204).end();
    });
  });
  await new Promise((done) => receiver.listen(0, '127.0.0.1', done));
  // The receiver is on loopback, which MUS refuses unless allowed.
  server = await startServer({ MUS_WEBHOOKS_ALLOW_PRIVATE: '1' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((done) => receiver?.close(done));
});

async function until(condition, what) {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

test('HR adds a webhook, sees its delivery, gives it a new secret and removes it', async () => {
  const { page, context } = await signedIn(browser, server.url, HR.email, '/organisation');
  await page.getByRole('link', { name: 'Integrationer' }).click();
  await page.waitForURL('**/admin/integrations');
  await page.getByRole('heading', { name: 'Integrationer', level: 1 }).waitFor();

  // Nothing filled in: each refusal next to its field, the focus on the first.
  await page.click('[data-testid=add-webhook]');
  const urlField = page.locator('#webhook-url');
  assert.equal(await urlField.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#webhook-url ~ .field-error').textContent(), /begynder med https:\/\//);
  assert.match(await page.locator('#webhook-events .field-error').textContent(), /mindst én hændelse/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'webhook-url');

  const address = `http://127.0.0.1:${receiver.address().port}/mus-events`;
  await urlField.fill(address);
  await page.fill('#webhook-description', 'Lønsystemet');
  await page.getByLabel('En runde er åbnet').check();
  await page.getByLabel('En person er oprettet').check();
  await page.click('[data-testid=add-webhook]');
  const secret = page.locator('[data-testid=webhook-secret]');
  await secret.waitFor();
  const first = await secret.textContent();
  assert.match(first, /^whsec_[A-Za-z0-9+/=]{40,}$/);
  assert.equal(await page.locator('[data-testid=webhook-row]').count(), 1);
  assert.match(await page.locator('[data-testid=webhook-row]').textContent(), /Lønsystemet/);

  // An event: the receiver has it, signed, and the page's log shows it sent.
  await openRound(server.url);
  await until(() => received.some((r) => r.body.type === 'round.opened'), 'round.opened received');
  const delivery = received.find((r) => r.body.type === 'round.opened');
  assert.match(delivery.headers['webhook-signature'], /^v1,/);
  assert.ok(delivery.headers['webhook-id']);
  await page.click('[data-testid=show-deliveries]');
  const row = page.locator('[data-testid=webhook-delivery]').first();
  await row.waitFor();
  assert.match(await row.textContent(), /En runde er åbnet/);
  assert.match(await row.textContent(), /Sendt/);
  await assertAccessible(page, 'integrations');
  await page.screenshot({ path: join(screenshots, 'integrations-da.png'), fullPage: true });

  // A new secret, shown once, different from the first.
  await page.getByRole('button', { name: 'Ny nøgle' }).click();
  await page.click('[data-testid=rotate-confirm]');
  await page.waitForFunction((old) => document.querySelector('[data-testid=webhook-secret]')?.textContent !== old, first);
  assert.match(await page.locator('[data-testid=webhook-row]').textContent(), /tidligere nøgle underskriver også/);

  // Removed: gone from the page and from the server.
  await page.getByRole('button', { name: 'Fjern' }).click();
  await page.click('[data-testid=remove-webhook-confirm]');
  await page.locator('[data-testid=webhook-row]').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByText('Der er ingen webhooks endnu.').waitFor();
  await context.close();
});
