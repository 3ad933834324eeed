// Story 0: the built site, served from a sub-path, shows its honest first
// screen and talks to no one but its own origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch } from './support/browser.mjs';
import { serveDist } from './support/server.mjs';
import { AppPage } from './support/app_page.mjs';

let browser;
let server;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the first page shows the empty policy and makes no foreign request', async () => {
  const app = await AppPage.open(browser, server);
  assert.equal(await app.policyJson(), '{\n    "Version": "2012-10-17",\n    "Statement": []\n}');
  assert.match(await app.byTestId('no-credentials').textContent(), /never asks for/);
  assert.deepEqual(app.foreignRequests(), []);
  assert.deepEqual(await app.cspReport(), [], 'the app runs under its strict CSP');
  assert.deepEqual(app.errors, []);
  // Every asset came from under the sub-path.
  const outside = server.requests.filter((p) => !p.startsWith('/tools/iam/'));
  assert.deepEqual(outside, []);
});
