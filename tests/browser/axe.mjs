// Runs axe-core in a page and fails on any serious or critical violation of
// WCAG 2.1 A/AA. axe comes from the npm registry (package.json) and is
// injected as a script, so the page under test needs no change for it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/// Every page checked in this run, with how many serious or critical
/// violations it had (always 0 when the run passes), for the summary line.
export const checked = [];

export async function assertAccessible(page, name) {
  // CSP forbids inline scripts on the app's pages; evaluate runs as the
  // debugger, which the policy does not govern.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  checked.push({ name, serious: bad.length });
  const described = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');
  assert.equal(bad.length, 0, `axe on ${name}:\n${described}`);
}
