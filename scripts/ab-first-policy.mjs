// A/B timing of the first policy for two or more builds of the app:
//   node scripts/ab-first-policy.mjs dist /path/to/other/dist [...]
// Each build is served on its own port. The loads alternate between the
// builds (A, B, A, B, ...), so that a busy machine slows all of them alike.
// It prints the median and every load, at 1x and 4x CPU, of the first
// policy on screen and of the app's builder (which can be edited). ROUNDS=n sets the
// number of loads of each build (default 9); URL=?… sets the link.
// This is a tool for comparing builds, not a benchmark of record:
// scripts/bench.sh is.
import { resolve } from 'node:path';

import { launch } from '../tests/e2e/support/browser.mjs';
import { serveDist } from '../tests/e2e/support/server.mjs';

const url =
  process.env.URL || '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012&distribution=E2EXAMPLE1';
const dists = process.argv.slice(2);
if (dists.length < 2) {
  console.error('usage: node scripts/ab-first-policy.mjs DIST_A DIST_B [DIST_C ...]');
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS || 9);
const servers = await Promise.all(dists.map((d) => serveDist({ dist: resolve(d) })));
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const rate of [1, 4]) {
  const times = dists.map(() => []);
  const apps = dists.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < dists.length; k++) {
      const page = await browser.newPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.addInitScript(() => {
        // The first policy on screen: painted before the app
        // (first-policy-json), or the app's own (policy-json); and when the
        // app's builder, which can be edited, is there.
        new MutationObserver(() => {
          const has = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.includes('arn:');
          const app = has('policy-json');
          if ((app || has('first-policy-json')) && !window.__first) window.__first = performance.now();
          if (app && !window.__app) window.__app = performance.now();
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await page.goto(servers[k].url + url);
      await page.waitForFunction(() => window.__app, null, { timeout: 30_000 });
      times[k].push(await page.evaluate(() => window.__first));
      apps[k].push(await page.evaluate(() => window.__app));
      await page.close();
    }
  }
  dists.forEach((d, k) => {
    const all = times[k].map(Math.round).join(' ');
    console.log(`${rate}x CPU  ${d.padEnd(28)} first policy median ${median(times[k]).toFixed(0)} ms  [${all}]`);
    console.log(`${rate}x CPU  ${d.padEnd(28)} builder median ${median(apps[k]).toFixed(0)} ms  [${apps[k].map(Math.round).join(' ')}]`);
  });
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));
