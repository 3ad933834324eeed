// The summary table of scripts/bench.sh: each of issue 19's rows beside its
// target, from the figures of the same run (the browser's in the JSON file
// scripts/browser-bench.mjs wrote, the CLI's in environment variables). A
// figure that was not measured says so, and why; nothing is filled in.
import { existsSync, readFileSync } from 'node:fs';

const env = process.env;
const browser = existsSync(env.BROWSER_JSON ?? '') ? JSON.parse(readFileSync(env.BROWSER_JSON, 'utf8')) : null;
const browserWhy = env.BROWSER_NOTE || 'scripts/browser-bench.mjs wrote no figures';
const num = (name) => (env[name] ? Number(env[name]) : null);
const [lintUs, parlUs, lintKib, parlKib] = ['LINT_US', 'PARL_US', 'LINT_KIB', 'PARL_KIB'].map(num);

const ms = (x) => `${x.toFixed(1)} ms`;
const b = (n) => `${n.toLocaleString('en-US')} B`;
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

// [row, measured or null, target text, met?, why not measured]
const rows = [];
const row = (name, value, show, target, isMet, why) =>
  rows.push(value === null || value === undefined
    ? [name, `not measured: ${why}`, target, '']
    : [name, show(value), target, isMet(value) ? 'met' : 'missed']);

const fromBrowser = (key) => (browser ? browser[key] : null);
row('first policy, preset link, 1x CPU (median of 7 loads)', fromBrowser('firstPolicy1x'), ms, '<= 250 ms', (v) => v <= 250, browserWhy);
row('first policy, preset link, 4x CPU (median of 7 loads)', fromBrowser('firstPolicy4x'), ms, '<= 800 ms', (v) => v <= 800, browserWhy);
for (const x of [1, 4]) {
  const v = fromBrowser(`builder${x}x`);
  rows.push([`the app's builder, editable, ${x}x CPU (same loads)`, v === null || v === undefined ? `not measured: ${browserWhy}` : ms(v), '(reported)', '']);
}
const loaded = fromBrowser('loaded');
row('app shell, gzip, loaded before the first policy', loaded?.before.shellGzip, b, '<= 200,000 B', (v) => v <= 200_000, browserWhy);
rows.push(loaded
  ? ['bytes loaded before / after the first policy (as served)', `${b(loaded.before.bytes)} / ${b(loaded.after.bytes)}`, '(reported)', '']
  : ['bytes loaded before / after the first policy (as served)', `not measured: ${browserWhy}`, '(reported)', '']);
rows.push(loaded
  ? ['the same, gzip (catalog included)', `${b(loaded.before.gzip)} / ${b(loaded.after.gzip)}`, '(reported)', '']
  : ['the same, gzip (catalog included)', `not measured: ${browserWhy}`, '(reported)', '']);
row('keystroke -> JSON p95, 1x CPU', fromBrowser('keystrokeP951x'), ms, '<= 4 ms', (v) => v <= 4, browserWhy);
row('keystroke -> JSON p95, 4x CPU', fromBrowser('keystrokeP954x'), ms, '<= 16 ms', (v) => v <= 16, browserWhy);
row('action search p95', fromBrowser('searchP95'), ms, '<= 5 ms', (v) => v <= 5, browserWhy);
const cliWhy = env.RATIO_NOTE || 'the CLI section did not run';
const ratio = lintUs && parlUs ? parlUs / lintUs : null;
row(
  'CLI lint of the Amplify seed vs parliament (median wall time)',
  ratio,
  (r) => `${r.toFixed(0)}x (${ms(lintUs / 1000)} vs ${ms(parlUs / 1000)})`,
  '>= 100x',
  (r) => r >= 100,
  cliWhy,
);
row(
  'CLI lint peak memory (max RSS)',
  lintKib,
  (k) => `${mib(k)}${parlKib ? ` (parliament ${mib(parlKib)})` : ''}`,
  '<= 20 MiB',
  (k) => k <= 20 * 1024,
  env.RSS_NOTE || 'the CLI section did not run',
);

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['row', 'measured', 'target'][i].length));
const line = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
console.log('issue 19 targets, this run:');
console.log(line(['row', 'measured', 'target', 'status']));
for (const r of rows) console.log(line(r));
