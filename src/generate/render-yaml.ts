/**
 * Draft → commented YAML text (pure). Built with the `yaml` Document API so every explanation is a
 * real YAML comment that survives editing tools, and the text re-parses to the data it shows. A
 * connection URL with a password never reaches the file: it becomes `${DATABASE_URL}`.
 */
import { Document, YAMLMap } from 'yaml';
import type { DbClient } from '../config/raw-types.js';
import type { Draft } from './draft.js';
import { resourceNode } from './render-resource.js';

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
  ' Each guess says why at the end of its line; "CHECK:" marks a guess to confirm.',
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
  root.add(doc.createPair('auth', authNode(doc, draft)));
  const resources = new YAMLMap();
  resources.add(doc.createPair('User', resourceNode(doc, draft.user)));
  if (draft.group !== undefined) resources.add(doc.createPair('Group', resourceNode(doc, draft.group)));
  root.add(doc.createPair('resources', resources));
  doc.contents = root;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/**
 * One token for the IdP; with a tenant scope, that token bound to the tenant from the environment
 * (one server can serve more customers by adding a credential per tenant under auth.tenants).
 */
function authNode(doc: Document, draft: Draft): YAMLMap {
  const auth = new YAMLMap();
  const variable = [draft.user, draft.group].flatMap((r) => r?.scope ?? []).find((s) => s.tenantVariable !== undefined)?.tenantVariable;
  if (variable === undefined) {
    auth.add(doc.createPair('bearer', doc.createNode(['${SCIM_TOKEN}'], { flow: true })));
    auth.commentBefore = ' any listed credential is accepted: set SCIM_TOKEN to a long random secret and give it to the IdP';
    return auth;
  }
  auth.add(doc.createPair('tenants', doc.createNode([{ bearer: '${SCIM_TOKEN}', tenant: `\${${variable}}` }], { flow: false })));
  auth.commentBefore = ` each credential acts for one tenant ($tenant in the scopes below): set SCIM_TOKEN to a long random secret and ${variable} to the tenant's id; add one entry per customer (or auth.credentialsTable)`;
  return auth;
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
