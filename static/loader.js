// The page's loader (an ES module). scripts/externalize-init.mjs fills in the
// hashed file names below and writes it to dist/ as init-<hash>.js, so that
// index.html has no inline script.
//
// A preset or share link paints its policy first: static/preload.js starts
// the small first-policy module (the core without the app, see
// src/first_policy.rs), which reads the link and generates the policy from
// the recipes' part of the catalog it carries (or the catalog file, for
// other services), and paints it. Only then is the app fetched; it takes
// the page over once its builder is on screen (it removes `.first-paint`).
// Anything else (the start page) starts the app at once. If the first
// module fails or has nothing to paint, the app starts all the same.

const APP_JS = './__APP_JS__';
const APP_WASM = './__APP_WASM__';

async function startApp() {
  const app = await import(APP_JS);
  const wasm = await app.default({ module_or_path: APP_WASM });
  window.wasmBindings = app;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

// static/preload.js has started, and paints, the first policy for a
// preset or share link; the app comes after it.
if (window.iamFirstPolicy) await window.iamFirstPolicy;
await startApp();
