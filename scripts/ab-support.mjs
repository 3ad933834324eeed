// Shared by the A/B scripts (ab-search.mjs, ab-keystroke.mjs): serve each
// build on its own port, run the measurement on each build in turn (A, B,
// A, B, ...) so that a busy machine slows all of them alike, and print each
// build's p50 and p95 per run and their medians.
// These are tools for comparing builds, not benchmarks of record:
// scripts/bench.sh is.
import { resolve } from 'node:path';

import { launch } from '../tests/e2e/support/browser.mjs';
import { serveDist } from '../tests/e2e/support/server.mjs';

export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * `measure(browser, server)` returns one run's samples, each a number of
 * milliseconds or a `[label, ms]` pair; `usage` is printed when fewer than
 * two builds are named on the command line.
 */
export async function alternate(usage, measure) {
  const dists = process.argv.slice(2);
  if (dists.length < 2) {
    console.error(usage);
    process.exit(2);
  }
  const rounds = Number(process.env.ROUNDS || 5);
  const servers = await Promise.all(dists.map((d) => serveDist({ dist: resolve(d) })));
  const browser = await launch();
  const runs = dists.map(() => []);
  try {
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < dists.length; k++) runs[k].push(await measure(browser, servers[k]));
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  const ms = (x) => (Array.isArray(x) ? x[1] : x);
  const list = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
  for (let k = 0; k < dists.length; k++) {
    const p50s = runs[k].map((r) => pct(r.map(ms), 50));
    const p95s = runs[k].map((r) => pct(r.map(ms), 95));
    console.log(`${dists[k]}: median p50 ${pct(p50s, 50).toFixed(1)} ms, median p95 ${pct(p95s, 50).toFixed(1)} ms`);
    console.log(`  p50 of each run: ${list(p50s)}`);
    console.log(`  p95 of each run: ${list(p95s)}`);
    const last = runs[k].at(-1);
    console.log(`  last run: ${last.map((x) => (Array.isArray(x) ? `${x[0]} ${x[1].toFixed(1)}` : x.toFixed(1))).join(', ')}`);
  }
}
