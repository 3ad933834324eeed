// Starts what the page needs first while the HTML is still being read: for
// a preset or share link, the first-policy module (src/first_policy.rs),
// and the policy is generated and painted as soon as it is in, then the
// catalog is preloaded for the app; for anything else (the start page), the
// app's files. static/loader.js then starts the app. scripts/externalize-init.mjs fills in the hashed names below. A
// classic script from its own file, so the strict Content-Security-Policy
// holds; it sends nothing anywhere.
(function () {
  'use strict';
  var link = location.search.length > 1 || location.hash.indexOf('#s=') === 0;
  function preload(attrs) {
    var el = document.createElement('link');
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    document.head.appendChild(el);
  }
  // The app's catalog, as the app fetches it.
  var catalogPreload = { rel: 'preload', href: './__CATALOG__', as: 'fetch', type: 'text/plain', crossorigin: 'anonymous' };
  if (!link) {
    preload(catalogPreload);
    preload({ rel: 'modulepreload', href: './__APP_JS__', crossorigin: 'anonymous' });
    preload({ rel: 'preload', href: './__APP_WASM__', as: 'fetch', type: 'application/wasm', crossorigin: 'anonymous' });
    return;
  }
  var catalog = null;
  function fetchCatalog() {
    if (!catalog) {
      catalog = fetch('./__CATALOG__', { credentials: 'same-origin' }).then(function (r) {
        return r.ok ? r.arrayBuffer() : null;
      });
    }
    return catalog;
  }
  // The module carries the recipes' part of the catalog, so a recipe link
  // needs no catalog before its policy; a share link may name any service,
  // so its catalog is fetched at once, beside the module.
  if (!/[?&]recipe=/.test(location.search)) fetchCatalog();
  // The module's wasm is fetched and compiled while its glue loads.
  var wasm = './__FIRST_WASM__';
  var compiled = WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(fetch(wasm, { credentials: 'same-origin' })).catch(function () {
        return wasm;
      })
    : wasm;
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

  // Resolves once the document's body is there. The parser reaches it only
  // after the stylesheets are in (guard.js, a classic script after them,
  // waits for them), so a policy painted then is painted styled.
  function whenBody() {
    return new Promise(function (resolve) {
      if (document.body) return resolve();
      document.addEventListener('readystatechange', function check() {
        if (!document.body) return;
        document.removeEventListener('readystatechange', check);
        resolve();
      });
    });
  }

  // Whether a policy was painted: false when this module has nothing to
  // paint, or fails (the loader then starts the app, which says what is
  // wrong). Painted from here, as soon as the policy and the body are
  // there, not from the loader: a module script runs only once the whole
  // document is parsed and the main thread is free, up to 200 ms later at
  // 4x CPU.
  window.iamFirstPolicy = Promise.all([import('./__FIRST_JS__'), compiled])
    .then(function (both) {
      var m = both[0];
      return m.default({ module_or_path: both[1] }).then(function () {
        var made = m.first_policy(location.search, location.hash);
        if (!made || !made.needs_catalog) return made;
        made.free();
        return fetchCatalog().then(function (bytes) {
          return bytes ? m.first_policy(location.search, location.hash, new Uint8Array(bytes)) : null;
        });
      });
    })
    .then(function (made) {
      if (!made) return false;
      var first = { json: made.json, heads: JSON.parse(made.heads), embed: made.embed, theme: made.theme };
      made.free();
      return whenBody().then(function () {
        paint(first);
        return true;
      });
    })
    .catch(function (e) {
      console.warn('first policy:', e);
      return false;
    })
    .then(function (painted) {
      // The app's catalog, fetched beside the app, which the loader starts
      // now (a recipe's policy was painted without it); for a share link
      // it is in the cache already.
      preload(catalogPreload);
      return painted;
    });
})();
