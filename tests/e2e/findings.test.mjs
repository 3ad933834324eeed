// Issue 14: findings sit next to what they are about. A finding about a
// statement shows beside the field whose value made that statement, and
// selecting a finding (in the panel or beside the field) highlights that
// statement in the policy JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { suite } from './support/suite.mjs';
import { AppPage } from './support/app_page.mjs';
import { RECIPES, recipeQuery } from './support/recipes.mjs';

const ctx = suite();

/** The highlighted text, parsed, or null when nothing is highlighted. */
async function highlighted(app) {
  const mark = app.byTestId('policy-highlight');
  if ((await mark.count()) === 0) return null;
  return JSON.parse(await mark.textContent());
}

test('a recipe finding shows beside its field and highlights its statement', async () => {
  const recipe = RECIPES.find((r) => r.id === 'amplify-workshop');
  const app = await AppPage.open(ctx.browser, ctx.server, recipeQuery(recipe, { project: 'docsproject' }));
  await app.waitForPolicy((t) => t.includes('docsproject'));
  const panelItems = app.page.locator('[data-testid="findings"] [data-testid="finding"][data-statement]');
  await panelItems.first().waitFor();
  const policy = JSON.parse(await app.policyJson());

  // Each finding about a statement is beside one field, whose value is in
  // that statement.
  const n = await panelItems.count();
  assert.ok(n > 0, 'the recipe has findings about statements');
  for (let i = 0; i < n; i++) {
    const item = panelItems.nth(i);
    const index = Number(await item.getAttribute('data-statement'));
    const message = (await item.textContent()).replace(/^\w+: /, '').replace(/ Show statement \d+ in the policy$/, '');
    const beside = app.page.locator('[data-testid^="field-findings-"]', { hasText: message.slice(0, 60) });
    assert.equal(await beside.count(), 1, `"${message}" is beside exactly one field`);
    const field = (await beside.getAttribute('data-testid')).replace('field-findings-', '');
    const value = await app.byTestId(`param-${field}`).inputValue();
    assert.ok(JSON.stringify(policy.Statement[index]).includes(value), `${field}=${value} is in statement ${index}`);
  }

  // Selecting a finding in the panel highlights exactly its statement.
  const first = panelItems.first();
  const index = Number(await first.getAttribute('data-statement'));
  assert.equal(await highlighted(app), null, 'nothing highlighted at first');
  const select = first.locator('[data-testid="finding-select"]');
  await select.click();
  assert.deepEqual(await highlighted(app), policy.Statement[index]);
  assert.equal(await select.getAttribute('aria-pressed'), 'true');
  const inView = await app.page.evaluate(() => {
    const box = document.querySelector('[data-testid="policy-box"]').getBoundingClientRect();
    const mark = document.querySelector('[data-testid="policy-highlight"]').getBoundingClientRect();
    return mark.top < box.bottom && mark.bottom > box.top;
  });
  assert.ok(inView, 'the highlighted statement is scrolled into the policy box');
  await select.click();
  assert.equal(await highlighted(app), null, 'selecting it again clears the highlight');

  // The same from beside the field.
  await app.page.locator('[data-testid="field-finding-select"]').first().click();
  const fromField = await highlighted(app);
  assert.ok(policy.Statement.some((s) => JSON.stringify(s) === JSON.stringify(fromField)), 'a statement of the policy');
});

test('a scratch-builder finding shows in the group its actions come from', async () => {
  const app = await AppPage.open(ctx.browser, ctx.server);
  await app.byTestId('start-import').click();
  await app.byTestId('import-text').fill(JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs-example/*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ],
  }));
  await app.byTestId('import-total').waitFor();
  await app.byTestId('continue-import').click();
  await app.waitForPolicy((t) => t.includes('iam:PassRole'));
  const beside = app.byTestId('group-findings-iam');
  await beside.waitFor();
  assert.match(await beside.textContent(), /PassRole/);
  assert.equal(await app.byTestId('group-findings-s3').count(), 0, 'nothing about the s3 group');
  await beside.locator('[data-testid="field-finding-select"]').first().click();
  const statement = await highlighted(app);
  assert.ok(JSON.stringify(statement).includes('iam:PassRole'), JSON.stringify(statement));
});
