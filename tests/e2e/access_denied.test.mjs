// Issue 16: "Paste an AccessDenied error" and "Paste CloudTrail events".
// A CI owner whose job hit AccessDenied pastes the log: each denial says
// what was denied and by which policy; the one the identity policy lacks
// is shown as the exact statement to add, before it applies, and then
// added to the builder they came from; a denial from an SCP adds nothing.
// CloudTrail events become their policy, denied calls marked, the caller's
// key ids redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();
const RECIPE = '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012&distribution=E2EXAMPLE1';
const MISSING = 'An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::123456789012:assumed-role/ci/run-7 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::mojito-example/js/app.js" because no identity-based policy allows the s3:GetObject action';
const SCP = 'An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:sts::123456789012:assumed-role/ci/run-7 is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/x with an explicit deny in a service control policy';

test('an AccessDenied log: the missing statement is previewed, then added to the recipe\'s builder', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, RECIPE);
  const before = JSON.parse(await app.waitForPolicy((t) => t.includes('s3:PutObject')));
  await app.byTestId('open-error').click();
  await app.byTestId('error-text').fill(`+ aws s3 cp s3://mojito-example/js/app.js -\n${MISSING}\n+ aws iam create-user\n${SCP}\n`);
  await app.byTestId('denials').waitFor();
  assert.equal(await app.byTestId('denial-0').getAttribute('data-fix'), 'true');
  assert.match(await app.byTestId('denial-0').textContent(), /The identity policy lacks it: allow s3:GetObject on arn:aws:s3:::mojito-example\/js\/app\.js/);
  assert.equal(await app.byTestId('denial-1').getAttribute('data-fix'), 'false');
  assert.match(await app.byTestId('denial-1').textContent(), /explicit deny in a service control policy/);
  assert.match(await app.byTestId('denial-1').textContent(), /nothing is added/);

  // The change, before it applies: exactly one statement, for exactly that key.
  const preview = JSON.parse(await app.byTestId('error-preview').textContent());
  assert.deepEqual(preview.Statement.map((s) => [s.Action, s.Resource]), [
    ['s3:GetObject', 'arn:aws:s3:::mojito-example/js/app.js'],
  ]);
  assert.ok(!JSON.stringify(preview).includes('iam:CreateUser'), 'the SCP denial adds nothing');

  await app.byTestId('apply-error').click();
  const after = JSON.parse(await app.waitForPolicy((t) => t.includes('s3:GetObject')));
  const pairs = (p) => p.Statement.flatMap((s) => [s.Action].flat().flatMap((a) => [s.Resource].flat().map((r) => `${a} ${r}`))).sort();
  const added = pairs(after).filter((x) => !pairs(before).includes(x));
  assert.deepEqual(added, ['s3:GetObject arn:aws:s3:::mojito-example/js/app.js']);
  for (const x of pairs(before)) assert.ok(pairs(after).includes(x), `kept: ${x}`);
  // Now a custom builder: the recipe's groups and the added one.
  await app.byTestId('group-s3').waitFor();
  assert.ok((await app.page.locator('[data-testid^="group-s3"]').count()) >= 2);
  assert.deepEqual(app.errors, []);
  await app.page.context().close();
});

test('a denial the policy already allows, an unreadable message and a pasted key each say so', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, RECIPE);
  const before = await app.waitForPolicy((t) => t.includes('s3:PutObject'));
  await app.byTestId('open-error').click();
  const allowed = MISSING.replaceAll('s3:GetObject', 's3:PutObject');
  await app.byTestId('error-text').fill(allowed);
  await app.byTestId('error-unchanged').waitFor();
  assert.match(await app.byTestId('error-unchanged').textContent(), /already allows s3:PutObject/);
  assert.equal(await app.byTestId('apply-error').count(), 0, 'nothing to add');

  await app.byTestId('error-text').fill('An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied');
  await app.byTestId('error-unrecognised').waitFor();
  assert.match(await app.byTestId('error-unrecognised').textContent(), /bare `Access Denied`/);
  // What ListObjectsV2 needs follows once the operation map has loaded.
  await app.page.waitForFunction(
    () => document.querySelector('[data-testid="error-unrecognised"]')?.textContent.includes('ListObjectsV2 needs s3:ListBucket'),
  );

  await app.byTestId('error-text').fill('aws_access_key_id = AKIAIOSFODNN7EXAMPLE');
  await app.byTestId('error-credential').waitFor();
  assert.ok(!(await app.byTestId('error-text').inputValue()).includes('AKIA'));

  // Back to the builder, unchanged: nothing was added, nothing lost.
  await app.byTestId('error-back').click();
  assert.equal(await app.waitForPolicy((t) => t.includes('s3:PutObject')), before);
  assert.equal(await app.byTestId('error-text').count(), 0);
  await app.page.context().close();
});

test('from the start page, the missing statement starts a new builder', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '');
  await app.byTestId('start-error').click();
  await app.byTestId('error-text').fill(MISSING);
  await app.byTestId('apply-error').click();
  const policy = JSON.parse(await app.waitForPolicy((t) => t.includes('s3:GetObject')));
  assert.deepEqual(policy.Statement.map((s) => [s.Action, s.Resource]), [
    ['s3:GetObject', 'arn:aws:s3:::mojito-example/js/app.js'],
  ]);
  await app.page.context().close();
});

test('CloudTrail events become their policy; denied calls are marked; key ids are redacted', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '');
  await app.byTestId('start-cloudtrail').click();
  const records = readFileSync('tests/fixtures/cloudtrail/records.json', 'utf8');
  assert.ok(records.includes('ASIAIOSFODNN7EXAMPLE'));
  await app.byTestId('cloudtrail-text').fill(records);
  await app.byTestId('cloudtrail-events').waitFor();
  assert.ok(!(await app.byTestId('cloudtrail-text').inputValue()).includes('ASIAIOSFODNN7EXAMPLE'), 'redacted');
  assert.match(await app.byTestId('notice').textContent(), /REDACTED/);
  const text = await app.waitForPolicy((t) => t.includes('s3:PutObject'));
  assert.ok(text.includes('arn:aws:s3:::mojito-example/js/app.js'));
  assert.ok(!text.includes('"*"'));
  const denied = app.page.locator('[data-testid^="cloudtrail-event-"][data-denied="true"]');
  assert.ok((await denied.count()) >= 1, 'a denied event is marked');
  assert.match(await app.byTestId('cloudtrail-summary').textContent(), /denied when they ran/);
  assert.ok(!app.page.url().includes('ASIA'));
  await app.page.context().close();
});

test('no sideways scroll on the AccessDenied and CloudTrail screens', async () => {
  for (const width of [320, 768, 1280]) {
    const context = await ctx.browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(ctx.server.url);
    await page.locator('[data-testid="start-error"]').click();
    await page.locator('[data-testid="error-text"]').fill(`${MISSING}\n${SCP}`);
    await page.locator('[data-testid="error-preview"]').waitFor();
    let [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `error screen at ${width}px: ${sw} > ${cw}`);
    await page.locator('[data-testid="back-to-start"]').click();
    await page.locator('[data-testid="start-cloudtrail"]').click();
    await page.locator('[data-testid="cloudtrail-text"]').fill(readFileSync('tests/fixtures/cloudtrail/events.jsonl', 'utf8'));
    await page.locator('[data-testid="cloudtrail-events"]').waitFor();
    [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `CloudTrail screen at ${width}px: ${sw} > ${cw}`);
    await context.close();
  }
});
