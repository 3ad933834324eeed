// Issue 16: "Paste the commands your job runs". A CI owner pastes the
// static-site job's commands, fills the script's variables and gets the
// least-privilege policy, each action citing its line; a misspelt command
// is reported on its line with a did-you-mean, `npm` is ignored with a
// note, a pasted key is refused; a docs author presets it by URL
// (`?commands=…&SITE=…&lock=SITE`), embedded or not; the operation map is
// fetched only by this screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

const SCRIPT = [
  '# deploy the site',
  'npm ci && npm run build',
  'aws s3 sync build/ s3://$SITE --delete',
  'aws cloudfront create-invalidation --distribution-id $DISTRIBUTION \\',
  "    --paths '/*'",
  'aws cloudfront wait invalidation-completed --distribution-id $DISTRIBUTION --id $ID',
  'aws s3 snyc build/ s3://$SITE',
].join('\n');

function presetQuery(script, extra = '') {
  return `?commands=${encodeURIComponent(script)}${extra}`;
}

async function lineStatus(app, n) {
  return app.byTestId(`command-line-${n}`).getAttribute('data-status');
}

test('pasting a job\'s commands gives its policy, line by line', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '');
  await app.byTestId('start-commands').click();
  await app.byTestId('commands-text').fill(SCRIPT);
  await app.byTestId('command-lines').waitFor();

  // Each line says what it became.
  assert.equal(await lineStatus(app, 2), 'not-aws');
  assert.match(await app.byTestId('command-line-2').textContent(), /`npm` is not the AWS CLI/);
  assert.equal(await lineStatus(app, '2.2'), 'not-aws', 'npm run build shares line 2');
  assert.equal(await lineStatus(app, 3), 'pending', 'the sync waits for $SITE');
  assert.equal(await lineStatus(app, 7), 'unmapped');
  assert.match(
    await app.byTestId('command-line-7').textContent(),
    /`aws s3` has no command `snyc` \(did you mean `sync`\?\)/
  );

  // The variables the policy depends on become fields; $ID (an
  // invalidation id) scopes nothing, so it asks for nothing.
  await app.byTestId('command-var-SITE').fill('my-site');
  await app.byTestId('command-var-DISTRIBUTION').fill('E2EXAMPLE1');
  assert.equal(await app.byTestId('command-var-ID').count(), 0);
  // The distribution's ARN needs the account: until then the line says so.
  assert.equal(await lineStatus(app, 4), 'unmapped');
  assert.match(await app.byTestId('command-line-4').textContent(), /needs the account id/);
  await app.byTestId('account').fill('123456789012');

  const text = await app.waitForPolicy((t) => t.includes('distribution/E2EXAMPLE1'));
  const policy = JSON.parse(text);
  const grants = new Map();
  for (const s of policy.Statement) {
    for (const a of [s.Action].flat()) grants.set(a, [s.Resource].flat());
  }
  assert.deepEqual(grants.get('s3:ListBucket'), ['arn:aws:s3:::my-site']);
  assert.deepEqual(grants.get('s3:PutObject'), ['arn:aws:s3:::my-site/*']);
  assert.deepEqual(grants.get('s3:DeleteObject'), ['arn:aws:s3:::my-site/*'], '--delete');
  assert.deepEqual(grants.get('cloudfront:CreateInvalidation'), [
    'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1',
  ]);
  assert.deepEqual(grants.get('cloudfront:GetInvalidation'), [
    'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1',
  ], 'the wait polls GetInvalidation');
  assert.ok(!text.includes('"*"'), 'nothing on every resource');
  assert.equal(await lineStatus(app, 3), 'mapped');
  assert.match(await app.byTestId('command-line-3').textContent(), /s3:DeleteObject/);

  // Each action cites its line in "What this grants".
  const why = app.page.locator('.grants tr', { hasText: 'cloudfront:GetInvalidation' });
  await why.first().waitFor();
  assert.match(await why.first().textContent(), /line 6: aws cloudfront wait invalidation-completed/);
  // The line that could not be mapped is a finding too.
  await app.page.locator('[data-testid="findings"]', { hasText: 'line 7 is not in the policy' }).waitFor();
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.foreignRequests(), []);
  await app.page.context().close();
});

test('a pasted credential is refused and the script kept', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '');
  await app.byTestId('start-commands').click();
  const area = app.byTestId('commands-text');
  await area.fill('aws s3 ls');
  await area.fill('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\naws s3 ls');
  await app.byTestId('commands-credential').waitFor();
  assert.match(await app.byTestId('commands-credential').textContent(), /access key/);
  assert.equal(await area.inputValue(), 'aws s3 ls', 'the last good script stays');
  assert.ok(!app.page.url().includes('AKIA'), 'never in the URL');
  await app.page.context().close();
});

test('a docs author\'s link opens on the commands, locked, and a share link restores them', async () => {
  const query = presetQuery(SCRIPT, '&SITE=docs-site&DISTRIBUTION=E1DOCS&account=123456789012&lock=SITE');
  const app = await AppPage.open(ctx.browser, ctx.server, query, { clipboard: true });
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::docs-site/*') && t.includes('distribution/E1DOCS'));
  assert.equal(await app.byTestId('commands-text').inputValue(), SCRIPT);
  assert.equal(await app.byTestId('command-var-SITE').isEditable(), false, 'SITE is locked');
  await app.byTestId('command-var-DISTRIBUTION').fill('E2OTHER');
  await app.waitForPolicy((t) => t.includes('distribution/E2OTHER'));

  // The fragment follows once typing pauses; reopening it restores all.
  await app.page.waitForFunction(() => location.hash.startsWith('#s='));
  await app.page.waitForTimeout(300);
  const url = app.page.url();
  const again = await app.page.context().newPage();
  await again.goto(url);
  await again.locator('[data-testid="command-lines"]').waitFor();
  assert.equal(await again.locator('[data-testid="commands-text"]').inputValue(), SCRIPT);
  assert.equal(await again.locator('[data-testid="command-var-DISTRIBUTION"]').inputValue(), 'E2OTHER');
  await app.page.context().close();
});

test('only the commands screen fetches the operation map', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '?recipe=static-site-deploy');
  await app.policyJson();
  await app.page.waitForTimeout(300);
  assert.equal(app.requests.filter((u) => u.includes('/catalog/opmap-')).length, 0);
  await app.byTestId('back-to-start').click();
  await app.byTestId('start-commands').click();
  await app.byTestId('commands-text').fill('aws sts get-caller-identity');
  await app.byTestId('command-lines').waitFor();
  assert.equal(await lineStatus(app, 1), 'mapped');
  assert.equal(app.requests.filter((u) => u.includes('/catalog/opmap-')).length, 1);
  await app.page.context().close();
});

test('a broken operation map says so and leaves the page usable', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, presetQuery('aws s3 ls s3://my-bucket'), {
    setup: (page) => page.route('**/catalog/opmap-*', (route) => route.fulfill({ status: 503, body: '' })),
  });
  await app.byTestId('opmap-error').waitFor();
  assert.match(await app.byTestId('opmap-error').textContent(), /could not be loaded: the server answered 503/);
  await app.byTestId('back-to-start').click();
  await app.byTestId('recipe-js-publisher').click();
  await app.waitForPolicy((t) => t.includes('s3:PutObject'));
  await app.page.context().close();
});

test('the role path works on the commands too', async () => {
  const query = presetQuery('aws s3 sync dist/ s3://$SITE --delete', '&SITE=my-site&account=123456789012');
  const app = await AppPage.open(ctx.browser, ctx.server, query);
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  await app.byTestId('auth-role').check();
  await app.byTestId('ci-provider').selectOption('github');
  await app.byTestId('ci-param-repo').fill('octo-org/site');
  await app.byTestId('ci-param-ref').fill('refs/heads/main');
  await app.page.locator('[data-testid="trust-policy-json"]', { hasText: 'repo:octo-org/site:ref:refs/heads/main' }).waitFor();
  await app.page.locator('[data-testid="ci-snippet"]', { hasText: 'role-to-assume' }).waitFor();
  await app.page.context().close();
});

test('customising continues in the builder with exactly the mapped permissions', async () => {
  const query = presetQuery('aws s3 cp app.js s3://$B/js/app.js', '&B=my-bucket');
  const app = await AppPage.open(ctx.browser, ctx.server, query);
  const before = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-bucket/js/app.js'));
  await app.byTestId('customize').click();
  await app.byTestId('group-s3').waitFor();
  assert.equal(await app.byTestId('commands-text').count(), 0);
  assert.equal(await app.policyJson(), before, 'the same policy, now editable');
  await app.page.context().close();
});

test('embedded, the commands fit a docs page and the lines wait behind a tab', async () => {
  const query = presetQuery(SCRIPT, '&SITE=my-site&DISTRIBUTION=E2EXAMPLE1&account=123456789012&lock=SITE&embed=1');
  const context = await ctx.browser.newContext({ viewport: { width: 760, height: 900 } });
  const page = await context.newPage();
  await page.goto(ctx.server.url + query);
  await page.locator('[data-testid="policy-json"]', { hasText: 'distribution/E2EXAMPLE1' }).waitFor();
  assert.equal(await page.locator('[data-testid="commands-text"]').count(), 0, 'the script is the author\'s');
  await page.locator('[data-testid="command-lines-summary"]').waitFor();
  assert.equal(await page.locator('[data-testid="command-lines"]').count(), 0);
  const height = await page.evaluate(() => document.body.scrollHeight);
  assert.ok(height <= 900, `embedded height ${height} px`);
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `no sideways scroll (${sw} > ${cw})`);
  await page.locator('[data-testid="tab-lines"]').click();
  await page.locator('[data-testid="command-line-7"][data-status="unmapped"]').waitFor();
  await context.close();
});

test('no sideways scroll on the commands screen at any width', async () => {
  const long = `aws s3 cp ./dist/${'a'.repeat(120)}.js s3://$SITE/${'deep/'.repeat(20)}app.js`;
  const query = presetQuery(`${SCRIPT}\n${long}`, '&SITE=my-site&DISTRIBUTION=E2EXAMPLE1&account=123456789012');
  for (const width of [320, 360, 768, 1280]) {
    const context = await ctx.browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(ctx.server.url + query);
    await page.locator('[data-testid="command-line-8"]').waitFor();
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `${width}px: scrollWidth ${sw} > clientWidth ${cw}`);
    await context.close();
  }
});
