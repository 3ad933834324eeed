// A/B timing of the action search for two or more builds of the app:
//   node scripts/ab-search.mjs dist /path/to/other/dist [...]
// Each build is served on its own port, and the runs alternate between the
// builds (A, B, A, B, ...), so that a busy machine slows all of them alike.
// A run is what scripts/bench.sh measures: from scratch, type five queries
// a key at a time and clear each; the time from keydown to the results
// changing. It prints each run's p50 and p95 and their medians, and, for
// the last run of each build, every keystroke. ROUNDS=n sets the number of
// runs of each build (default 5).
// This is a tool for comparing builds, not a benchmark of record:
// scripts/bench.sh is.
import { resolve } from 'node:path';

import { launch } from '../tests/e2e/support/browser.mjs';
import { serveDist } from '../tests/e2e/support/server.mjs';

const QUERIES = ['putobject', 'invalidation', 'passrole', 'getsecretvalue', 'describeinstances'];

const dists = process.argv.slice(2);
if (dists.length < 2) {
  console.error('usage: node scripts/ab-search.mjs DIST_A DIST_B [DIST_C ...]');
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS || 5);
const servers = await Promise.all(dists.map((d) => serveDist({ dist: resolve(d) })));
const browser = await launch();
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(server) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__lat = [];
    window.__pending = null;
    let last = null;
    new MutationObserver(() => {
      const list = document.querySelector('[data-testid="action-results"]');
      const text = list ? list.textContent : null;
      if (window.__pending !== null && text !== last) {
        window.__lat.push([window.__key, performance.now() - window.__pending]);
        window.__pending = null;
      }
      last = text;
    }).observe(document, { childList: true, subtree: true, characterData: true });
    document.addEventListener('keydown', (e) => {
      window.__pending = performance.now();
      window.__key = e.key;
    }, true);
  });
  await page.goto(server.url);
  await page.locator('[data-testid="start-scratch"]').click();
  const input = page.locator('[data-testid="action-search"]');
  await input.waitFor();
  await page.waitForTimeout(1000);
  await input.click();
  for (const q of QUERIES) {
    for (const ch of q) {
      await page.keyboard.press(ch);
      // A key that leaves the results as they were is not measured.
      await page.waitForFunction(() => window.__pending === null, null, { timeout: 1000 }).catch(() => {});
    }
    await input.fill('');
    await page.evaluate(() => { window.__pending = null; });
  }
  const lat = await page.evaluate(() => window.__lat);
  await page.close();
  return lat;
}

const runs = dists.map(() => []);
for (let i = 0; i < rounds; i++) {
  for (let k = 0; k < dists.length; k++) runs[k].push(await run(servers[k]));
}
for (let k = 0; k < dists.length; k++) {
  const p50s = runs[k].map((r) => pct(r.map((x) => x[1]), 50));
  const p95s = runs[k].map((r) => pct(r.map((x) => x[1]), 95));
  const list = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
  console.log(`${dists[k]}: median p50 ${pct(p50s, 50).toFixed(1)} ms, median p95 ${pct(p95s, 50).toFixed(1)} ms`);
  console.log(`  p50 of each run: ${list(p50s)}`);
  console.log(`  p95 of each run: ${list(p95s)}`);
  console.log(`  last run: ${runs[k].at(-1).map(([key, t]) => `${key} ${t.toFixed(1)}`).join(', ')}`);
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));
