// Issue 19: only what the first policy needs comes before it. A preset
// link opens straight on its builder (the start page is never built), the
// policy is on screen before the findings, the grants, the exports and the
// share link, and those arrive after it without anything else happening,
// even in an embed that is out of view.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';
import { docsPage, docsServer } from './support/docs_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();
const docs = docsServer();

/** Records, in DOM mutation order, when each watched thing first appears. */
function watchLoadOrder(page) {
  return page.addInitScript(() => {
    window.__order = [];
    window.__atFirstPolicy = null;
    const seen = new Set();
    const note = (what) => {
      if (!seen.has(what)) {
        seen.add(what);
        window.__order.push(what);
      }
    };
    const check = () => {
      const policy = document.querySelector('[data-testid="policy-json"]');
      if (policy && policy.textContent.includes('arn:') && !seen.has('policy')) {
        note('policy');
        window.__atFirstPolicy = {
          pending: document.querySelector('[data-testid="details-pending"]') !== null,
          findings: document.querySelector('[data-testid="findings"]') !== null,
          hash: window.location.hash,
        };
      }
      if (document.querySelector('[data-testid="start-scratch"]')) note('start page');
      if (document.querySelector('[data-testid="catalog-loading"]')) note('catalog loading');
      if (document.querySelector('[data-testid="findings"]')) note('findings');
      if (document.querySelector('[data-testid="grants"]')) note('grants');
      if (document.querySelector('[data-testid="export-text"]')) note('exports');
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

test('a preset link shows its policy first, and the findings, grants, exports and share link after it', async () => {
  const recipe = RECIPES.find((r) => r.id === 'amplify-workshop');
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { project: 'docsproject' }), {
    setup: watchLoadOrder,
  });
  await app.waitForPolicy((t) => t.includes('docsproject'));
  // The findings this recipe has (see findings.test.mjs) arrive on their own.
  await app.page.locator('[data-testid="findings"] [data-testid="finding"]').first().waitFor();
  // The share link is written into the fragment once the policy is in.
  await app.page.waitForFunction(() => window.location.hash.startsWith('#s='));

  const at = await app.page.evaluate(() => window.__atFirstPolicy);
  assert.deepEqual(at, { pending: true, findings: false, hash: '' },
    'with the first policy on screen, the details say they are coming and the fragment is untouched');
  const order = await app.page.evaluate(() => window.__order);
  assert.ok(!order.includes('start page'), `the start page is never built for a preset link: ${order}`);
  assert.equal(order[0], 'catalog loading', `the builder waits for the catalog first: ${order}`);
  assert.equal(order[1], 'policy', `the policy comes next: ${order}`);
  for (const later of ['findings', 'grants', 'exports']) {
    assert.ok(order.indexOf(later) > order.indexOf('policy'), `${later} after the policy: ${order}`);
  }
  assert.equal(await app.byTestId('details-pending').count(), 0, 'the pending note goes once the details are in');
  await app.assertClean(assert);
  await app.page.context().close();
});

test('a share link opens on its builder, not on the start page', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const first = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe));
  await first.waitForPolicy((t) => t.includes('arn:'));
  await first.page.waitForFunction(() => window.location.hash.startsWith('#s='));
  const hash = await first.page.evaluate(() => window.location.hash);
  const policy = await first.policyJson();
  await first.page.context().close();

  const app = await AppPage.open(ctx.browser, ctx.server, hash, { setup: watchLoadOrder });
  await app.waitForPolicy((t) => t.includes('arn:'));
  assert.equal(await app.policyJson(), policy, 'the same policy');
  const order = await app.page.evaluate(() => window.__order);
  assert.ok(!order.includes('start page'), `the start page is never built for a share link: ${order}`);
  await app.page.context().close();
});

test('an embed out of view gets its details without waiting for the reader to scroll to it', async () => {
  const recipe = RECIPES.find((r) => r.id === 'amplify-workshop');
  const src = ctx.server.url + recipeQuery(recipe, { project: 'docsproject' }, '&embed=1');
  // The iframe sits far below the fold on a page from another origin.
  docs.pages.set('/below-the-fold', docsPage(src, { above: '<div style="height: 4000px">A long guide.</div>' }));
  const context = await ctx.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(docs.origin + '/below-the-fold');
  const frame = page.frameLocator('#builder');
  await frame.locator('[data-testid="policy-json"]').waitFor({ state: 'attached' });
  // No scrolling: the details arrive while the iframe is out of view, where
  // Chromium holds back its animation frames.
  await frame.locator('[data-testid="details-pending"]').waitFor({ state: 'detached', timeout: 5_000 });
  // Embedded, the details wait behind their tabs.
  await frame.locator('[data-testid="tab-findings"]').waitFor({ state: 'attached' });
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the reader has not scrolled');
  const inFrameView = await page.evaluate(() => {
    const box = document.getElementById('builder').getBoundingClientRect();
    return box.top < window.innerHeight;
  });
  assert.equal(inFrameView, false, 'the iframe is still below the fold');
  await context.close();
});
