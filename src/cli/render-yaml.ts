/**
 * Draft → commented YAML text (pure). Built with the `yaml` Document API so every explanation
 * is a real YAML comment that survives editing tools, and the text re-parses to the same data.
 */
import { Document, YAMLMap, type Node, type Pair } from 'yaml';
import type { DbClient } from '../config/raw-types.js';
import type { Draft, DraftAttribute, DraftColumn, DraftRelation, DraftResource } from './propose.js';
import type { DraftDefault } from './propose-defaults.js';

export const SCHEMA_COMMENT = ' yaml-language-server: $schema=./node_modules/scim-bridge/config/scim-bridge.schema.json';

/** The `database:` section as init was told it. */
export interface RenderDatabase {
  readonly client: DbClient;
  /** A URL (postgres, mysql) or a file path (sqlite), as it should appear in the config. */
  readonly connection: string;
  readonly schema?: string;
}

const HEADER = [
  SCHEMA_COMMENT,
  ' scim-bridge configuration, drafted by `scim-bridge init` from the live database.',
  ' Each guessed attribute says why at the end of its line; "CHECK:" marks a guess to confirm.',
  ' Columns init could not place are commented out at the end of each resource\'s attributes:',
  ' uncomment a line, replace "?" with the SCIM attribute path, then run',
  '   npx scim-bridge check --config <this file>',
  ' ${VAR} and ${VAR:-default} are read from the environment: keep secrets there, not here.',
].join('\n');

/** Renders the draft as the text of a scim-bridge config file. */
export function renderYaml(draft: Draft, database: RenderDatabase): string {
  const doc = new Document();
  doc.commentBefore = HEADER;
  const root = new YAMLMap();
  root.add(doc.createPair('database', databaseNode(doc, database)));
  root.add(doc.createPair('server', { port: '${PORT:-8080}', basePath: '/scim/v2' }));
  const auth = new YAMLMap();
  auth.add(doc.createPair('bearer', doc.createNode(['${SCIM_TOKEN}'], { flow: true })));
  auth.commentBefore = ' any listed credential is accepted: set SCIM_TOKEN to a long random secret and give it to the IdP';
  root.add(doc.createPair('auth', auth));
  const resources = new YAMLMap();
  resources.add(doc.createPair('User', resourceNode(doc, draft.user)));
  if (draft.group !== undefined) resources.add(doc.createPair('Group', resourceNode(doc, draft.group)));
  root.add(doc.createPair('resources', resources));
  doc.contents = root;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** Replaces a password-bearing URL by `${DATABASE_URL}` so the secret never lands in the file. */
function databaseNode(doc: Document, database: RenderDatabase): YAMLMap {
  const node = new YAMLMap();
  node.add(doc.createPair('client', database.client));
  const url = parseUrl(database.connection);
  if (url !== undefined && url.password !== '') {
    url.password = '***';
    const connection = doc.createNode('${DATABASE_URL}');
    connection.comment = ` the URL given to init holds a password, so it comes from the environment: DATABASE_URL=${url.toString()}`;
    node.add(doc.createPair('connection', connection));
  } else {
    node.add(doc.createPair('connection', database.connection));
  }
  if (database.schema !== undefined) node.add(doc.createPair('schema', database.schema));
  return node;
}

function parseUrl(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try { return new URL(text); } catch { return undefined; }
}

function resourceNode(doc: Document, resource: DraftResource): YAMLMap {
  const node = new YAMLMap();
  node.add(doc.createPair('table', resource.table));
  if (resource.id !== undefined) node.add(commented(doc, 'id', resource.id.column, resource.id.reason));
  if (resource.scope !== undefined) {
    const scope = doc.createNode({ [resource.scope.column]: `\${${resource.scope.variable}}` }, { flow: true });
    scope.comment = ` ${resource.scope.reason}`;
    node.add(doc.createPair('scope', scope));
  }
  if (resource.delete !== undefined) {
    const del = doc.createNode({ soft: resource.delete.soft }, { flow: true });
    del.comment = ` ${resource.delete.reason}`;
    node.add(doc.createPair('delete', del));
  }
  if (resource.defaults.length > 0) node.add(defaultsPair(doc, resource.defaults));
  const attributes = new YAMLMap();
  for (const a of resource.attributes) attributes.add(attributePair(doc, a));
  for (const r of resource.relations) attributes.add(relationPair(doc, r));
  const lines = [...resource.offered.map(offeredLine), ...resource.unmapped.map(columnLine)];
  const trailing = lines.length > 0 ? [' Not mapped (uncomment and edit):', ...lines] : [];
  if (trailing.length > 0) attributes.comment = trailing.join('\n');
  const attributesPair = doc.createPair('attributes', attributes);
  if (resource.notes.length > 0) (attributesPair.key as Node).commentBefore = resource.notes.map((n) => ` ${n}`).join('\n');
  node.add(attributesPair);
  return node;
}

const DEFAULTS_NOTE = ' written only when SCIM creates a row (never on update, never read): columns the database requires but SCIM has no attribute for';

/** `defaults:` as a block map, each value with its reason and any CHECK question above it. */
function defaultsPair(doc: Document, defaults: readonly DraftDefault[]): Pair {
  const map = new YAMLMap();
  for (const d of defaults) {
    const value = doc.createNode(d.value);
    value.comment = ` ${d.reason}`;
    const pair = doc.createPair(d.column, value);
    if (d.check !== undefined) (pair.key as Node).commentBefore = ` CHECK: ${d.check}`;
    map.add(pair);
  }
  const pair = doc.createPair('defaults', map);
  (pair.key as Node).commentBefore = DEFAULTS_NOTE;
  return pair;
}

function commented(doc: Document, key: string, value: string, reason: string): Pair {
  const node = doc.createNode(value);
  node.comment = ` ${reason}`;
  return doc.createPair(key, node);
}

/** A bare column name when nothing else is needed, else a flow map `{ column, required, map }`. */
function attributePair(doc: Document, a: DraftAttribute): Pair {
  const plain = a.required === undefined && a.map === undefined;
  const value = plain
    ? doc.createNode(a.column)
    : doc.createNode({
      column: a.column,
      ...(a.required !== undefined ? { required: a.required } : {}),
      ...(a.map !== undefined ? { map: a.map } : {}),
    }, { flow: true });
  value.comment = ` ${a.reason}`;
  const pair = doc.createPair(a.path, value);
  if (a.check !== undefined) (pair.key as Node).commentBefore = ` CHECK: ${a.check}`;
  return pair;
}

/** `# "?": sign_in_count   (integer, nullable)`: ready to uncomment once the path is filled in. */
function columnLine(c: DraftColumn): string {
  const key = c.path ?? '"?"';
  const type = `${c.dataType}${c.nullable ? ', nullable' : ''}`;
  return ` ${key}: ${c.column}   (${type})${c.note !== undefined ? ` ${c.note}` : ''}`;
}

/** `members: { through: …, group: …, member: … }` or `phoneNumbers: { table: …, key: …, fields: { value: … } }`, flow style. */
function relationPair(doc: Document, r: DraftRelation): Pair {
  const value = doc.createNode(r.spec, { flow: true });
  value.comment = ` ${r.reason}`;
  const pair = doc.createPair(r.path, value);
  if (r.check !== undefined) (pair.key as Node).commentBefore = ` CHECK: ${r.check}`;
  return pair;
}

/** A detected relation left out, as a line to uncomment: `phoneNumbers: { table: …, … }   — why`. */
function offeredLine(r: DraftRelation): string {
  const flow = new Document(r.spec);
  (flow.contents as YAMLMap).flow = true;
  return ` ${r.path}: ${flow.toString({ flowCollectionPadding: true, lineWidth: 0 }).trim()}   ${r.reason}`;
}
