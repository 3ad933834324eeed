// Renders screenshots of the release build into docs/screenshots/, for the
// README. Re-run it whenever the UI changes:
//
//   trunk build --release --public-url ./ && node scripts/screenshots.mjs
//
// Uses Debian's Chromium through playwright-core (no browser download), the
// same static server as the end-to-end tests, and a light colour scheme
// unless a shot asks for dark.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch } from '../tests/e2e/support/browser.mjs';
import { serveDist } from '../tests/e2e/support/server.mjs';
import { pasteIntoImport } from '../tests/e2e/support/app_page.mjs';

const OUT = 'docs/screenshots';
const RECIPE = '?recipe=js-publisher&bucket=mojito-example&container=app&account=123456789012';
const ROLE = '?recipe=static-site-deploy&bucket=my-site&distribution=E2EXAMPLE12345&account=123456789012&auth=role&ci=github&repo=octo-org/site&ref=refs/heads/main';

const SCRIPT = [
  '# deploy step',
  'npm run build',
  'aws s3 sync dist/ s3://$BUCKET/ --delete \\',
  '  --exclude "*.map"',
  'aws cloudfront create-invalidation --distribution-id $DIST --paths "/*"',
  'aws cloudfront wait invalidation-completed --distribution-id $DIST --id $INVALIDATION',
].join('\n');
const DENIED_LOG = [
  '+ aws s3 cp s3://mojito-example/js/app.js -',
  'An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::123456789012:assumed-role/ci/run-7 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::mojito-example/js/app.js" because no identity-based policy allows the s3:GetObject action',
  '+ aws iam create-user --user-name x',
  'An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:sts::123456789012:assumed-role/ci/run-7 is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/x with an explicit deny in a service control policy',
].join('\n');

/** name, query, viewport, colour scheme, what to do before the shot. */
const SHOTS = [
  ['start', '', [1280, 800], 'light', async (page) => page.locator('[data-testid="start-scratch"]').waitFor()],
  ['recipe', RECIPE, [1280, 800], 'light', null],
  ['scratch', '', [1280, 800], 'light', async (page) => {
    await page.locator('[data-testid="start-scratch"]').click();
    await page.locator('[data-testid="action-search"]').fill('putobject');
    await page.locator('[data-testid="action-result-s3:PutObject"]').click();
    await page.locator('[data-testid="arn-s3-object-BucketName"]').fill('mojito-example');
    await page.locator('[data-testid="arn-s3-object-ObjectName"]').fill('js/*');
    await waitForText(page, 'arn:aws:s3:::mojito-example/js/*');
  }],
  ['import', '', [1280, 800], 'light', async (page) => {
    await page.locator('[data-testid="start-import"]').click();
    await page.locator('[data-testid="import-text"]').waitFor();
    const sample = JSON.parse(readFileSync('tests/fixtures/large-policy.json', 'utf8'));
    sample.Statement = sample.Statement.slice(0, 2);
    await pasteIntoImport(page, JSON.stringify(sample, null, 2));
  }],
  ['embed', `${RECIPE}&lock=bucket&embed=1`, [760, 900], 'light', null],
  ['dark', RECIPE, [1280, 800], 'dark', null],
  ['phone', RECIPE, [360, 780], 'light', null],
  // Issue 17: the role path, scrolled to the role's outputs.
  ['role-1280-light', `${ROLE}`, [1280, 900], 'light', async (page) => {
    await page.locator('[data-testid="trust-policy-json"]').waitFor();
    await page.locator('[data-testid="ci-fields"]').evaluate((el) => el.scrollIntoView());
  }],
  ['role-embed', `${ROLE}&embed=1`, [760, 900], 'light', null],
  // Issue 16: a deploy step's commands, and an AccessDenied log added to a recipe.
  ['commands', `?commands=${encodeURIComponent(SCRIPT)}&BUCKET=my-site&DIST=E2EXAMPLE12345&account=123456789012`, [1280, 900], 'light', async (page) => {
    await page.locator('[data-testid="command-lines"]').waitFor();
  }],
  ['access-denied', RECIPE, [1280, 900], 'dark', async (page) => {
    await page.locator('[data-testid="open-error"]').click();
    await page.locator('[data-testid="error-text"]').fill(DENIED_LOG);
    await page.locator('[data-testid="error-preview"]').waitFor();
  }],
];

async function waitForText(page, text) {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="policy-json"]')?.textContent.includes(t),
    text
  );
}

mkdirSync(OUT, { recursive: true });
const server = await serveDist();
const browser = await launch();
try {
  for (const [name, query, [width, height], colorScheme, prepare] of SHOTS) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    await page.goto(server.url + query);
    await page.locator('[data-testid="policy-json"]').waitFor();
    if (prepare) await prepare(page);
    // Let the findings and grants follow the last change (they wait for a pause).
    await page.waitForTimeout(400);
    const file = join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`${file} (${width}×${height}, ${colorScheme})`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
