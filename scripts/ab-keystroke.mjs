// A/B timing of keystroke -> JSON for two or more builds of the app:
//   THROTTLE=4 node scripts/ab-keystroke.mjs dist /path/to/other/dist [...]
// A run is what scripts/bench.sh measures: open the preset link, then type
// and delete a letter in the container field 200 times; the time from
// keydown to the policy's text changing, at THROTTLE x CPU (default 1).
// Unlike the bench, it starts once the app's own policy is on screen, not
// the painted first one, so no keystroke overlaps the app's start.
// Runs alternate between the builds (scripts/ab-support.mjs); ROUNDS=n
// sets the number of runs of each build (default 5).
import { alternate } from './ab-support.mjs';

const PRESET = '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012&distribution=E2EXAMPLE1';
const throttle = Number(process.env.THROTTLE || 1);

async function run(browser, server) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.addInitScript(() => {
    window.__lat = [];
    window.__pending = null;
    let last = null;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="policy-json"]');
      const text = el ? el.textContent : null;
      if (window.__pending !== null && text !== last) {
        window.__lat.push(performance.now() - window.__pending);
        window.__pending = null;
      }
      last = text;
    }).observe(document, { childList: true, subtree: true, characterData: true });
    document.addEventListener('keydown', () => { window.__pending = performance.now(); }, true);
  });
  await page.goto(server.url + PRESET);
  await page.waitForFunction(() => document.querySelector('[data-testid="policy-json"]')?.textContent.includes('arn:'));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.locator('[data-testid="param-container"]').click();
  await page.keyboard.press('End');
  await page.evaluate(() => { window.__lat = []; });
  for (let i = 0; i < 200; i++) {
    // Alternate typing a letter and deleting it: every keystroke changes the policy.
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
    await page.waitForFunction(() => window.__pending === null, null, { timeout: 10_000 });
  }
  const lat = await page.evaluate(() => window.__lat);
  await page.close();
  return lat;
}

await alternate('usage: [THROTTLE=4] node scripts/ab-keystroke.mjs DIST_A DIST_B [DIST_C ...]', run);
