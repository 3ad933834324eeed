// trunk post_build hook: moves trunk's inline `<script type="module">` loader
// into a hashed file, so index.html has no inline script and the strict
// Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`) holds.
// trunk 0.21 has no option for this (trunk-rs/trunk#288).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('externalize-init: TRUNK_STAGING_DIR is not set (run me as a trunk hook)');
  process.exit(1);
}
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/g;
const matches = [...html.matchAll(inline)];
if (matches.length !== 1) {
  console.error(`externalize-init: expected one inline module script, found ${matches.length}`);
  process.exit(1);
}
const body = matches[0][1].trim() + '\n';
const hash = createHash('sha384').update(body).digest();
const name = `init-${hash.toString('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, name), body);
const tag = `<script type="module" src="./${name}" integrity="sha384-${hash.toString('base64')}"></script>`;
writeFileSync(indexPath, html.replace(matches[0][0], tag));
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(indexPath, 'utf8'))) {
  console.error('externalize-init: an inline script is still there');
  process.exit(1);
}
