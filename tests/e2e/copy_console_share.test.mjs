// Stories 5 and 6: Copy JSON puts the preview on the clipboard; the console
// link is the partition's create-policy page, in a new tab with noopener;
// the share link reproduces the same policy byte for byte in a fresh page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();
const PRESET = '?recipe=static-site-deploy&bucket=my-site&distribution=E2EXAMPLE1&account=123456789012';

test('copy JSON and the console link', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET, { clipboard: true });
  const text = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  await app.byTestId('copy-json').click();
  const copied = await app.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, text);
  const link = app.byTestId('open-console');
  assert.equal(await link.getAttribute('href'), 'https://console.aws.amazon.com/iam/home#/policies/create');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);
  await app.assertClean(assert);
});

test('the share link reproduces the policy byte for byte', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET, { clipboard: true });
  const text = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  await app.byTestId('share-link').click();
  const url = await app.page.evaluate(() => navigator.clipboard.readText());
  assert.match(url, /#s=/);
  assert.ok(url.startsWith(ctx.server.origin), url);
  const fresh = await AppPage.open(ctx.browser, ctx.server, url.slice(ctx.server.url.length));
  assert.equal(await fresh.waitForPolicy((t) => t.includes('my-site')), text);
  await app.assertClean(assert);
  await fresh.assertClean(assert);
});

test('export tabs: AWS CLI, CloudFormation, Terraform', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET);
  const json = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  const text = () => app.byTestId('export-text').textContent();
  assert.match(await text(), /^aws iam create-policy \\$/m);
  assert.ok((await text()).includes(json.split('\n')[1]), 'the CLI command carries the policy');
  await app.byTestId('export-tab-cloudformation').click();
  assert.match(await text(), /Type: AWS::IAM::ManagedPolicy/);
  await app.byTestId('export-tab-terraform').click();
  assert.match(await text(), /resource "aws_iam_policy"/);
  await app.assertClean(assert);
});

// The export text and the download link follow the policy when typing
// pauses; Copy and Download always give the policy as it is at the click,
// even right after a keystroke.
test('download and export copy give the policy as it is when clicked', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET, { clipboard: true });
  await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  await app.byTestId('param-bucket').fill('my-other-site');
  const json = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-other-site/*'));

  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.byTestId('download-json').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'policy.json');
  assert.equal(await readFile(await download.path(), 'utf8'), json);

  await app.byTestId('param-bucket').fill('third-site');
  const third = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::third-site/*'));
  await app.byTestId('copy-export').click();
  const copied = await app.page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^aws iam create-policy \\$/m);
  assert.ok(copied.includes(third.split('\n').find((l) => l.includes('third-site'))), copied);

  // What is shown catches up once typing pauses.
  await app.page.waitForFunction(
    () => document.querySelector('[data-testid="export-text"]').textContent.includes('third-site'),
  );
  assert.equal(await app.byTestId('export-text').textContent(), copied);
  const href = await app.byTestId('download-json').getAttribute('href');
  assert.equal(decodeURIComponent(href.slice('data:application/json;charset=utf-8,'.length)), third);
  await app.assertClean(assert);
});
