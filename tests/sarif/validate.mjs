// Validates SARIF logs against the SARIF 2.1.0 JSON schema, test-only.
//
//   node tests/sarif/validate.mjs FILE.sarif [FILE.sarif ...]
//
// The schema is the one Microsoft's SARIF SDK publishes in the npm package
// @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, JSON Schema
// draft-04): the 2.1.0 schema whose 52 definitions, their properties and
// required members are those of the SDK's final sarif-2.1.0.json (checked
// when it was chosen; the final one differs in writing UUIDs as a format
// rather than a pattern, and two more enum values for an artifact's roles).
// Exits 0 when every file validates, 1 with every error otherwise, 2 when
// the tools are not installed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let Ajv, addFormats, schema;
try {
  Ajv = require("ajv-draft-04");
  addFormats = require("ajv-formats");
  schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
} catch (e) {
  console.error(`the SARIF schema tools are not installed (run npm ci): ${e.message}`);
  process.exit(2);
}

// The schema's `language` pattern has a stray `]` that is an error in a
// Unicode regular expression (ajv's default) but not in a plain one.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(readFileSync(file, "utf8"));
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0 (${log.runs[0].results.length} results)`);
  } else {
    failed = true;
    for (const e of validate.errors) {
      console.error(`${file}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
