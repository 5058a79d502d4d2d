/**
 * `check`'s index advice (issue 13): the lookups Okta and Entra send on every provisioning cycle,
 * compiled exactly as the server runs them; the column each compares is matched against the live
 * database's indexes (an index whose first key, after the scope's equality columns, is that column
 * as the engine compares it), and a lookup no index serves is timed, with the statement creating
 * the index that would. Matching keys rather than reading EXPLAIN: on a small table every planner
 * rightly prefers a scan, and the advice is about the table at scale. Reads only.
 */
import type { Knex } from 'knex';
import { URN } from '../mapping/core-schemas.js';
import type { DbSchema, DbTable } from '../mapping/db-schema.js';
import type { ColumnRef, Mapping, ResourceMapping } from '../mapping/types.js';
import type { Predicate } from '../plan/predicate.js';
import { planQuery, type QueryPlan } from '../plan/query-plan.js';
import { parseFilter } from '../scim/filter/parser.js';
import type { Dialect } from '../sql/dialect.js';
import { indexRulesFor, type IndexRules, type IndexTarget } from '../sql/dialects/index-keys.js';
import { pageQuery } from '../sql/read.js';

/** A lookup an IdP sends, and who sends it. */
interface IdpLookup { readonly label: string; readonly who: string; readonly filter: (probe: Probe) => string }
interface Probe { readonly text: string; readonly userId: string; readonly userKey: string | number }

const USER_LOOKUPS: readonly IdpLookup[] = [
  { label: 'userName eq', who: 'Okta, Entra', filter: (p) => `userName eq "${p.text}"` },
  { label: 'externalId eq', who: 'Entra', filter: (p) => `externalId eq "${p.text}"` },
  { label: 'emails[type eq "work"].value eq', who: 'Entra', filter: (p) => `emails[type eq "work"].value eq "${p.text}"` },
];
const GROUP_LOOKUPS: readonly IdpLookup[] = [
  { label: 'displayName eq', who: 'Okta, Entra', filter: (p) => `displayName eq "${p.text}"` },
  { label: 'externalId eq', who: 'Entra', filter: (p) => `externalId eq "${p.text}"` },
  { label: 'members[value eq …]', who: 'Entra', filter: (p) => `members[value eq "${p.userId}"]` },
];

export interface IndexAdvice {
  readonly resource: string;
  readonly lookup: string;
  readonly who: string;
  /** The index that serves the lookup; undefined when none does. */
  readonly index?: string;
  /** The table the lookup compares in (read whole when no index serves it). */
  readonly table: string;
  /** Median milliseconds of the lookup as it runs today (measured only when no index serves it). */
  readonly medianMs?: number;
  /** The statement that would let an index answer it, or why none can. */
  readonly fix?: { readonly statement: string } | { readonly impossible: string };
}

/** The column a lookup compares with the probe's value (its text, or the probe user's key), and the table it lives in. */
function comparedColumn(p: Predicate, table: string, probe: ReadonlySet<unknown>): { column: ColumnRef; table: string; folded: boolean } | undefined {
  switch (p.kind) {
    case 'compare':
      return p.op === 'eq' && probe.has(p.value) ? { column: p.column, table: p.column.keyed?.table ?? p.column.table ?? table, folded: p.text === 'ci' } : undefined;
    case 'in':
      return p.values.length === 1 && probe.has(p.values[0]) ? { column: p.column, table: p.column.table ?? table, folded: false } : undefined;
    case 'and': case 'or':
      return p.items.map((i) => comparedColumn(i, table, probe)).find((c) => c !== undefined);
    case 'exists': return comparedColumn(p.inner, p.table, probe);
    default: return undefined;
  }
}

function lookupsOf(resource: ResourceMapping): readonly IdpLookup[] {
  if (resource.core.id === URN.user) return USER_LOOKUPS;
  if (resource.core.id === URN.group) return GROUP_LOOKUPS;
  return [];
}

async function medianMs(db: Knex, query: Knex.Sql, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await db.raw(query.sql, query.bindings as Knex.RawBinding[]);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

/**
 * The index of `table` serving `target`: its first key after the scope's equality columns (a
 * tenant's `(org_id, lower(email))`) is the compared column as the engine compares it. A partial
 * index counts: the server's own conditions (scope, soft delete) are what such indexes cover.
 */
function servingIndex(table: DbTable, target: IndexTarget, rules: IndexRules, leading: ReadonlySet<string>): string | undefined {
  const plain = (name: string, columns: readonly string[]) => ({ name, keys: columns.map((column) => ({ column })) });
  const candidates = [
    ...(table.indexes ?? []),
    ...(table.primaryKey.length > 0 ? [plain('the primary key', table.primaryKey)] : []),
    ...table.uniques.map((u) => plain(`unique (${u.join(', ')})`, u)),
  ];
  for (const index of candidates) {
    let i = 0;
    while (i < index.keys.length - 1 && leading.has(index.keys[i]?.column ?? '')) i += 1;
    const key = index.keys[i];
    if (key !== undefined && rules.serves(key, target)) return index.name;
  }
  return undefined;
}

/** One lookup: undefined when the resource does not map what it filters on. */
async function adviseOne(db: Knex, dialect: Dialect, mapping: Mapping, schema: DbSchema, resource: ResourceMapping, lookup: IdpLookup, probe: Probe): Promise<IndexAdvice | undefined> {
  let plan: QueryPlan;
  try {
    const request = { filter: parseFilter(lookup.filter(probe)), sortOrder: 'ascending' as const, startIndex: 1, count: 100, attributes: [], excludedAttributes: [] };
    plan = planQuery(resource, request);
  } catch {
    return undefined; // not mapped here: the IdP's lookup would be a 400 the mapping already chose
  }
  const compared = comparedColumn(plan.predicate, resource.table, new Set<unknown>([probe.text, probe.userKey]));
  const table = compared === undefined ? undefined : schema.tables.find((t) => t.name === compared.table);
  if (compared === undefined || table === undefined) return undefined;
  const target: IndexTarget = {
    table: compared.table, column: compared.column.name, folded: compared.folded,
    foldsCase: compared.column.foldsCase === true, longText: compared.column.kind === 'string' && compared.column.maxLength === undefined,
  };
  const rules = indexRulesFor(mapping.database.client);
  const leading = new Set(compared.table === resource.table ? resource.scope.filter((s) => !s.negated && s.column.table === undefined).map((s) => s.column.name) : []);
  const base = { resource: resource.name, lookup: lookup.label, who: lookup.who, table: compared.table };
  const index = servingIndex(table, target, rules, leading);
  if (index !== undefined) return { ...base, index };
  const query = pageQuery(db, dialect, resource, plan).toSQL();
  return { ...base, medianMs: await medianMs(db, query), fix: rules.indexStatement(target, mapping.database.schema) };
}

/** Every IdP lookup the mapping serves, as the database would answer it. */
export async function indexAdvice(mapping: Mapping, db: Knex, dialect: Dialect, schema: DbSchema): Promise<IndexAdvice[]> {
  const users = mapping.resources.find((r) => r.core.id === URN.user);
  const userKey = users?.id.column.kind === 'uuid' ? '00000000-0000-4000-8000-000000000000' : users?.id.column.kind === 'integer' ? 0 : 'scim-bridge-index-probe';
  const probe: Probe = { text: 'scim-bridge-index-probe@example.invalid', userId: `${users?.id.prefix ?? ''}${userKey}`, userKey };
  const out: IndexAdvice[] = [];
  for (const resource of mapping.resources) {
    for (const lookup of lookupsOf(resource)) {
      const advice = await adviseOne(db, dialect, mapping, schema, resource, lookup, probe);
      if (advice !== undefined) out.push(advice);
    }
  }
  return out;
}

/** The advice as `check` prints it. */
export function formatIndexAdvice(advice: readonly IndexAdvice[], mark: { ok: string; bad: string }): string {
  if (advice.length === 0) return '';
  const lines = ['The lookups Okta and Entra send, as this database answers them:'];
  for (const a of advice) {
    const name = `${a.resource} ${a.lookup} (${a.who})`;
    if (a.index !== undefined) {
      lines.push(`  ${mark.ok} ${name}: looked up by ${a.index}`);
      continue;
    }
    lines.push(`  ${mark.bad} ${name}: no index serves it, so it reads every row of ${a.table} (${(a.medianMs ?? 0).toFixed(1)} ms per lookup, measured now)`);
    if (a.fix !== undefined && 'statement' in a.fix) lines.push(`      an index would answer it: ${a.fix.statement}`);
    else if (a.fix !== undefined) lines.push(`      ${a.fix.impossible}`);
  }
  return `${lines.join('\n')}\n`;
}
