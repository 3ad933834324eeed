// Issue 19: a preset or share link paints its policy before the app loads.
// The small first-policy module (src/first_policy.rs), started by
// static/preload.js, generates it from the recipes' part of the catalog it
// carries, or from the catalog file for other services; the app is fetched only
// after it is on screen, and takes the page over with the same document.
// When the first module cannot paint, or the app cannot start, the reader
// is never left with less than before.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();
const APP = /\/iam-policy-builder-[0-9a-f]+(_bg\.wasm|\.js)$/;
const FIRST = /\/first-policy-[0-9a-f]+(_bg\.wasm|\.js)$/;
const CATALOG = /\/catalog\/core-[0-9a-f]+\.txt$/;

/**
 * Keeps, in the page, the first painted policy's text, which requests had
 * started by then, and whether the app's own policy was there too.
 */
function watchFirstPaint(page) {
  return page.addInitScript(() => {
    window.__firstPaint = null;
    new MutationObserver(() => {
      const painted = document.querySelector('[data-testid="first-policy-json"]');
      if (painted && window.__firstPaint === null) {
        window.__firstPaint = {
          text: painted.textContent,
          requested: performance.getEntriesByType('resource').map((e) => e.name),
          app: document.querySelector('[data-testid="policy-json"]') !== null,
          root: painted.closest('[data-testid="first-paint"]').className,
          theme: document.documentElement.getAttribute('data-theme'),
        };
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/** The page's share link (`#s=…`) once its state is written; closes it. */
async function shareLinkOf(app) {
  await app.page.waitForFunction(() => window.location.hash.startsWith('#s='));
  await app.page.waitForTimeout(500);
  const hash = await app.page.evaluate(() => window.location.hash);
  await app.page.context().close();
  return hash;
}

/** Waits for the app's builder to take the page over; returns its policy. */
async function appTakesOver(app) {
  await app.page.locator('.first-paint').waitFor({ state: 'detached' });
  return app.waitForPolicy((t) => t.includes('arn:'));
}

test('every recipe link paints its policy before the app is fetched, and the app takes over with the same document', async () => {
  for (const recipe of RECIPES) {
    const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe), { setup: watchFirstPaint });
    const policy = await appTakesOver(app);
    const first = await app.page.evaluate(() => window.__firstPaint);
    assert.ok(first, `${recipe.id}: a policy was painted before the app`);
    assert.equal(first.app, false, `${recipe.id}: the app was not on screen yet`);
    assert.deepEqual(first.requested.filter((u) => APP.test(u)), [], `${recipe.id}: the app was not requested before it`);
    assert.equal(first.requested.filter((u) => FIRST.test(u)).length, 2, `${recipe.id}: the first module's glue and wasm`);
    // The first module carries the recipes' part of the catalog.
    assert.deepEqual(first.requested.filter((u) => CATALOG.test(u)), [], `${recipe.id}: no catalog before the policy`);
    assert.equal(first.text, policy, `${recipe.id}: the app shows the same document`);
    // The builder can be edited once it is there.
    await app.byTestId(`param-${recipe.params[0].name}`).waitFor();
    await app.assertClean(assert);
    await app.page.context().close();
  }
});

test('a share link paints the state it holds first', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const first = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { bucket: 'before-edit' }));
  await first.waitForPolicy((t) => t.includes('before-edit'));
  // An edit the link does not have: only the share fragment carries it.
  await first.byTestId('param-bucket').fill('after-edit');
  const edited = await first.waitForPolicy((t) => t.includes('after-edit'));
  const hash = await shareLinkOf(first);

  const app = await AppPage.open(ctx.browser, ctx.server, hash, { setup: watchFirstPaint });
  const policy = await appTakesOver(app);
  const painted = await app.page.evaluate(() => window.__firstPaint);
  assert.ok(painted, 'a policy was painted before the app');
  assert.equal(painted.text, edited, 'the shared, edited document');
  assert.equal(policy, edited);
  await app.page.context().close();
});

test('a share link naming a service outside the recipes paints its policy from the catalog file', async () => {
  const first = await AppPage.open(ctx.browser, ctx.server);
  await first.byTestId('start-scratch').click();
  await first.byTestId('action-search').fill('listqueues');
  await first.byTestId('action-result-sqs:ListQueues').click();
  const built = await first.waitForPolicy((t) => t.includes('sqs:ListQueues'));
  const hash = await shareLinkOf(first);

  const app = await AppPage.open(ctx.browser, ctx.server, hash, { setup: watchFirstPaint });
  await app.page.locator('.first-paint').waitFor({ state: 'detached' });
  const policy = await app.waitForPolicy((t) => t.includes('sqs:ListQueues'));
  const painted = await app.page.evaluate(() => window.__firstPaint);
  assert.ok(painted, 'a policy was painted before the app');
  assert.equal(painted.app, false, 'the app was not on screen yet');
  assert.equal(painted.requested.filter((u) => CATALOG.test(u)).length, 1, 'the catalog file, which has SQS');
  assert.deepEqual(painted.requested.filter((u) => APP.test(u)), [], 'the app was not requested before it');
  assert.equal(painted.text, built, 'the shared document');
  assert.equal(policy, built);
  await app.assertClean(assert);
  await app.page.context().close();
});

test('an embed link paints in the compact layout, with the theme it asks for', async () => {
  const recipe = RECIPES.find((r) => r.id === 'static-site-deploy');
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, {}, '&embed=1&theme=dark'), {
    setup: watchFirstPaint,
  });
  await appTakesOver(app);
  const first = await app.page.evaluate(() => window.__firstPaint);
  assert.ok(first, 'a policy was painted before the app');
  assert.match(first.root, /\bembed\b/, 'the compact layout of an embed');
  assert.equal(first.theme, 'dark');
  await app.page.context().close();
});

test('links it cannot paint start the app at once: the start page, a bad value, the commands input', async () => {
  const start = await AppPage.open(ctx.browser, ctx.server, '', { setup: watchFirstPaint });
  await start.byTestId('start-scratch').waitFor();
  assert.deepEqual(start.requests.filter((u) => FIRST.test(u)), [], 'the start page never fetches the first module');
  await start.page.context().close();

  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const bad = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { bucket: 'Not_A_Bucket' }), {
    setup: watchFirstPaint,
  });
  await bad.byTestId('param-bucket-error').waitFor();
  assert.equal(await bad.page.evaluate(() => window.__firstPaint), null, 'nothing painted for a bad value');
  assert.match(await bad.byTestId('param-bucket-error').textContent(), /lowercase/);
  await bad.page.context().close();

  const commands = await AppPage.open(ctx.browser, ctx.server, '?commands=aws%20s3%20ls%20s3%3A%2F%2Fmy-bucket', {
    setup: watchFirstPaint,
  });
  await commands.waitForPolicy((t) => t.includes('s3:ListBucket'));
  assert.equal(await commands.page.evaluate(() => window.__firstPaint), null, 'the commands input needs the app');
  await commands.page.context().close();
});

test('when the app cannot start, the painted policy stays and the reason is shown', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { bucket: 'still-here' }), {
    setup: (page) => page.route(APP, (route) => route.fulfill({ status: 404, body: 'not found' })),
  });
  const fatal = app.byTestId('fatal-error');
  await fatal.waitFor();
  assert.match(await fatal.textContent(), /could not start/);
  const painted = app.byTestId('first-policy-json');
  assert.ok(await painted.isVisible(), 'the policy is still on screen');
  assert.match(await painted.textContent(), /arn:aws:s3:::still-here\//);
  assert.ok(await app.byTestId('first-paint-loading').isVisible(), 'it says the editor is still to come');
  await app.page.context().close();
});

test('when the first module cannot load, the app opens the link all the same', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { bucket: 'app-alone' }), {
    setup: async (page) => {
      await watchFirstPaint(page);
      await page.route(FIRST, (route) => route.fulfill({ status: 404, body: 'not found' }));
    },
  });
  await app.waitForPolicy((t) => t.includes('app-alone'));
  assert.equal(await app.page.evaluate(() => window.__firstPaint), null);
  assert.equal(await app.byTestId('fatal-error').count(), 0, 'no error: the app did the job');
  await app.page.context().close();
});

test('the painted policy is laid out as the builder is, with no sideways scroll, at 360, 768 and 1280 px', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  for (const width of [360, 768, 1280]) {
    for (const embed of ['', '&embed=1']) {
      const context = await ctx.browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      // The app is held back, so the painted policy stays on screen.
      let release;
      const held = new Promise((ok) => (release = ok));
      await page.route(APP, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(ctx.server.url + recipeQuery(recipe, {}, embed));
      const painted = page.locator('[data-testid="first-policy-json"]');
      await painted.waitFor();
      const seen = await page.evaluate(() => {
        const box = (sel) => document.querySelector(sel)?.getBoundingClientRect();
        const pane = box('.first-paint .policy-pane');
        return {
          sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          paneFits: pane.left >= 0 && pane.right <= document.documentElement.clientWidth + 0.5,
          promise: document.querySelector('.first-paint .no-credentials')?.textContent ?? null,
          tagline: document.querySelector('.first-paint .tagline')?.textContent ?? null,
          heading: document.querySelector('.first-paint .recipe-head h2')?.textContent,
        };
      });
      const name = `${width} px${embed ? ', embedded' : ''}`;
      assert.equal(seen.sideways, false, `${name}: no sideways scroll`);
      assert.ok(seen.paneFits, `${name}: the policy fits the width`);
      assert.equal(seen.heading, recipe.title, `${name}: the recipe's heading`);
      if (embed) {
        assert.equal(seen.promise, null, `${name}: an embed has no header`);
      } else {
        assert.match(seen.promise, /never asks for, stores or sends AWS credentials/, `${name}: the promise is there`);
      }
      release();
      await page.locator('.first-paint').waitFor({ state: 'detached' });
      // The painted header has the app's own words (static/preload.js copies them).
      const app = await page.evaluate(() => ({
        promise: document.querySelector('.app-header .no-credentials')?.textContent ?? null,
        tagline: document.querySelector('.app-header .tagline')?.textContent ?? null,
      }));
      assert.deepEqual(app, { promise: seen.promise, tagline: seen.tagline }, `${name}: the same header as the app's`);
      await context.close();
    }
  }
});
