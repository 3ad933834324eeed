// Story 9 and issue 14: axe reports no violations on every screen (start,
// recipe builder, scratch builder with a long policy, import, embed with and
// without a tab open, the role path for CI; and for issue 16 the commands,
// AccessDenied and CloudTrail screens) in both themes at 360 and 1280 px, and story 2 can be
// done with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

import { suite } from './support/suite.mjs';
import { AppPage, pasteIntoImport } from './support/app_page.mjs';

const ctx = suite();

async function violations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The first statement of the 100 KB fixture: 141 actions, a long policy
// (the whole fixture makes axe take minutes per run).
const fixture = JSON.parse(readFileSync('tests/fixtures/large-policy.json', 'utf8'));
const LONG = JSON.stringify({ ...fixture, Statement: fixture.Statement.slice(0, 1) }, null, 2);

// Every screen, in both themes, at a phone's and a laptop's width.
const SCREENS = [
  ['start', '', null],
  ['builder', '?recipe=js-publisher&bucket=mojito-example&container=app', async (app) => {
    await app.byTestId('show-embed').click();
    await app.byTestId('embed-snippet').waitFor();
    const select = app.byTestId('finding-select').first();
    if (await select.count()) await select.click();
  }],
  ['scratch builder', '', async (app) => {
    await app.byTestId('start-import').click();
    await pasteIntoImport(app.page, LONG);
    await app.byTestId('continue-import').click();
    await app.waitForPolicy((t) => t.split('\n').length > 100);
  }],
  ['import', '', async (app) => {
    await app.byTestId('start-import').click();
    await app.byTestId('import-text').fill('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}');
    await app.byTestId('import-total').waitFor();
  }],
  ['embed', '?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket&embed=1', null],
  ['embed, findings tab open', '?recipe=amplify-workshop&embed=1', async (app) => {
    await app.byTestId('tab-findings').click();
    await app.byTestId('findings').waitFor();
  }],
  ['embed, why tab open', '?recipe=static-site-deploy&embed=1', async (app) => {
    await app.byTestId('tab-why').click();
    await app.byTestId('grants').waitFor();
  }],
  ['role path', '?recipe=static-site-deploy&auth=role&ci=github&repo=octo-org/site&ref=refs/heads/main', async (app) => {
    await app.byTestId('trust-policy-json').waitFor();
    await app.byTestId('trust-try').waitFor();
  }],
  ['embed, role tab open', '?recipe=js-publisher&account=123456789012&auth=role&ci=gitlab&project=g/p&ref=main&embed=1', async (app) => {
    await app.byTestId('tab-role').click();
    await app.byTestId('trust-policy-json').waitFor();
  }],
  ['commands', `?commands=${encodeURIComponent('aws s3 sync dist/ s3://$BUCKET/site/ --delete\necho done\naws cloudfront create-invalidation --distribution-id E2EXAMPLE1 --paths "/*"')}&BUCKET=mojito-example`, async (app) => {
    await app.byTestId('command-lines').waitFor();
  }],
  ['AccessDenied', '?recipe=js-publisher&bucket=mojito-example&container=app', async (app) => {
    await app.byTestId('open-error').click();
    await app.byTestId('error-text').fill('An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::mojito-example/js/app.js" because no identity-based policy allows the s3:GetObject action\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied');
    await app.byTestId('error-preview').waitFor();
  }],
  ['CloudTrail', '', async (app) => {
    await app.byTestId('start-cloudtrail').click();
    await app.byTestId('cloudtrail-text').fill(readFileSync('tests/fixtures/cloudtrail/records.json', 'utf8'));
    await app.byTestId('cloudtrail-events').waitFor();
  }],
];

for (const scheme of ['light', 'dark']) {
  for (const [name, query, prepare] of SCREENS) {
    test(`axe: no violations on the ${name} screen, ${scheme} theme, at 360 and 1280 px`, async () => {
      const app = await AppPage.open(ctx.browser, ctx.server, query);
      await app.page.emulateMedia({ colorScheme: scheme });
      await app.policyJson();
      if (prepare) await prepare(app);
      for (const width of [360, 1280]) {
        await app.page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await violations(app.page), [], `${name}, ${scheme}, ${width} px`);
      }
    });
  }
}

test('the theme toggle and the system preference give the same colours', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '?theme=dark');
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.policyJson();
  const forced = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const other = await AppPage.open(ctx.browser, ctx.server);
  await other.page.emulateMedia({ colorScheme: 'dark' });
  await other.policyJson();
  const system = await other.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(forced, system);
  assert.notEqual(forced, 'rgb(255, 255, 255)');
});

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
