// Story 4: pasting the Amplify workshop policy shows PassRole on * and s3:*,
// the grant counts, and "Continue in the builder" keeps what can be kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();
const AMPLIFY = readFileSync('tests/fixtures/amplify-workshop-policy.json', 'utf8');

test('import the Amplify workshop policy', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').click();
  await app.byTestId('import-text').fill(AMPLIFY);
  const total = app.byTestId('import-total');
  await total.waitFor();
  assert.match(await total.textContent(), /It grants \d{3} actions/);
  const findings = await app.byTestId('findings').textContent();
  assert.match(findings, /iam:PassRole on every role/);
  assert.match(findings, /"s3:\*" grants every s3 action/);
  await app.byTestId('continue-import').click();
  const text = await app.waitForPolicy((t) => t.includes('iam:PassRole'));
  assert.ok(!text.includes('"s3:*"'), 'service wildcards are not carried over silently');
  await app.assertClean(assert);
});

test('a broken paste shows where it breaks', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').click();
  await app.byTestId('import-text').fill('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Alow"}]\n}');
  const error = app.byTestId('import-error');
  await error.waitFor();
  assert.match(await error.textContent(), /line 3/);
  await app.assertClean(assert);
});
