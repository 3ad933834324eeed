// Issue 14: no sideways scroll, ever. On every screen (start, every recipe,
// the scratch builder with a long ARN and with a long policy, the import
// screen with a 100 KB paste, embed mode with each tab open), at 320 to
// 1920 px, the document is never wider than the viewport; and on wide
// screens the policy pane stays in view while the inputs scroll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { suite } from './support/suite.mjs';
import { AppPage, pasteIntoImport, sidewaysScroll } from './support/app_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();

const WIDTHS = [320, 360, 768, 1280, 1920];
// The longest bucket name S3 allows, and an object key longer than any line.
const BUCKET_63 = 'docs-example-bucket-with-the-longest-name-s3-allows-0123456789a';
const LONG_KEY = 'releases/2026/12/a-very-long-directory-name-for-the-javascript-bundles/of-the-docs-site/app';

async function assertNoSidewaysScroll(app, screen) {
  for (const width of WIDTHS) {
    await app.page.setViewportSize({ width, height: 900 });
    // Two frames: layout settles after the resize observer and the reflow.
    await app.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const m = await sidewaysScroll(app.page);
    assert.ok(
      m.scrollWidth <= m.clientWidth,
      `${screen} at ${width} px: the document is ${m.scrollWidth} px wide in ${m.clientWidth} px (${m.culprits.join('; ')})`
    );
  }
}

test('the scratch-builder fixture names are as long as the story says', () => {
  assert.equal(BUCKET_63.length, 63);
  assert.ok(LONG_KEY.length > 80);
});

test('start screen: no sideways scroll', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-scratch').waitFor();
  await assertNoSidewaysScroll(app, 'start');
});

for (const recipe of RECIPES) {
  test(`recipe ${recipe.id} with long values: no sideways scroll`, async () => {
    const long = {};
    for (const p of recipe.params) {
      if (p.kind === 'bucket') long[p.name] = BUCKET_63;
      if (p.kind === 'path') long[p.name] = LONG_KEY;
    }
    const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, long));
    await app.policyJson();
    if (Object.keys(long).length) {
      await app.waitForPolicy((t) => Object.values(long).some((v) => t.includes(v)));
    }
    await assertNoSidewaysScroll(app, recipe.id);
    await app.byTestId('show-embed').click();
    await app.byTestId('embed-snippet').waitFor();
    await assertNoSidewaysScroll(app, `${recipe.id} with the embed snippet open`);
  });
}

test('scratch builder with a 63-character bucket and a long key: no sideways scroll', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-scratch').click();
  await app.byTestId('action-search').fill('putobject');
  await app.byTestId('action-result-s3:PutObject').click();
  await app.byTestId('arn-s3-object-BucketName').fill(BUCKET_63);
  await app.byTestId('arn-s3-object-ObjectName').fill(LONG_KEY);
  await app.waitForPolicy((t) => t.includes(`arn:aws:s3:::${BUCKET_63}/${LONG_KEY}`));
  await assertNoSidewaysScroll(app, 'scratch builder');
});

test('import with a 100 KB paste, then the long policy in the builder: no sideways scroll', async () => {
  const large = readFileSync('tests/fixtures/large-policy.json', 'utf8');
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').click();
  await app.byTestId('import-text').waitFor();
  await pasteIntoImport(app.page, large);
  await assertNoSidewaysScroll(app, 'import (100 KB)');
  await app.byTestId('continue-import').click();
  await app.waitForPolicy((t) => t.split('\n').length > 200);
  await assertNoSidewaysScroll(app, 'scratch builder with the imported policy');
});

test('embed mode, closed and with each tab open: no sideways scroll', async () => {
  const recipe = RECIPES.find((r) => r.id === 'js-publisher');
  const query = recipeQuery(recipe, { bucket: BUCKET_63, container: LONG_KEY }, '&lock=bucket&embed=1');
  const app = await AppPage.open(ctx.browser, ctx.server, query);
  await app.waitForPolicy((t) => t.includes(BUCKET_63));
  await assertNoSidewaysScroll(app, 'embed');
  for (const tab of ['why', 'findings', 'try', 'export']) {
    await app.byTestId(`tab-${tab}`).click();
    await assertNoSidewaysScroll(app, `embed, ${tab} open`);
  }
});

test('wide screens: the policy pane stays in view while the inputs scroll', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.page.setViewportSize({ width: 1280, height: 700 });
  await app.byTestId('start-scratch').click();
  // Three services make the inputs much taller than the viewport.
  for (const [search, id] of [['putobject', 's3:PutObject'], ['getqueueurl', 'sqs:GetQueueUrl'], ['createinvalidation', 'cloudfront:CreateInvalidation']]) {
    await app.byTestId('action-search').fill(search);
    await app.byTestId(`action-result-${id}`).click();
  }
  await app.byTestId('group-cloudfront').waitFor();
  await app.byTestId('arn-s3-object-BucketName').fill('mojito-example');
  await app.byTestId('arn-s3-object-ObjectName').fill('js/*');
  await app.waitForPolicy((t) => t.includes('s3:PutObject'));
  const tall = await app.page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(tall > 1400, `the page is taller than two viewports (${tall} px)`);
  const pane = app.byTestId('policy-pane');
  const inputs = app.page.locator('.inputs');
  const before = await pane.boundingBox();
  const inputsBefore = await inputs.boundingBox();
  assert.ok(before.x > inputsBefore.x + inputsBefore.width - 1, 'two panes: the policy is beside the inputs');
  await app.page.evaluate(() => window.scrollTo(0, 900));
  await app.page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
  const after = await pane.boundingBox();
  assert.ok(after.y >= 0 && after.y < 40, `the pane stays at the top (y = ${after.y})`);
  for (const id of ['policy-json', 'copy-json', 'open-console', 'size-meter']) {
    const box = await app.byTestId(id).boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 700, `${id} is in view after scrolling (y = ${box.y})`);
  }
});

test('narrow screens: one column, the policy right after the inputs', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(RECIPES.find((r) => r.id === 'js-publisher')));
  await app.page.setViewportSize({ width: 360, height: 800 });
  await app.policyJson();
  const inputs = await app.page.locator('.inputs').boundingBox();
  const pane = await app.byTestId('policy-pane').boundingBox();
  const details = await app.page.locator('.details').boundingBox();
  assert.ok(pane.y >= inputs.y + inputs.height - 1, 'the policy comes after the inputs');
  assert.ok(details.y >= pane.y + pane.height - 1, 'and before the rest');
  assert.ok(Math.abs(pane.x - inputs.x) < 1, 'in the same column');
});
