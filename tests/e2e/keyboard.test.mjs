// Story: the pickers are WAI-ARIA comboboxes, used with the keyboard alone.
// Type `s3` in the service picker and press Enter: the s3 group appears.
// Type `putobject` in the action search and press Enter: `s3:PutObject` is
// in the JSON (once its bucket and key are typed). The open listboxes add
// no axe violation, in either theme, at 360 and 1280 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

/** Tabs to the element with `testid`, pressing Tab at most 60 times. */
async function tabTo(page, testid) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (here === testid) return;
  }
  throw new Error(`could not reach ${testid} with Tab`);
}

/** The `data-testid` of the option the focused combobox names as active. */
function activeOption(page) {
  return page.evaluate(() => {
    const id = document.activeElement?.getAttribute('aria-activedescendant');
    return id ? document.getElementById(id)?.getAttribute('data-testid') ?? `missing ${id}` : null;
  });
}

test('keyboard only: s3 + Enter adds the group, putobject + Enter puts s3:PutObject in the JSON', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  const page = app.page;
  await tabTo(page, 'start-scratch');
  await page.keyboard.press('Enter');

  await tabTo(page, 'service-search');
  await page.keyboard.type('s3');
  const picker = app.byTestId('service-search');
  assert.equal(await picker.getAttribute('role'), 'combobox');
  assert.equal(await picker.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Enter');
  await app.byTestId('group-s3').waitFor();
  assert.equal(await app.byTestId('service-search-status').textContent(), 'Added s3 (Amazon S3)');
  assert.equal(await picker.inputValue(), '');

  await tabTo(page, 'action-search');
  await page.keyboard.type('putobject');
  await page.keyboard.press('Enter');
  assert.equal(await app.byTestId('action-search-status').textContent(), 'Added s3:PutObject');
  await tabTo(page, 'arn-s3-object-BucketName');
  await page.keyboard.type('mojito-example');
  await tabTo(page, 'arn-s3-object-ObjectName');
  await page.keyboard.type('js/app.js');
  const text = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-example/js/app.js'));
  const st = JSON.parse(text).Statement.find((s) => s.Resource === 'arn:aws:s3:::mojito-example/js/app.js');
  assert.ok([st.Action].flat().includes('s3:PutObject'), text);
  await app.assertClean(assert);
});

test('arrow keys move the active option and wrap; Escape closes, then clears', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  const page = app.page;
  await tabTo(page, 'start-scratch');
  await page.keyboard.press('Enter');
  await tabTo(page, 'service-search');
  await page.keyboard.type('s3');
  const options = await app.byTestId('service-search')
    .evaluate((input) => [...document.getElementById(input.getAttribute('aria-controls')).querySelectorAll('[role="option"]')]
      .map((o) => o.getAttribute('data-testid')));
  assert.equal(options[0], 'service-s3', 'the exact prefix first');
  assert.ok(options.length >= 3, options.join(' '));

  assert.equal(await activeOption(page), null);
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeOption(page), options[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeOption(page), options[1]);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await activeOption(page), options.at(-1), 'Up from the first wraps to the last');
  await page.keyboard.press('Enter');
  const last = options.at(-1).replace('service-', '');
  await app.byTestId(`group-${last}`).waitFor();

  await page.keyboard.type('s3');
  await page.keyboard.press('Escape');
  const picker = app.byTestId('service-search');
  assert.equal(await picker.getAttribute('aria-expanded'), 'false');
  assert.equal(await picker.inputValue(), 's3', 'the first Escape keeps the text');
  await page.keyboard.press('Escape');
  assert.equal(await picker.inputValue(), '', 'the second clears it');
});

for (const theme of ['light', 'dark']) {
  for (const width of [360, 1280]) {
    test(`axe: the open listboxes add no violations (${theme}, ${width} px)`, async () => {
      const app = await AppPage.open(ctx.browser, ctx.server);
      const page = app.page;
      await page.setViewportSize({ width, height: 900 });
      await app.policyJson();
      await app.byTestId('theme').selectOption(theme);
      await app.byTestId('start-scratch').click();
      for (const [input, query] of [['service-search', 's3'], ['action-search', 'putobject']]) {
        await app.byTestId(input).click();
        await page.keyboard.type(query);
        await page.keyboard.press('ArrowDown');
        assert.equal(await app.byTestId(input).getAttribute('aria-expanded'), 'true');
        assert.ok(await activeOption(page), 'an option is active');
        const result = await new AxeBuilder({ page }).analyze();
        const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        assert.deepEqual(found, [], `${input} open`);
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
      }
    });
  }
}
