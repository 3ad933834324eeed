// The page object: every spec talks to the app through it, by data-testid.

export class AppPage {
  constructor(page, server) {
    this.page = page;
    this.server = server;
    this.requests = [];
    this.errors = [];
    page.on('request', (req) => this.requests.push(req.url()));
    page.on('pageerror', (err) => this.errors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(msg.text());
    });
  }

  /** `setup(page)` runs before the first navigation, e.g. to route requests. */
  static async open(browser, server, query = '', { clipboard = false, setup } = {}) {
    const context = await browser.newContext();
    if (clipboard) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    }
    const page = await context.newPage();
    const app = new AppPage(page, server);
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    if (setup) await setup(page);
    await page.goto(server.url + query);
    return app;
  }

  byTestId(id) {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  async policyJson() {
    const preview = this.byTestId('policy-json');
    await preview.waitFor();
    return preview.textContent();
  }

  /** Waits until the preview's text satisfies `predicate`, and returns it. */
  async waitForPolicy(predicate, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let text = '';
    while (Date.now() < deadline) {
      text = (await this.byTestId('policy-json').textContent()) ?? '';
      if (predicate(text)) return text;
      await this.page.waitForTimeout(20);
    }
    throw new Error(`the policy never matched; last:\n${text}`);
  }

  /** Requests that went anywhere but the app's own origin. */
  foreignRequests() {
    return this.requests.filter((url) => !url.startsWith(this.server.origin + '/'));
  }

  async cspReport() {
    return this.page.evaluate(() => window.__csp);
  }

  /** localStorage, sessionStorage and cookies, which must stay empty. */
  async storage() {
    const [local, session] = await this.page.evaluate(() => [localStorage.length, sessionStorage.length]);
    const cookies = await this.page.context().cookies();
    return { local, session, cookies: cookies.length };
  }

  /** The checks every story ends with: nothing foreign, nothing stored, no CSP breach. */
  async assertClean(assert) {
    assert.deepEqual(this.foreignRequests(), [], 'no request leaves the app origin');
    assert.deepEqual(await this.storage(), { local: 0, session: 0, cookies: 0 }, 'nothing stored');
    assert.deepEqual(await this.cspReport(), [], 'the strict CSP holds');
  }
}

/**
 * Pastes `text` into the import box of `page` (a raw Playwright page, on
 * the import screen) as one paste does: the value set and one input event
 * with inputType `insertFromPaste`. Returns the milliseconds, measured in
 * the page, until the explained result is on screen.
 */
export function pasteIntoImport(page, text) {
  return page.evaluate(async (t) => {
    const area = document.querySelector('[data-testid="import-text"]');
    const t0 = performance.now();
    area.value = t;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    await new Promise((done) => {
      const check = () => (document.querySelector('[data-testid="import-total"]') ? done() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - t0;
  }, text);
}

/**
 * The page's width against its viewport, and when it scrolls sideways, the
 * deepest elements that stick out past the right edge (to say which).
 */
export function sidewaysScroll(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [];
    if (root.scrollWidth > width) {
      // Inside a box that scrolls or clips, sticking out is that box's business.
      const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
      };
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 0.5 && !clipped(el) && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) {
          culprits.push(`${el.tagName.toLowerCase()}.${el.className || ''}[${el.getAttribute('data-testid') ?? ''}] right=${Math.round(r.right)} in ${el.parentElement?.tagName.toLowerCase()}.${el.parentElement?.className}: ${(el.textContent || '').slice(0, 40)}`);
        }
        if (culprits.length >= 5) break;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
  });
}

