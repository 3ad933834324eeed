// Browser figures for BENCHMARKS.md, against the release build in dist/
// served on 127.0.0.1 (run by scripts/bench.sh):
// - time from navigation to the first policy on screen for a preset link
//   (painted by the first-policy module before the app, or the app's own),
//   and to the app's builder, which can be edited;
// - keystroke-to-updated-JSON latency, p50/p95 over 200 keystrokes, at 1x and
//   4x CPU throttling (DevTools protocol);
// - action-search latency (keystroke to updated results), p95;
// - the 50-line deploy step as a commands link: first policy, and keystroke
//   to re-mapped JSON (issue 16);
// - the bytes a preset link loads before its first policy is on screen, and
//   after it until the network is quiet (Resource Timing).
// Timings are taken inside the page with performance.now(), from the
// keydown event to the MutationObserver that sees the new text.
// With BENCH_JSON=<file> it also writes the figures there, for the summary
// table of scripts/bench.sh.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { pasteIntoImport } from '../tests/e2e/support/app_page.mjs';
import { launch } from '../tests/e2e/support/browser.mjs';
import { serveDist } from '../tests/e2e/support/server.mjs';

const PRESET = '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012&distribution=E2EXAMPLE1';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (x) => `${x.toFixed(1)} ms`;
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const fileCount = (list) => `${list.length} file${list.length === 1 ? '' : 's'}`;

const PROBE = () => {
  window.__firstPolicy = null;
  window.__builder = null;
  window.__lat = [];
  window.__pendingKey = null;
  window.__pendingTarget = null;
  let lastPolicy = null;
  let lastResults = null;
  // One observer on the whole document: screens replace elements, so
  // watching one element would miss the new one.
  const check = () => {
    const el = document.querySelector('[data-testid="policy-json"]');
    const t = el ? el.textContent : null;
    const painted = document.querySelector('[data-testid="first-policy-json"]');
    const app = t !== null && t.includes('arn:');
    if (window.__firstPolicy === null && (app || (painted && painted.textContent.includes('arn:')))) {
      window.__firstPolicy = performance.now();
    }
    if (window.__builder === null && app) window.__builder = performance.now();
    const r = document.querySelector('[data-testid="action-results"]');
    const rt = r ? r.textContent : null;
    if (window.__pendingKey !== null) {
      const changed = window.__pendingTarget === 'policy' ? t !== lastPolicy : rt !== lastResults;
      if (changed) {
        window.__lat.push(performance.now() - window.__pendingKey);
        window.__pendingKey = null;
      }
    }
    lastPolicy = t;
    lastResults = rt;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('keydown', () => { window.__pendingKey = performance.now(); }, true);
  window.__watchSearch = () => {};
};

async function firstPolicy(browser, server, throttle) {
  const times = [];
  const builders = [];
  for (let i = 0; i < 7; i++) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.addInitScript(PROBE);
    await page.goto(server.url + PRESET);
    await page.waitForFunction(() => window.__builder !== null, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__firstPolicy));
    builders.push(await page.evaluate(() => window.__builder));
    await page.close();
  }
  return { times, builders };
}

async function keystrokes(browser, server, throttle) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.addInitScript(PROBE);
  await page.goto(server.url + PRESET);
  await page.waitForFunction(() => window.__firstPolicy !== null, null, { timeout: 30_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.evaluate(() => { window.__pendingTarget = 'policy'; window.__lat = []; });
  const field = page.locator('[data-testid="param-container"]');
  await field.click();
  await page.keyboard.press('End');
  for (let i = 0; i < 200; i++) {
    // Alternate typing a letter and deleting it: every keystroke changes the policy.
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
    await page.waitForFunction(() => window.__pendingKey === null, null, { timeout: 10_000 });
  }
  const lat = await page.evaluate(() => window.__lat);
  await page.close();
  return lat;
}

async function searches(browser, server) {
  const page = await browser.newPage();
  await page.addInitScript(PROBE);
  await page.goto(server.url);
  await page.locator('[data-testid="start-scratch"]').click();
  const input = page.locator('[data-testid="action-search"]');
  await input.waitFor();
  await page.evaluate(() => { window.__watchSearch(); window.__pendingTarget = 'search'; window.__lat = []; });
  await input.click();
  const queries = ['putobject', 'invalidation', 'passrole', 'getsecretvalue', 'describeinstances'];
  for (const q of queries) {
    for (const ch of q) {
      await page.keyboard.press(ch);
      await page.waitForFunction(() => window.__pendingKey === null, null, { timeout: 10_000 }).catch(() => {});
    }
    await input.fill('');
    await page.evaluate(() => { window.__pendingKey = null; });
  }
  const lat = await page.evaluate(() => window.__lat);
  await page.close();
  return lat;
}

// What one preset load fetches before the first policy is on screen (a
// response that ended by then), and after it until 2 s pass without a new
// response. Sizes are the response bodies as served (this local
// server does not compress, so they are the files' raw sizes) and, for
// the same files from dist/, gzip level 9 (zlib): about what a compressing
// host would send.
// The shell is everything but the catalog data (catalog/).
async function bytesAroundFirstPolicy(browser, server) {
  const page = await browser.newPage();
  await page.addInitScript(PROBE);
  await page.goto(server.url + PRESET);
  await page.waitForFunction(() => window.__firstPolicy !== null, null, { timeout: 30_000 });
  const started = Date.now();
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() - quietSince < 2_000 && Date.now() - started < 20_000) {
    const n = await page.evaluate(() => performance.getEntriesByType('resource').length);
    if (n !== count) {
      count = n;
      quietSince = Date.now();
    }
    await page.waitForTimeout(100);
  }
  const { first, entries } = await page.evaluate(() => ({
    first: window.__firstPolicy,
    entries: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      url: e.name,
      end: e.responseEnd,
      body: e.encodedBodySize,
    })),
  }));
  await page.close();
  const base = new URL(server.url).pathname;
  const sides = { before: [], after: [] };
  for (const e of entries) {
    const rel = new URL(e.url).pathname.slice(base.length) || 'index.html';
    const gzip = gzipSync(readFileSync(join('dist', rel)), { level: 9 }).length;
    sides[e.end <= first ? 'before' : 'after'].push({ rel, body: e.body, gzip });
  }
  const sum = (files, key, pick = () => true) => files.filter(pick).reduce((n, f) => n + f[key], 0);
  const isCatalog = (f) => f.rel.startsWith('catalog/');
  const side = (files) => ({
    files: files.map((f) => f.rel),
    bytes: sum(files, 'body'),
    gzip: sum(files, 'gzip'),
    shellGzip: sum(files, 'gzip', (f) => !isCatalog(f)),
    catalogGzip: sum(files, 'gzip', isCatalog),
  });
  return { before: side(sides.before), after: side(sides.after) };
}

// A pasted 100 KB policy (tests/fixtures/large-policy.json): from the input
// event to the explained result on screen, 5 pastes into fresh pages.
async function largePastes(browser, server, throttle) {
  const text = readFileSync('tests/fixtures/large-policy.json', 'utf8');
  const times = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url);
    await page.locator('[data-testid="start-import"]').click();
    await page.locator('[data-testid="import-text"]').waitFor();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    times.push(await pasteIntoImport(page, text));
    await page.close();
  }
  return times;
}

// Issue 16: the 50-line deploy step (benches/fifty-line-script.sh) as a
// `?commands=` link with its variables. First policy: navigation to the
// policy on screen, which includes fetching the operation map. Then each
// keystroke that renames the stack on line 50 re-maps the whole script:
// keydown to the updated JSON.
const SCRIPT = readFileSync('benches/fifty-line-script.sh', 'utf8');
const SCRIPT_LINK = `?commands=${encodeURIComponent(SCRIPT)}&SITE_BUCKET=my-site&ARTIFACTS=my-artifacts&VERSION=1.2.3&DISTRIBUTION=E2EXAMPLE1&FUNCTION=app&TABLE=releases&ACCOUNT=123456789012&account=123456789012`;

async function scriptFirstPolicy(browser, server) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const page = await browser.newPage();
    await page.addInitScript(PROBE);
    await page.goto(server.url + SCRIPT_LINK);
    await page.waitForFunction(() => window.__firstPolicy !== null, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__firstPolicy));
    await page.close();
  }
  return times;
}

async function scriptKeystrokes(browser, server, throttle) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.addInitScript(PROBE);
  await page.goto(server.url + SCRIPT_LINK);
  await page.waitForFunction(() => window.__firstPolicy !== null, null, { timeout: 30_000 });
  const text = page.locator('[data-testid="commands-text"]');
  const lines = await page.locator('[data-testid^="command-line-"]').count();
  await text.evaluate((el) => {
    el.focus();
    const end = el.value.indexOf('describe-stacks --stack-name app-prod') + 'describe-stacks --stack-name app-prod'.length;
    el.setSelectionRange(end, end);
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.evaluate(() => { window.__pendingTarget = 'policy'; window.__lat = []; });
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
    await page.waitForFunction(() => window.__pendingKey === null, null, { timeout: 10_000 });
  }
  const lat = await page.evaluate(() => window.__lat);
  await page.close();
  return { lat, lines };
}

const server = await serveDist();
const browser = await launch();
const figures = {};
try {
  for (const throttle of [1, 4]) {
    const { times: first, builders } = await firstPolicy(browser, server, throttle);
    figures[`firstPolicy${throttle}x`] = pct(first, 50);
    figures[`builder${throttle}x`] = pct(builders, 50);
    console.log(`first policy (preset link), ${throttle}x CPU: median ${fmt(pct(first, 50))} (7 loads, max ${fmt(Math.max(...first))})`);
    console.log(`the app's builder, editable (same loads), ${throttle}x CPU: median ${fmt(pct(builders, 50))} (max ${fmt(Math.max(...builders))})`);
  }
  const loaded = await bytesAroundFirstPolicy(browser, server);
  figures.loaded = loaded;
  const { before, after } = loaded;
  console.log(
    `loaded before the first policy (preset link): ${fileCount(before.files)}, ${bytes(before.bytes)} as served; ` +
      `gzip ${bytes(before.gzip)} (shell ${bytes(before.shellGzip)}, catalog ${bytes(before.catalogGzip)})`,
  );
  console.log(
    `loaded after it (until 2 s without a new response): ${fileCount(after.files)}${after.files.length ? ` (${after.files.join(', ')})` : ''}, ` +
      `${bytes(after.bytes)} as served; gzip ${bytes(after.gzip)}`,
  );
  for (const throttle of [1, 4]) {
    const lat = await keystrokes(browser, server, throttle);
    figures[`keystrokeP95${throttle}x`] = pct(lat, 95);
    console.log(`keystroke -> JSON, ${throttle}x CPU: p50 ${fmt(pct(lat, 50))}, p95 ${fmt(pct(lat, 95))} (${lat.length} keystrokes)`);
  }
  for (const throttle of [1, 4]) {
    const p = await largePastes(browser, server, throttle);
    console.log(`100 KB policy pasted -> explained, ${throttle}x CPU: median ${fmt(pct(p, 50))}, max ${fmt(Math.max(...p))} (5 pastes)`);
  }
  const sf = await scriptFirstPolicy(browser, server);
  console.log(`50-line script link -> first policy (with the operation map), 1x CPU: median ${fmt(pct(sf, 50))} (7 loads, max ${fmt(Math.max(...sf))})`);
  for (const throttle of [1, 4]) {
    const { lat, lines } = await scriptKeystrokes(browser, server, throttle);
    console.log(`50-line script, keystroke -> re-mapped JSON, ${throttle}x CPU: p50 ${fmt(pct(lat, 50))}, p95 ${fmt(pct(lat, 95))} (${lat.length} keystrokes, ${lines} command rows)`);
  }
  const s = await searches(browser, server);
  figures.searchP95 = pct(s, 95);
  console.log(`action search (22,091 actions): p50 ${fmt(pct(s, 50))}, p95 ${fmt(pct(s, 95))} (${s.length} keystrokes)`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
} finally {
  await browser.close();
  await server.close();
}
