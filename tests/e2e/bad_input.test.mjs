// Story 3: a bad bucket name shows its rule beside the field and the last
// valid policy stays; a corrupted share link gives a clear message and a
// fresh builder.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

test('an invalid bucket name keeps the last valid policy', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '?recipe=js-publisher&bucket=mojito-example&container=app');
  const good = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-example/js/app.js'));
  await app.byTestId('param-bucket').fill('Mojito_Example');
  const error = app.byTestId('param-bucket-error');
  await error.waitFor();
  assert.match(await error.textContent(), /lowercase/);
  assert.equal(await app.byTestId('policy-json').textContent(), good, 'the last valid policy stays');
  await app.byTestId('param-bucket').fill('mojito-other');
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-other/js/app.js'));
  assert.equal(await error.count(), 0, 'the error goes away');
  await app.assertClean(assert);
});

test('a corrupted share link says so and opens a fresh builder', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '#s=AZZZ-not-a-real-link');
  const notice = app.byTestId('notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /damaged or from a newer version/);
  assert.equal(
    await app.policyJson(),
    '{\n    "Version": "2012-10-17",\n    "Statement": []\n}',
  );
  assert.deepEqual(app.errors, []);
  await app.assertClean(assert);
});
