// The page object: every spec talks to the app through it, by data-testid.

export class AppPage {
  constructor(page, server) {
    this.page = page;
    this.server = server;
    this.requests = [];
    this.cspViolations = [];
    this.errors = [];
    page.on('request', (req) => this.requests.push(req.url()));
    page.on('pageerror', (err) => this.errors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(msg.text());
    });
  }

  static async open(browser, server, query = '') {
    const context = await browser.newContext();
    const page = await context.newPage();
    const app = new AppPage(page, server);
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
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

  /** Requests that went anywhere but the app's own origin. */
  foreignRequests() {
    return this.requests.filter((url) => !url.startsWith(this.server.origin + '/'));
  }

  async cspReport() {
    return this.page.evaluate(() => window.__csp);
  }
}
