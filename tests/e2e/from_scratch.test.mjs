// Story 2: from scratch, search an action, fill the resource, watch the JSON
// follow every keystroke; it equals the CLI's output for the same choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

function cliGenerate(choices) {
  const bin = ['target/debug/policy-builder', 'target/release/policy-builder'].find(existsSync);
  assert.ok(bin, 'the policy-builder CLI is built (cargo test builds it)');
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const file = join(dir, 'choices.json');
  writeFileSync(file, JSON.stringify(choices));
  return execFileSync(bin, ['generate', '--choices', file], { encoding: 'utf8' }).trimEnd();
}

test('search putobject, fill bucket and path, JSON updates per keystroke', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-scratch').click();
  await app.byTestId('action-search').fill('putobject');
  await app.byTestId('action-result-s3:PutObject').click();

  const bucket = app.byTestId('arn-s3-object-BucketName');
  const key = app.byTestId('arn-s3-object-ObjectName');
  await key.fill('js/app.js');
  const seen = [];
  await bucket.click();
  for (const ch of 'mojito-example') {
    await bucket.press(ch);
    seen.push(await app.byTestId('policy-json').textContent());
  }
  // Every valid prefix of the name (3+ characters) produced its own policy.
  const distinct = new Set(seen.filter((t) => t.includes('arn:aws:s3:::')));
  assert.ok(distinct.size >= 10, `the JSON followed the keystrokes (${distinct.size} versions)`);
  const text = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::mojito-example/js/app.js'));

  const want = cliGenerate({
    partition: 'aws',
    groups: [{ service: 's3', actions: ['PutObject'], resources: { object: [{ BucketName: 'mojito-example', ObjectName: 'js/app.js' }] } }],
  });
  assert.equal(text, want);
  await app.assertClean(assert);
});

test('add s3:ListBucket with an s3:prefix condition', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-scratch').click();
  await app.byTestId('action-search').fill('listbucket');
  await app.byTestId('action-result-s3:ListBucket').click();
  await app.byTestId('arn-s3-bucket-BucketName').fill('mojito-example');
  await app.page.getByLabel('Add a condition').selectOption({ label: 'S3 key prefix (s3:prefix)' });
  await app.byTestId('condition-value-s3').fill('js/*');
  await app.page.getByRole('button', { name: 'Add condition' }).click();
  const text = await app.waitForPolicy((t) => t.includes('"s3:prefix"'));
  const policy = JSON.parse(text);
  const st = policy.Statement.find((s) => s.Action === 's3:ListBucket');
  assert.deepEqual(st.Condition, { StringLike: { 's3:prefix': 'js/*' } });
  assert.equal(st.Resource, 'arn:aws:s3:::mojito-example');
  await app.assertClean(assert);
});
