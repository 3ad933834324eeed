// The independent side of the differential test (tests/it/differential.rs):
// evaluates each (identity policy, request) case of a JSON file with
// @cloud-copilot/iam-simulate (test-only, AGPL, never shipped) and prints
// one decision per case, as a JSON array, in the same order.
//
//   node tests/differential/evaluate.mjs cases.json
//
// A case is {"policy": {...}, "action": "s3:GetObject", "resource": "arn:...",
// "context": {"key": "value" | ["v1", "v2"]}}. A decision is "Allowed",
// "ExplicitlyDenied", "ImplicitlyDenied", or "Error: <message>" when the
// library rejects the case.
//
// runUnsafeSimulation evaluates the request exactly as given (Strict mode),
// without checking the action, the resource type or the context keys against
// AWS's service data: the generator uses made-up names on purpose.

import { readFileSync } from 'node:fs';

let runUnsafeSimulation;
try {
  ({ runUnsafeSimulation } = await import('@cloud-copilot/iam-simulate'));
} catch (e) {
  console.error(
    `cannot load @cloud-copilot/iam-simulate (${e.message}): run \`npm ci\` (or scripts/install.sh) in the checkout`
  );
  process.exit(2);
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/differential/evaluate.mjs <cases.json>');
  process.exit(2);
}
const cases = JSON.parse(readFileSync(file, 'utf8'));

const ACCOUNT = '123456789012';
const decisions = cases.map((c) => {
  const simulation = {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: c.context
    },
    identityPolicies: [{ name: 'policy', policy: c.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: []
  };
  try {
    return runUnsafeSimulation(simulation, {});
  } catch (e) {
    return `Error: ${e.message}`;
  }
});
process.stdout.write(JSON.stringify(decisions));
