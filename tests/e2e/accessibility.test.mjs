// Story 9: axe reports no violations on the start, builder, import and embed
// screens, and story 2 can be done with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

async function violations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [name, query, prepare] of [
  ['start', '', null],
  ['builder', '?recipe=js-publisher&bucket=mojito-example&container=app', null],
  ['import', '', async (app) => {
    await app.byTestId('start-import').click();
    await app.byTestId('import-text').fill('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}');
    await app.byTestId('import-total').waitFor();
  }],
  ['embed', '?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket&embed=1', null],
]) {
  test(`axe: no violations on the ${name} screen`, async () => {
    const app = await AppPage.open(ctx.browser, ctx.server, query);
    await app.policyJson();
    if (prepare) await prepare(app);
    assert.deepEqual(await violations(app.page), []);
  });
}

test('keyboard only: search putobject, add it, fill the bucket and key', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  const page = app.page;
  // Tab to an element, pressing Tab at most 60 times.
  async function tabTo(testid) {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const here = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (here === testid) return;
    }
    throw new Error(`could not reach ${testid} with Tab`);
  }
  await tabTo('start-scratch');
  await page.keyboard.press('Enter');
  await tabTo('action-search');
  await page.keyboard.type('putobject');
  // The search is a combobox: Enter picks the first option, focus stays put.
  await page.keyboard.press('Enter');
  await tabTo('arn-s3-object-BucketName');
  await page.keyboard.type('mojito-example');
  await tabTo('arn-s3-object-ObjectName');
  await page.keyboard.type('js/app.js');
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-example/js/app.js'));
});
