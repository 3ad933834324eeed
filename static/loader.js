// The page's loader (an ES module). scripts/externalize-init.mjs fills in the
// hashed file names below and writes it to dist/ as init-<hash>.js, so that
// index.html has no inline script.
//
// A preset or share link paints its policy first: the small first-policy
// module (the core without the app, see src/first_policy.rs), started by
// static/preload.js, reads the link and generates the policy from the
// recipes' part of the catalog it carries (or the catalog file, for other
// services), and this paints it. Only then is the app fetched; it takes the
// page over once its builder is on screen (it removes `.first-paint`).
// Anything else (the start page) starts the app at once. If the first
// module fails or has nothing to paint, the app starts all the same.

const APP_JS = './__APP_JS__';
const APP_WASM = './__APP_WASM__';
const CATALOG = './__CATALOG__';

async function startApp() {
  const app = await import(APP_JS);
  const wasm = await app.default({ module_or_path: APP_WASM });
  window.wasmBindings = app;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

// The JSON with keys and strings coloured as the app colours them
// (src/ui/components/policy_preview.rs); the text is unchanged.
function coloured(json) {
  const out = [];
  let at = 0;
  for (const m of json.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    if (m.index > at) out.push(json.slice(at, m.index));
    const end = m.index + m[0].length;
    const key = /^\s*:/.test(json.slice(end, end + 8));
    out.push(el('span', { class: key ? 'tok-key' : 'tok-str' }, m[0]));
    at = end;
  }
  if (at < json.length) out.push(json.slice(at));
  return out;
}

// The builder's layout (the app's classes and words), with the policy in
// its place and the inputs still to come. The app's header, with its
// promise about credentials, is there from the start.
function paint(first) {
  if (first.theme) document.documentElement.setAttribute('data-theme', first.theme);
  const code = el('code', { 'data-testid': 'first-policy-json' }, ...coloured(first.json));
  const pane = el(
    'div',
    { class: 'policy-pane' },
    el(
      'section',
      { class: 'policy-preview', 'aria-labelledby': 'first-policy-title' },
      el('h2', { id: 'first-policy-title' }, 'Policy'),
      el('pre', { class: 'scroll-box', tabindex: '0', role: 'region', 'aria-label': 'Policy JSON' }, code)
    )
  );
  const inputs = el(
    'div',
    { class: 'inputs' },
    ...first.heads.map(([title, summary]) => el('div', { class: 'recipe-head' }, el('h2', {}, title), el('p', {}, summary))),
    el('p', { class: 'loading', role: 'status', 'data-testid': 'first-paint-loading' }, 'Loading the editor…')
  );
  const builder = el('div', { class: first.embed ? 'builder compact' : 'builder' }, inputs, pane);
  const header = first.embed
    ? [el('header', { class: 'visually-hidden' }, el('h1', {}, 'IAM Policy Builder'))]
    : [
        el(
          'header',
          { class: 'app-header' },
          el('div', { class: 'title-row' }, el('h1', {}, 'IAM Policy Builder')),
          el(
            'p',
            { class: 'tagline' },
            'Describe the job a user or role must do; get the least-privilege IAM policy for it, with a reason for every permission.'
          ),
          el(
            'p',
            { class: 'no-credentials' },
            'This tool never asks for, stores or sends AWS credentials. Everything runs in your browser; nothing you type leaves this page.'
          )
        ),
        // Where the app's "All jobs" link goes: kept empty, so nothing moves.
        el('nav', { class: 'crumbs', 'aria-hidden': 'true' }, el('span', { class: 'link' }, '\u00a0')),
      ];
  const root = el(
    'div',
    { class: first.embed ? 'app embed first-paint' : 'app first-paint', 'data-testid': 'first-paint' },
    ...header,
    el('main', {}, builder)
  );
  document.body.prepend(root);
  if (first.embed && window.parent !== window) {
    // As the app does (use_embed_height): the embedding page fits the iframe.
    window.parent.postMessage({ type: 'iam-policy-builder:height', height: document.body.scrollHeight }, '*');
  }
}

// static/preload.js has started the first policy for a preset or share link.
if (window.iamFirstPolicy) {
  const first = await window.iamFirstPolicy;
  if (first) {
    try {
      paint(first);
    } catch (e) {
      console.warn('first policy:', e);
    }
  }
  // The app's catalog, fetched beside the app (a recipe's policy was
  // painted without it); for a share link it is in the cache already.
  const link = document.createElement('link');
  for (const [k, v] of Object.entries({ rel: 'preload', href: CATALOG, as: 'fetch', type: 'text/plain', crossorigin: 'anonymous' })) {
    link.setAttribute(k, v);
  }
  document.head.append(link);
}
await startApp();
