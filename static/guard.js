// The last line of defence: if the WebAssembly module traps (a Rust panic
// aborts into `unreachable`) or cannot start at all (a damaged or missing
// .wasm, a wrong content type), show a visible error with a reload button
// instead of a frozen or blank page.
//
// A classic script loaded from its own file before the app's module loader,
// so the strict Content-Security-Policy (no inline script) holds. It sends
// nothing anywhere and stores nothing.
(function () {
  'use strict';

  var shown = false;
  var started = false;
  window.addEventListener('TrunkApplicationStarted', function () {
    started = true;
  });

  function isWasmFailure(error) {
    if (typeof WebAssembly === 'undefined') return true;
    if (error instanceof WebAssembly.RuntimeError) return true; // a trap
    if (error instanceof WebAssembly.CompileError) return true; // a damaged module
    if (error instanceof WebAssembly.LinkError) return true;
    // Before the app has started, any uncaught error is the start failing:
    // a .wasm that is missing (wasm-bindgen throws a plain Error), a failed
    // fetch (TypeError), a wrong content type.
    return !started && error instanceof Error;
  }

  function show(error) {
    if (shown) return;
    shown = true;
    var box = document.createElement('div');
    box.className = 'fatal';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'fatal-error');

    var title = document.createElement('h1');
    title.textContent = started
      ? 'IAM Policy Builder stopped working'
      : 'IAM Policy Builder could not start';
    var what = document.createElement('p');
    what.textContent = started
      ? 'An internal error stopped the app. Nothing was sent anywhere. ' +
        'Reload to start again; a share link you copied still works.'
      : 'Its WebAssembly module did not load: it is missing, damaged, or served ' +
        'with the wrong content type (it must be application/wasm). Reload to try again.';
    var detail = document.createElement('p');
    detail.className = 'fatal-detail';
    detail.textContent = String((error && (error.message || error)) || 'unknown error');
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.setAttribute('data-testid', 'fatal-reload');
    reload.textContent = 'Reload';
    reload.addEventListener('click', function () {
      window.location.reload();
    });

    box.appendChild(title);
    box.appendChild(what);
    box.appendChild(detail);
    box.appendChild(reload);
    (document.body || document.documentElement).appendChild(box);
    reload.focus();
  }

  window.addEventListener('error', function (event) {
    if (isWasmFailure(event.error)) show(event.error);
  });
  // A script of the app's own that fails to load (the loader, or the glue it
  // imports) fires `error` on its element, seen here in the capture phase.
  window.addEventListener(
    'error',
    function (event) {
      var el = event.target;
      if (el && el.tagName === 'SCRIPT') show(new Error('could not load ' + (el.src || 'a script')));
    },
    true
  );
  window.addEventListener('unhandledrejection', function (event) {
    if (isWasmFailure(event.reason)) show(event.reason);
  });
})();
