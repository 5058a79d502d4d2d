/**
 * Which rows of a membership table are memberships: a row marked pending (a join request phpBB
 * keeps with `user_pending = 1`), removed or deleted (Mattermost's `GroupMembers.DeleteAt`, a
 * Unix time where 0 = live) is not one. `where:` keeps the effective rows, and adding a member
 * writes the effective value — into a row already there too. Pure.
 */
import type { RawScopeValue } from '../config/raw-types.js';
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { factsOf, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

/** Words saying a join row is not (or no longer) in effect. */
const NOT_IN_EFFECT: ReadonlySet<string> = new Set(['pending', 'deleted', 'delete', 'removed', 'revoked', 'rejected', 'inactive', 'disabled', 'banned', 'blocked', 'archived', 'left']);

/** The effective value of a marker column: false, 0 (a flag or a Unix time), or NULL (a timestamp). */
function effectiveValue(view: SchemaView, table: string, column: DbColumn): RawScopeValue | undefined {
  if (column.kind === 'boolean') return false;
  if (column.kind === 'dateTime') return column.nullable ? null : undefined;
  if (column.kind !== 'integer') return undefined;
  // An integer marker is a 0/1 flag or a time stamped on removal: 0 is in effect either way, if the data has it.
  const values = factsOf(view, table, column.name)?.values;
  return values === undefined || values.some((v) => Number(v.value) === 0) ? 0 : undefined;
}

/** `where:` over the marker columns of membership table `m`, skipping `skip` (the link columns). */
export function membershipWhere(view: SchemaView, m: DbTable, skip: ReadonlySet<string>): Readonly<Record<string, RawScopeValue>> {
  const out: Record<string, RawScopeValue> = {};
  for (const column of m.columns) {
    if (skip.has(column.name) || !hasAny(splitWords(column.name), NOT_IN_EFFECT)) continue;
    const value = effectiveValue(view, m.name, column);
    if (value !== undefined) out[column.name] = value;
  }
  return out;
}
