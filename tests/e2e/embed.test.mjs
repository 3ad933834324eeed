// Story 1: a docs page on another origin embeds the builder; the policy
// shows, the locked field is read-only, and the parent receives the height
// message and resizes the iframe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';

const ctx = suite();

function docsPage(src) {
  return `<!doctype html><html><head><title>Docs</title></head><body>
<h1>Create the publishing user</h1>
<iframe id="builder" title="IAM Policy Builder" src="${src}" width="100%" height="200"></iframe>
<script>
  window.heights = [];
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'iam-policy-builder:height') {
      window.heights.push(e.data.height);
      document.getElementById('builder').height = String(e.data.height);
    }
  });
</script></body></html>`;
}

test('the builder embedded in a docs page on another origin', async () => {
  const query = '?recipe=js-publisher&bucket=mojito-example&container=app&lock=bucket&embed=1';
  const docs = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(docsPage(ctx.server.url + query));
  });
  await new Promise((ok) => docs.listen(0, '127.0.0.1', ok));
  const docsOrigin = `http://127.0.0.1:${docs.address().port}`;
  try {
    const page = await ctx.browser.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(docsOrigin + '/');
    const frame = page.frameLocator('#builder');
    const preview = frame.locator('[data-testid="policy-json"]');
    await preview.waitFor();
    const deadline = Date.now() + 10_000;
    while (!(await preview.textContent()).includes('mojito-example') && Date.now() < deadline) {
      await page.waitForTimeout(20);
    }
    assert.match(await preview.textContent(), /arn:aws:s3:::mojito-example\/js\/app\.js/);
    const bucket = frame.locator('[data-testid="param-bucket"]');
    assert.ok((await bucket.getAttribute('readonly')) !== null, 'the locked field is read-only');
    assert.equal(await frame.locator('.app-header').count(), 0, 'no header in embed mode');
    await page.waitForFunction(() => window.heights.length > 0);
    const height = await page.evaluate(() => window.heights.at(-1));
    assert.ok(height > 200, `the parent got a height (${height})`);
    assert.equal(await page.locator('#builder').getAttribute('height'), String(height));
    const foreign = requests.filter((u) => !u.startsWith(docsOrigin) && !u.startsWith(ctx.server.origin));
    assert.deepEqual(foreign, []);
    await page.close();
  } finally {
    await new Promise((ok) => docs.close(ok));
  }
});
