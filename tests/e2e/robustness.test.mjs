// Robustness (issue 9): a wasm module that traps or cannot start shows a
// visible error with a reload button (from static/guard.js, under the strict
// CSP), never a blank page; a pasted 100 KB policy with thousands of actions
// is parsed, linted and explained, and the time it took is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { suite } from './support/suite.mjs';
import { AppPage, pasteIntoImport } from './support/app_page.mjs';

const ctx = suite();

// (module (func (export "boom") unreachable)): the smallest module that
// traps, the way a Rust panic does under panic=abort.
const TRAP_MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x07, 0x08, 0x01, 0x04, 0x62, 0x6f, 0x6f, 0x6d, 0x00, 0x00, // export "boom"
  0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, // body: unreachable, end
];

test('a trap in WebAssembly shows an error with a reload button', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').waitFor();
  assert.equal(await app.byTestId('fatal-error').count(), 0, 'no error before the trap');
  await app.page.evaluate(async (bytes) => {
    const { instance } = await WebAssembly.instantiate(new Uint8Array(bytes));
    // Uncaught, from an event-loop task, as a trap inside an event handler is.
    setTimeout(() => instance.exports.boom());
  }, TRAP_MODULE);
  const fatal = app.byTestId('fatal-error');
  await fatal.waitFor();
  assert.match(await fatal.textContent(), /stopped working/);
  assert.match(await fatal.textContent(), /unreachable/);
  assert.ok(await fatal.isVisible());
  // The reload button works and brings the app back.
  await app.byTestId('fatal-reload').click();
  await app.byTestId('start-import').waitFor();
  assert.equal(await app.byTestId('fatal-error').count(), 0);
  assert.deepEqual(await app.cspReport(), [], 'the guard runs under the strict CSP');
});

test('a damaged wasm module shows why the app could not start', async () => {
  let damaged = true;
  const app = await AppPage.open(ctx.browser, ctx.server, '', {
    setup: (page) =>
      page.route('**/*.wasm', (route) =>
        damaged
          ? route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') })
          : route.continue()
      ),
  });
  const fatal = app.byTestId('fatal-error');
  await fatal.waitFor();
  assert.match(await fatal.textContent(), /could not start/);
  assert.ok(await fatal.isVisible());
  damaged = false;
  await app.byTestId('fatal-reload').click();
  await app.byTestId('start-import').waitFor();
  assert.equal(await app.byTestId('fatal-error').count(), 0);
  assert.deepEqual(await app.cspReport(), []);
});

test('a missing wasm module is not a blank page', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, '', {
    setup: (page) => page.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'not found' })),
  });
  const fatal = app.byTestId('fatal-error');
  await fatal.waitFor();
  assert.match(await fatal.textContent(), /could not start/);
});

test('a pasted 100 KB policy with thousands of actions is explained', async (t) => {
  const large = readFileSync('tests/fixtures/large-policy.json', 'utf8');
  const actions = JSON.parse(large).Statement.flatMap((s) => s.Action);
  assert.ok(large.length >= 100_000, `the fixture is ${large.length} bytes`);
  assert.ok(actions.length >= 2000, `the fixture has ${actions.length} actions`);

  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').click();
  await app.byTestId('import-text').waitFor();
  const ms = await pasteIntoImport(app.page, large);
  t.diagnostic(`100 KB paste (${large.length} bytes, ${actions.length} actions) to explained: ${ms.toFixed(1)} ms`);
  const total = await app.byTestId('import-total').textContent();
  const granted = Number(/It grants (\d+) actions/.exec(total)?.[1]);
  assert.equal(granted, new Set(actions.map((a) => a.toLowerCase())).size, total);
  assert.ok(await app.byTestId('findings').isVisible());
  assert.deepEqual(app.errors, []);
  await app.assertClean(assert);
});
