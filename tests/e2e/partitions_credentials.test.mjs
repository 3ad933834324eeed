// Stories 7 and 8: switching partition changes every ARN and the console
// host; an access key id typed into a field is refused and appears nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();
const PRESET = '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012&distribution=E2EXAMPLE1';

test('aws-cn and aws-us-gov change every ARN and the console host', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET);
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-example'));
  for (const [partition, host] of [
    ['aws-cn', 'console.amazonaws.cn'],
    ['aws-us-gov', 'console.amazonaws-us-gov.com'],
  ]) {
    await app.byTestId('partition').selectOption(partition);
    const text = await app.waitForPolicy((t) => t.includes(`arn:${partition}:`));
    const arns = [...text.matchAll(/"arn:([a-z-]+):/g)].map((m) => m[1]);
    assert.ok(arns.length >= 3);
    assert.ok(arns.every((p) => p === partition), `${partition}: ${arns}`);
    assert.equal(
      await app.byTestId('open-console').getAttribute('href'),
      `https://${host}/iam/home#/policies/create`,
    );
  }
  await app.assertClean(assert);
});

test('an access key id is refused in every field', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET);
  await app.waitForPolicy((t) => t.includes('mojito-example'));
  const KEY = 'AKIAIOSFODNN7EXAMPLE';
  for (const id of ['param-bucket', 'param-container', 'param-account']) {
    await app.byTestId(id).fill(KEY);
    await app.byTestId(`${id}-credential`).waitFor();
    assert.notEqual(await app.byTestId(id).inputValue(), KEY, `${id} keeps no key`);
  }
  assert.ok(!app.page.url().includes(KEY), 'not in the URL');
  const html = await app.page.content();
  assert.ok(!html.includes(KEY), 'not in the DOM');
  const values = await app.page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => e.value));
  assert.ok(values.every((v) => !v.includes(KEY)), 'no input holds it');
  await app.assertClean(assert);
});
