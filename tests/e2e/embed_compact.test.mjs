// Issue 14: the compact embed. Every recipe, its parameters filled, embedded
// at 760 px in a docs page that sizes the iframe from the posted height: at
// most 900 px until the reader opens something; the reader sees the fields,
// the policy, Copy JSON and the console button; each tab reveals its view,
// and the posted height follows what is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { docsPage, docsServer } from './support/docs_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();
const MAX_HEIGHT = 900;

const TABS = [
  ['why', 'grants'],
  ['findings', 'findings'],
  ['try', 'sim-action'],
  ['export', 'export-text'],
];

const docs = docsServer();

/** The last posted height, once the frame's content height matches it. */
async function settledHeight(page, frame) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    await page.waitForTimeout(50);
    const posted = await page.evaluate(() => window.heights.at(-1));
    const content = await frame.evaluate(() => document.body.scrollHeight);
    if (posted !== undefined && posted === content && posted === last) return posted;
    last = posted;
  }
  throw new Error(`the posted height never settled (last ${last})`);
}

for (const recipe of RECIPES) {
  test(`embed of ${recipe.id} at 760 px: at most ${MAX_HEIGHT} px until a tab opens`, async (t) => {
    const path = `/${recipe.id}`;
    docs.pages.set(path, docsPage(ctx.server.url + recipeQuery(recipe, {}, '&embed=1')));
    const page = await ctx.browser.newPage({ viewport: { width: 760, height: 900 } });
    try {
      await page.goto(docs.origin + path);
      const frameEl = await page.waitForSelector('#builder');
      const frame = await frameEl.contentFrame();
      await frame.waitForSelector('[data-testid="policy-json"]');
      await frame.waitForFunction(() => document.querySelector('[data-testid="policy-json"]').textContent.includes('"Action"'));
      const closed = await settledHeight(page, frame);
      t.diagnostic(`${recipe.id}: ${closed} px at 760 px wide, nothing open`);
      assert.ok(closed <= MAX_HEIGHT, `${recipe.id}: ${closed} px before anything is opened`);

      // What the reader sees without opening anything.
      for (const p of recipe.params) {
        assert.ok(await frame.isVisible(`[data-testid="param-${p.name}"]`), `field ${p.name} is shown`);
      }
      for (const id of ['policy-json', 'copy-json', 'open-console']) {
        assert.ok(await frame.isVisible(`[data-testid="${id}"]`), `${id} is shown`);
      }
      for (const [, content] of TABS) {
        assert.equal(await frame.isVisible(`[data-testid="${content}"]`), false, `${content} waits behind its tab`);
      }
      // The long policy scrolls in its own box, with Copy JSON still in view.
      const box = await frame.$eval('[data-testid="policy-box"]', (el) => ({
        height: el.clientHeight,
        scrolls: el.scrollHeight > el.clientHeight,
        tabindex: el.getAttribute('tabindex'),
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label'),
      }));
      assert.ok(box.height <= 400, `the policy box is bounded (${box.height} px)`);
      assert.deepEqual([box.tabindex, box.role, Boolean(box.label)], ['0', 'region', true], 'a focusable, named region');
      const copy = await frame.$eval('[data-testid="copy-json"]', (el) => el.getBoundingClientRect().bottom);
      assert.ok(copy <= closed, 'Copy JSON is inside the first screen of the embed');

      // Each tab reveals its view; the height follows it, open and closed.
      for (const [tab, content] of TABS) {
        await frame.click(`[data-testid="tab-${tab}"]`);
        await frame.waitForSelector(`[data-testid="${content}"]`, { state: 'visible' });
        assert.equal(await frame.getAttribute(`[data-testid="tab-${tab}"]`, 'aria-selected'), 'true');
        const open = await settledHeight(page, frame);
        assert.ok(open > closed, `${tab}: the posted height grows when it opens (${closed} → ${open})`);
        const others = TABS.filter(([t]) => t !== tab);
        for (const [, other] of others) {
          assert.equal(await frame.isVisible(`[data-testid="${other}"]`), false, `${other} stays closed while ${tab} is open`);
        }
      }
      await frame.click('[data-testid="tab-export"]');
      assert.equal(await frame.getAttribute('[data-testid="tab-export"]', 'aria-selected'), 'false', 'choosing the open tab closes it');
      const again = await settledHeight(page, frame);
      assert.equal(again, closed, 'closed again, the height shrinks back');
    } finally {
      await page.close();
    }
  });
}

test('the embed tabs follow the WAI-ARIA Tabs pattern', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const page = await ctx.browser.newPage({ viewport: { width: 760, height: 900 } });
  try {
    await page.goto(ctx.server.url + recipeQuery(recipe, {}, '&embed=1'));
    await page.waitForSelector('[data-testid="tab-why"]');
    const tabindexes = () =>
      page.$$eval('[role="tablist"][aria-label="More about this policy"] [role="tab"]', (tabs) =>
        tabs.map((t) => `${t.dataset.testid}:${t.tabIndex}`)
      );
    assert.deepEqual(await tabindexes(), ['tab-why:0', 'tab-findings:-1', 'tab-try:-1', 'tab-export:-1'], 'one tab in the Tab order');
    await page.focus('[data-testid="tab-why"]');
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-findings');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'tab-export');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-why', 'wraps around');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'tab-export');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await tabindexes(), ['tab-why:-1', 'tab-findings:0', 'tab-try:-1', 'tab-export:-1'], 'the roving tabindex follows focus');
    assert.equal(await page.isVisible('[data-testid="findings"]'), false, 'moving focus does not open a tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="findings"]', { state: 'visible' });
    const panel = await page.$eval('#panel-findings', (p) => [p.getAttribute('role'), p.getAttribute('aria-labelledby')]);
    assert.deepEqual(panel, ['tabpanel', 'tab-findings']);
  } finally {
    await page.close();
  }
});
