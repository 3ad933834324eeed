// Issue 14: "Embed this in your docs". From a recipe's builder the snippet
// holds an iframe whose src reopens exactly that builder (recipe, values,
// locked fields, theme) in embed mode; pasted into a docs page on another
// origin it shows the same policy and sizes itself from the builder's
// messages, and ignores height messages from anyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

/** The iframe's src in the snippet, as the browser reads the attribute. */
function iframeSrc(snippet) {
  const m = /<iframe [^>]*src="([^"]*)"/.exec(snippet);
  assert.ok(m, `an iframe with a src in:\n${snippet}`);
  return m[1].replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

test('the snippet reproduces the same builder in a docs page', async () => {
  const query = '?recipe=js-publisher&bucket=docs-example&container=app-v2&lock=bucket,container&theme=dark';
  const app = await AppPage.open(ctx.browser, ctx.server, query, { clipboard: true });
  await app.waitForPolicy((t) => t.includes('docs-example'));
  await app.byTestId('param-account').fill('123456789012');
  await app.byTestId('param-distribution').fill('E2EXAMPLE12345');
  const policy = await app.waitForPolicy((t) => t.includes('123456789012:distribution/E2EXAMPLE12345'));
  const values = {};
  for (const name of ['bucket', 'container', 'account', 'distribution']) {
    values[name] = await app.byTestId(`param-${name}`).inputValue();
  }
  assert.equal(await app.byTestId('embed-snippet').count(), 0, 'closed until asked for');
  await app.byTestId('show-embed').click();
  assert.equal(await app.byTestId('show-embed').getAttribute('aria-expanded'), 'true');
  const snippet = await app.byTestId('embed-snippet').textContent();
  await app.byTestId('copy-embed').click();
  assert.equal(await app.page.evaluate(() => navigator.clipboard.readText()), snippet, 'Copy copies the snippet');

  const src = new URL(iframeSrc(snippet));
  assert.equal(src.origin + src.pathname, ctx.server.url, 'the builder page itself');
  const p = src.searchParams;
  assert.equal(p.get('recipe'), 'js-publisher');
  assert.deepEqual(
    { bucket: p.get('bucket'), container: p.get('container'), account: p.get('account'), distribution: p.get('distribution') },
    values,
    'the values on screen'
  );
  assert.deepEqual(p.get('lock').split(',').sort(), ['bucket', 'container']);
  assert.equal(p.get('theme'), 'dark');
  assert.equal(p.get('embed'), '1');
  assert.match(snippet, /iam-policy-builder:height/);
  assert.ok(snippet.includes(`event.origin !== "${ctx.server.origin}"`), 'checks the builder origin');

  // Pasted into a docs page on another origin.
  const docs = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><title>Docs</title></head><body><h1>Publishing</h1>${snippet}</body></html>`);
  });
  await new Promise((ok) => docs.listen(0, '127.0.0.1', ok));
  try {
    const page = await ctx.browser.newPage();
    await page.goto(`http://127.0.0.1:${docs.address().port}/`);
    const frameEl = await page.waitForSelector('iframe#iam-policy-builder');
    const frame = await frameEl.contentFrame();
    await frame.waitForFunction((want) => document.querySelector('[data-testid="policy-json"]')?.textContent === want, policy);
    for (const [name, value] of Object.entries(values)) {
      assert.equal(await frame.inputValue(`[data-testid="param-${name}"]`), value, name);
    }
    assert.notEqual(await frame.getAttribute('[data-testid="param-bucket"]', 'readonly'), null, 'locked');
    assert.notEqual(await frame.getAttribute('[data-testid="param-container"]', 'readonly'), null, 'locked');
    assert.equal(await frame.getAttribute('[data-testid="param-account"]', 'readonly'), null, 'not locked');
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await frame.locator('[data-testid="tab-why"]').count(), 1, 'embed mode');
    // The iframe takes the height the builder posts.
    await page.waitForFunction(() => document.getElementById('iam-policy-builder').style.height.endsWith('px'));
    const fitted = await page.evaluate(() => document.getElementById('iam-policy-builder').style.height);
    const content = await frame.evaluate(() => document.body.scrollHeight);
    assert.equal(fitted, `${content}px`);
    // A message from the docs page itself (not the builder) is ignored.
    await page.evaluate(() => window.postMessage({ type: 'iam-policy-builder:height', height: 5 }, '*'));
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => document.getElementById('iam-policy-builder').style.height), fitted);
    await page.close();
  } finally {
    await new Promise((ok) => docs.close(ok));
  }
});

test('the snippet is offered only for a recipe', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-scratch').click();
  await app.byTestId('action-search').waitFor();
  assert.equal(await app.byTestId('show-embed').count(), 0);
});
