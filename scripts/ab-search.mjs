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
import { alternate } from './ab-support.mjs';

const QUERIES = ['putobject', 'invalidation', 'passrole', 'getsecretvalue', 'describeinstances'];

async function run(browser, server) {
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

await alternate('usage: node scripts/ab-search.mjs DIST_A DIST_B [DIST_C ...]', run);
