/**
 * Which columns init reads a bounded sample of (`sql/sample.ts`), chosen from the schema alone:
 * for the likely users tables, the columns whose values decide a rule — references (tenant or
 * per-user?), type and flag columns (people or bots?), status columns (which value is active?),
 * integer times (seconds or milliseconds?); for key-value tables, the key column. Never a
 * credential, never an identity column, a handful per table. Pure.
 */
import type { DbColumn, DbSchema, DbTable } from '../mapping/db-schema.js';
import { isCredential } from './credentials.js';
import { namedLikeTime } from './epoch.js';
import { keyValueTables } from './key-value.js';
import { chooseUsersTable } from './users-table.js';
import { isUniqueAlone, referencesFrom, viewOf, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

/** Most columns sampled per table. */
export const MAX_SAMPLED_COLUMNS = 8;

const DECIDING_WORDS: ReadonlySet<string> = new Set([
  'type', 'kind', 'category', 'class', 'status', 'state', 'active', 'enabled', 'disabled', 'blocked', 'block', 'locked', 'suspended',
  'banned', 'deleted', 'bot', 'robot', 'service', 'system', 'anonymous', 'guest', 'prohibit', 'archived', 'inactive', 'deactivated',
  'tenant', 'realm', 'organization', 'workspace', 'account', 'company', 'team', 'site', 'link',
]);

export interface SampleRequest {
  readonly table: string;
  readonly columns: readonly string[];
}

/** Columns of a candidate users table worth sampling, most telling first. */
function usersColumns(view: SchemaView, table: DbTable): readonly string[] {
  const refs = new Set(referencesFrom(view, table).map((r) => r.column));
  const score = (c: DbColumn): number => {
    if (isCredential(c) || table.primaryKey.includes(c.name) || c.kind === 'json' || c.kind === 'binary') return 0;
    if (refs.has(c.name) && !isUniqueAlone(table, c.name)) return 3;
    if (hasAny(splitWords(c.name), DECIDING_WORDS) && c.kind !== 'dateTime') return 2;
    return namedLikeTime(c) ? 1 : 0;
  };
  return table.columns.map((c) => ({ c, s: score(c) })).filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s).slice(0, MAX_SAMPLED_COLUMNS).map((x) => x.c.name);
}

/** The columns to sample: the chosen (or forced) users table, the runner-up, and key-value tables' keys. */
export function columnsToSample(schema: DbSchema, forcedUsers?: string): readonly SampleRequest[] {
  const view = viewOf(schema);
  const choice = chooseUsersTable(view, forcedUsers);
  if (choice.kind !== 'chosen') return [];
  const runnerUp = choice.candidates.find((c) => c.table !== choice.table.name && c.score > 0);
  const tables = [choice.table, ...schema.tables.filter((t) => t.name === runnerUp?.table)];
  const out: SampleRequest[] = tables.map((t) => ({ table: t.name, columns: usersColumns(view, t) })).filter((r) => r.columns.length > 0);
  for (const kv of keyValueTables(view, choice.table, new Set())) out.push({ table: kv.table.name, columns: [kv.key] });
  return out;
}
