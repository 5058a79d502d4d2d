/**
 * Which columns init reads a bounded sample of (`sql/sample.ts`), chosen from the schema alone:
 * the tables around the people — the likely users table and the runner-up, their one-to-one
 * halves, the tables that point at them (memberships, child, key-value and bot tables), and the
 * likely groups tables — and in each the columns whose values decide a rule: references (tenant or
 * per-user?), type and flag columns (people or bots?), statuses, times (seconds or milliseconds?),
 * and every column a create must fill (which value does the application write when nobody
 * chooses?). Credential and login columns are read only for their blanks (the view drops the rest).
 * One statement per table, a few dozen columns at most. Pure.
 */
import type { DbColumn, DbSchema, DbTable } from '../mapping/db-schema.js';
import { loginColumn, emailColumn } from './columns.js';
import { isCredential } from './credentials.js';
import { namedLikeTime } from './epoch.js';
import { groupCandidates } from './groups.js';
import { partnerTables } from './halves.js';
import { sideTables } from './joins.js';
import { keyValueTables } from './key-value.js';
import { ownerColumn } from './owner.js';
import { chooseUsersTable } from './users-table.js';
import { isUniqueAlone, needsValue, referencesFrom, viewOf, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

/** Most columns sampled per table. */
export const MAX_SAMPLED_COLUMNS = 64;
/** Most tables sampled. */
export const MAX_SAMPLED_TABLES = 16;

const DECIDING_WORDS: ReadonlySet<string> = new Set([
  'type', 'kind', 'category', 'class', 'status', 'state', 'active', 'enabled', 'disabled', 'blocked', 'block', 'locked', 'suspended',
  'banned', 'deleted', 'bot', 'robot', 'service', 'system', 'anonymous', 'guest', 'prohibit', 'archived', 'inactive', 'deactivated',
  'tenant', 'realm', 'organization', 'workspace', 'account', 'company', 'site', 'link', 'default', 'primary', 'pending', 'verified',
  'confirmed', 'approved',
]);

export interface SampleRequest {
  readonly table: string;
  readonly columns: readonly string[];
}

/** How much a column's values tell, 0 for nothing worth reading. */
function score(table: DbTable, c: DbColumn, refs: ReadonlySet<string>, identity: ReadonlySet<string>): number {
  if ((table.primaryKey.length === 1 && table.primaryKey[0] === c.name) || c.autoIncrement || c.generated === true) return 0;
  // A credential or login only for its NULLs and blanks: whether the application always fills it.
  if (isCredential(c)) return c.nullable && c.kind !== 'json' ? 1 : 0;
  if (identity.has(c.name)) return 4;
  if (c.kind === 'binary') return 0;
  if (refs.has(c.name) && !isUniqueAlone(table, c.name)) return 6;
  if (hasAny(splitWords(c.name), DECIDING_WORDS) && c.kind !== 'dateTime') return 5;
  if (namedLikeTime(c) || (c.kind === 'string' && hasAny(splitWords(c.name), new Set(['created', 'updated', 'modified', 'at', 'date', 'time'])))) return 3;
  return needsValue(c) || (c.nullable && !c.hasDefault) ? 2 : 0;
}

/** The columns of `table` worth sampling, most telling first. */
function tableColumns(view: SchemaView, table: DbTable, users: boolean): readonly string[] {
  const refs = new Set<string>(referencesFrom(view, table).map((r) => r.column));
  const identity = new Set(users ? [loginColumn(table)?.name, emailColumn(table)?.name].filter((c): c is string => c !== undefined) : []);
  // What a login is unique together with (Moodle's mnethostid): is one value nearly everywhere?
  for (const u of table.uniques) if (u.some((c) => identity.has(c))) u.filter((c) => !identity.has(c)).forEach((c) => refs.add(c));
  return table.columns.map((c) => ({ c, s: score(table, c, refs, identity) })).filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s).slice(0, MAX_SAMPLED_COLUMNS).map((x) => x.c.name);
}

/** The tables around `users` whose values a rule may read, the users table first. */
function tablesAround(view: SchemaView, users: DbTable, runnerUp: DbTable | undefined): readonly DbTable[] {
  const halves = [...partnerTables(view, users).map((p) => p.table), ...sideTables(view, users).map((s) => s.table)];
  const groups = groupCandidates(view, users, new Set()).slice(0, 3);
  const pointing = view.schema.tables.filter((t) => [users, ...halves, ...groups].some((p) => p.name !== t.name && ownerColumn(view, t, p) !== undefined));
  const all = [users, ...(runnerUp !== undefined ? [runnerUp] : []), ...halves, ...groups, ...pointing];
  return all.filter((t, i) => all.findIndex((x) => x.name === t.name) === i).slice(0, MAX_SAMPLED_TABLES);
}

/** The columns to sample: the tables around the chosen (or forced) users table, and key-value tables' keys. */
export function columnsToSample(schema: DbSchema, forcedUsers?: string): readonly SampleRequest[] {
  const view = viewOf(schema);
  const choice = chooseUsersTable(view, forcedUsers);
  if (choice.kind !== 'chosen') return [];
  const runnerUpName = choice.candidates.find((c) => c.table !== choice.table.name && c.score > 0)?.table;
  const runnerUp = schema.tables.find((t) => t.name === runnerUpName);
  const people = new Set([choice.table.name, ...partnerTables(view, choice.table).map((p) => p.table.name)]);
  const out: SampleRequest[] = tablesAround(view, choice.table, runnerUp)
    .map((t) => ({ table: t.name, columns: tableColumns(view, t, people.has(t.name)) })).filter((r) => r.columns.length > 0);
  for (const kv of keyValueTables(view, choice.table, new Set())) out.push({ table: kv.table.name, columns: [kv.key] });
  return out;
}
