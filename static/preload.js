// Starts what the page needs first while the HTML is still being read: for
// a preset or share link, the first-policy module (src/first_policy.rs), and
// the policy is generated as soon as it is in; for anything else (the start
// page), the app's files. static/loader.js paints the policy and starts the
// app. scripts/externalize-init.mjs fills in the hashed names below. A
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
  if (!link) {
    preload({ rel: 'preload', href: './__CATALOG__', as: 'fetch', type: 'text/plain', crossorigin: 'anonymous' });
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
  // The policy, or null when this module has nothing to paint; a failure
  // is null too (the loader then starts the app, which says what is wrong).
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
      if (!made) return null;
      var out = { json: made.json, heads: JSON.parse(made.heads), embed: made.embed, theme: made.theme };
      made.free();
      return out;
    })
    .catch(function (e) {
      console.warn('first policy:', e);
      return null;
    });
})();
