// Issue 17: the role path. A recipe's user picks "a role for CI", GitHub,
// fills repo and ref, and copies the trust policy, the permissions policy
// and the workflow snippet; "Try a request" shows the configured repository
// allowed and its neighbours denied; the choice survives a share link; a
// docs author presets it by URL, embedded or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';
import { docsPage, docsServer } from './support/docs_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();
const PRESET = '?recipe=static-site-deploy&bucket=my-site&distribution=E2EXAMPLE1&account=123456789012';
const PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

async function clipboard(app) {
  return app.page.evaluate(() => navigator.clipboard.readText());
}

async function trustText(app, predicate) {
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await app.byTestId('trust-policy-json').textContent().catch(() => '')) ?? '';
    if (predicate(text)) return text;
    await app.page.waitForTimeout(20);
  }
  throw new Error(`the trust policy never matched; last:\n${text}`);
}

test('the role path for a recipe: pick GitHub, fill repo and ref, copy all three', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server, PRESET, { clipboard: true });
  const permissions = await app.waitForPolicy((t) => t.includes('arn:aws:s3:::my-site/*'));
  assert.equal(await app.byTestId('auth-user').isChecked(), true, 'an IAM user until the reader chooses');
  assert.equal(await app.byTestId('trust-policy-json').count(), 0, 'no role is shown for a user');

  await app.byTestId('auth-role').check();
  await app.byTestId('ci-provider').selectOption('github');
  // Nothing is guessed: until the repository is given, no trust policy.
  await app.byTestId('ci-param-repo-error').waitFor();
  assert.match(await app.byTestId('ci-param-repo-error').textContent(), /repo is required/);
  assert.equal(await app.byTestId('trust-policy-json').count(), 0);

  await app.byTestId('ci-param-repo').fill('octo-org/site');
  await app.byTestId('ci-param-ref').fill('refs/heads/main');
  const trust = await trustText(app, (t) => t.includes('repo:octo-org/site:ref:refs/heads/main'));
  const doc = JSON.parse(trust);
  assert.equal(doc.Statement.length, 1);
  const [s] = doc.Statement;
  assert.equal(s.Effect, 'Allow');
  assert.equal(s.Action, 'sts:AssumeRoleWithWebIdentity');
  assert.deepEqual(s.Principal, { Federated: PROVIDER_ARN });
  assert.deepEqual(s.Condition, {
    StringEquals: {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': 'repo:octo-org/site:ref:refs/heads/main',
    },
  });
  assert.equal(await app.byTestId('oidc-url').textContent(), 'https://token.actions.githubusercontent.com');
  assert.equal(await app.byTestId('oidc-audience').textContent(), 'sts.amazonaws.com');
  assert.equal(await app.byTestId('oidc-arn').textContent(), PROVIDER_ARN);

  // Copy the trust policy, the permissions policy and the snippet.
  await app.byTestId('copy-trust-policy').click();
  assert.equal(await clipboard(app), trust);
  await app.byTestId('copy-json').click();
  assert.equal(await clipboard(app), permissions, 'the permissions policy is the one the recipe builds');
  assert.equal(await app.policyJson(), permissions, 'choosing the role changes no permission');
  const snippet = await app.byTestId('ci-snippet').textContent();
  assert.match(snippet, /id-token: write/);
  assert.match(snippet, /uses: aws-actions\/configure-aws-credentials@v4/);
  const roleName = await app.byTestId('role-name').textContent();
  assert.ok(snippet.includes(`role-to-assume: arn:aws:iam::123456789012:role/${roleName}`), snippet);
  await app.byTestId('copy-ci-snippet').click();
  assert.equal(await clipboard(app), snippet);

  // The role as code carries the same trust and permissions.
  await app.byTestId('role-export-tab-terraform').click();
  const tf = await app.byTestId('role-export-text').textContent();
  assert.match(tf, /resource "aws_iam_openid_connect_provider"/);
  assert.match(tf, /resource "aws_iam_role"/);
  assert.ok(tf.includes('repo:octo-org/site:ref:refs/heads/main'));
  assert.ok(tf.includes('arn:aws:s3:::my-site/*'), 'the permissions policy is attached');

  // Try a request: the configured repository is allowed, each neighbour denied.
  const rows = await app.page.$$eval('[data-testid^="trust-try-"]', (trs) =>
    trs.filter((tr) => tr.tagName === 'TR').map((tr) => ({
      who: tr.cells[0].textContent,
      allowed: tr.dataset.allowed,
      expected: tr.dataset.expected,
    }))
  );
  assert.ok(rows.length >= 4, `the configured token and its neighbours (${rows.length})`);
  assert.equal(rows[0].allowed, 'true', `${rows[0].who} may assume the role`);
  for (const r of rows.slice(1)) assert.equal(r.allowed, 'false', `${r.who} is denied`);
  for (const r of rows) assert.equal(r.allowed, r.expected, r.who);
  await app.assertClean(assert);
});

test('a bad identifier keeps the last good role, marked, and a credential is refused', async () => {
  const query = `${PRESET}&auth=role&ci=github&repo=octo-org/site&ref=refs/heads/main`;
  const app = await AppPage.open(ctx.browser, ctx.server, query);
  const good = await trustText(app, (t) => t.includes('repo:octo-org/site:ref:refs/heads/main'));
  await app.byTestId('ci-param-repo').fill('octo-org');
  await app.byTestId('ci-param-repo-error').waitFor();
  assert.match(await app.byTestId('ci-param-repo-error').textContent(), /owner\/name/);
  assert.match(await app.byTestId('role-stale').textContent(), /last valid role/);
  assert.equal(await app.byTestId('trust-policy-json').textContent(), good);
  await app.byTestId('ci-param-repo').fill('octo-org/site');
  await app.byTestId('role-stale').waitFor({ state: 'detached' });

  await app.byTestId('ci-param-ref').fill('AKIAIOSFODNN7EXAMPLE');
  await app.byTestId('ci-param-ref-credential').waitFor();
  assert.equal(await app.byTestId('ci-param-ref').inputValue(), 'refs/heads/main', 'the credential never reaches the state');
  assert.ok(!app.page.url().includes('AKIA'));
  await app.assertClean(assert);
});

test('a preset link opens the role path; the share link keeps it', async () => {
  const query = `${PRESET}&auth=role&ci=gitlab&project=my-group/site&ref=main&lock=project`;
  const app = await AppPage.open(ctx.browser, ctx.server, query, { clipboard: true });
  const trust = await trustText(app, (t) => t.includes('project_path:my-group/site:ref_type:branch:ref:main'));
  assert.equal(await app.byTestId('ci-provider').inputValue(), 'gitlab');
  assert.equal(await app.byTestId('auth-role').isChecked(), true);
  assert.notEqual(await app.byTestId('ci-param-project').getAttribute('readonly'), null, 'a locked identifier is read-only');
  assert.match(await app.byTestId('ci-snippet').textContent(), /id_tokens:/);
  await app.byTestId('share-link').click();
  const url = await clipboard(app);
  const fresh = await AppPage.open(ctx.browser, ctx.server, url.slice(ctx.server.url.length).replace(/\?[^#]*/, ''));
  assert.equal(await trustText(fresh, (t) => t.includes('project_path:')), trust, 'the share link alone reproduces the role');
  await app.assertClean(assert);
  await fresh.assertClean(assert);
});

test('every CI system from a preset: its own provider, trust policy and snippet', async () => {
  const cases = [
    ['github', 'repo=o/r&environment=production', 'repo:o/r:environment:production', 'configure-aws-credentials'],
    ['gitlab', 'project=g/p&ref=main&host=gitlab.example.com', 'project_path:g/p:ref_type:branch:ref:main', 'AWS_WEB_IDENTITY_TOKEN_FILE'],
    ['bitbucket', 'workspace=ws&workspace-uuid={6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}&repository-uuid={0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}',
      '{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}:*', 'oidc: true'],
    ['circleci', 'org-id=11111111-2222-3333-4444-555555555555&project-id=66666666-7777-8888-9999-000000000000',
      'org/11111111-2222-3333-4444-555555555555/project/66666666-7777-8888-9999-000000000000/user/*', 'aws-cli/setup'],
  ];
  for (const [ci, params, sub, snippetMark] of cases) {
    const q = `${PRESET}&ci=${ci}&${params.replaceAll('{', '%7B').replaceAll('}', '%7D')}`;
    const app = await AppPage.open(ctx.browser, ctx.server, q);
    const trust = await trustText(app, (t) => t.includes(sub));
    assert.match(trust, /"Federated": "arn:aws:iam::123456789012:oidc-provider\//, ci);
    assert.ok((await app.byTestId('ci-snippet').textContent()).includes(snippetMark), ci);
    const allowed = await app.page.$$eval('tr[data-testid^="trust-try-"]', (trs) => trs.map((tr) => tr.dataset.allowed === tr.dataset.expected));
    assert.ok(allowed.length >= 3 && allowed.every(Boolean), `${ci}: every token gets the expected answer`);
    await app.page.context().close();
  }
});

// The compact embed with the role path on: one more row (the CI system and
// its identifiers) than the 900 px of the user path, and the role's outputs
// wait behind their own tab.
const MAX_HEIGHT = 1000;
const docs = docsServer();

for (const recipe of RECIPES) {
  test(`embed of ${recipe.id} on the role path at 760 px: at most ${MAX_HEIGHT} px, the role behind its tab`, async (t) => {
    const src = ctx.server.url + recipeQuery(recipe, {}, `${recipe.params.some((p) => p.name === 'account') ? '' : '&account=123456789012'}&auth=role&ci=github&repo=octo-org/site&ci-environment=production&embed=1`);
    docs.pages.set(`/${recipe.id}`, docsPage(src));
    const page = await ctx.browser.newPage({ viewport: { width: 760, height: 900 } });
    try {
      await page.goto(`${docs.origin}/${recipe.id}`);
      const frame = await (await page.waitForSelector('#builder')).contentFrame();
      await frame.waitForFunction(() => document.querySelector('[data-testid="policy-json"]')?.textContent.includes('"Action"'));
      await frame.waitForSelector('[data-testid="tab-role"]');
      await page.waitForTimeout(300);
      const height = await frame.evaluate(() => document.body.scrollHeight);
      t.diagnostic(`${recipe.id} on the role path: ${height} px`);
      assert.ok(height <= MAX_HEIGHT, `${recipe.id}: ${height} px before anything is opened`);
      assert.equal(await frame.isVisible('[data-testid="trust-policy-json"]'), false, 'the role waits behind its tab');
      await frame.click('[data-testid="tab-role"]');
      await frame.waitForSelector('[data-testid="trust-policy-json"]', { state: 'visible' });
      const trust = await frame.textContent('[data-testid="trust-policy-json"]');
      assert.ok(trust.includes('repo:octo-org/site:environment:production'), trust);
    } finally {
      await page.close();
    }
  });
}
