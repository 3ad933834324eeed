// trunk post_build hook: replaces trunk's inline `<script type="module">`
// loader with static/loader.js, written to a hashed file, so index.html has
// no inline script and the strict Content-Security-Policy
// (`script-src 'self' 'wasm-unsafe-eval'`) holds. trunk 0.21 has no option
// for this (trunk-rs/trunk#288).
//
// The loader starts two modules: the first-policy module (trunk builds it as
// a "worker" link, so it has no loader of its own and no hash in its name:
// both are added here) and then the app. trunk's preloads of the app are
// taken out: a preset link fetches the app only after its first policy.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!dir) {
  console.error('externalize-init: TRUNK_STAGING_DIR is not set (run me as a trunk hook)');
  process.exit(1);
}
const fail = (why) => {
  console.error(`externalize-init: ${why}`);
  process.exit(1);
};
const short = (bytes) => createHash('sha384').update(bytes).digest('hex').slice(0, 16);

const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/g;
const matches = [...html.matchAll(inline)];
if (matches.length !== 1) fail(`expected one inline module script, found ${matches.length}`);
const trunkInit = matches[0][1];
const appJs = trunkInit.match(/from '\.\/([^']+\.js)'/)?.[1];
const appWasm = trunkInit.match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
if (!appJs || !appWasm) fail(`trunk's loader has changed shape:\n${trunkInit}`);

// The first-policy module, hashed like every other asset.
const hashed = (name, ext) => {
  const bytes = readFileSync(join(dir, name));
  const out = name.replace(new RegExp(`${ext.replace('.', '\\.')}$`), `-${short(bytes)}${ext}`);
  renameSync(join(dir, name), join(dir, out));
  return out;
};
const firstWasm = hashed('first-policy_bg.wasm', '_bg.wasm');
// The glue names its wasm only as a default (`new URL('first-policy_bg.wasm',
// import.meta.url)`), which the loader overrides; hash it after the rename.
const firstJs = hashed('first-policy.js', '.js');

// The catalog's preload moves into static/preload.js, which fetches the
// catalog itself for a link (a preload would fetch it a second time).
const catalogPreload = /\s*<!--[^>]*-->\s*<link rel="preload" href="(catalog\/[^"]+)"[^>]*>/;
const catalog = html.match(catalogPreload)?.[1];
if (!catalog) fail('no catalog preload in index.html');
html = html.replace(catalogPreload, '');

const names = {
  __APP_JS__: appJs,
  __APP_WASM__: appWasm,
  __FIRST_JS__: firstJs,
  __FIRST_WASM__: firstWasm,
  __CATALOG__: catalog,
};
// static/<template> with the names filled in, as <out>-<hash>.js; its tag.
const emit = (template, out, type) => {
  let body = readFileSync(join(source, 'static', template), 'utf8');
  for (const [k, v] of Object.entries(names)) body = body.replaceAll(k, v);
  const left = body.match(/__[A-Z_]+__/);
  if (left) fail(`static/${template} names ${left[0]}, which this hook does not know`);
  const hash = createHash('sha384').update(body).digest();
  const name = `${out}-${hash.toString('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), body);
  return `<script${type}src="./${name}" integrity="sha384-${hash.toString('base64')}"></script>`;
};
// The preloads go first in <head>, before the stylesheets, so the fetches
// start as early as they would from <link> tags. The loader (a module, so
// it runs once the document is parsed) comes right after them: further
// down, the parser meets it only once the stylesheets are in and guard.js
// has run, and its fetch would start that much later.
html = html.replace(matches[0][0], '');
html = html.replace(
  /(<meta name="referrer"[^>]*>)/,
  `$1\n    ${emit('preload.js', 'preload', ' ')}\n    ${emit('loader.js', 'init', ' type="module" ')}`
);
if (!html.includes('src="./preload-')) fail('no <meta name="referrer"> to put the preload script after');

// trunk's preloads of the app: the loader fetches it when it is wanted.
const preloads = /<link rel="(?:modulepreload|preload)" href="\.\/iam-policy-builder-[^"]+"[^>]*>/g;
if ((html.match(preloads) ?? []).length !== 2) fail("expected trunk's two preloads of the app");
html = html.replace(preloads, '');
writeFileSync(indexPath, html);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline script is still there');
