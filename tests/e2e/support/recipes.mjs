// The shipped recipes, read from their source so every new recipe is tested.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'src/recipe/data';

export const RECIPES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

/** Values for parameters without a default, by name or by kind. */
export const SAMPLE_VALUES = {
  account: '123456789012',
  distribution: 'E2EXAMPLE12345',
  prefix: 'uploads/originals',
  region: 'us-east-1',
};

/** `?recipe=…&param=…` for a recipe with every parameter filled. */
export function recipeQuery(recipe, overrides = {}, extra = '') {
  const q = new URLSearchParams({ recipe: recipe.id });
  for (const p of recipe.params) {
    const value = overrides[p.name] ?? p.default ?? SAMPLE_VALUES[p.name] ?? SAMPLE_VALUES[p.kind];
    if (value !== undefined) q.set(p.name, value);
  }
  return `?${q}${extra}`;
}
