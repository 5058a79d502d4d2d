/**
 * The column of a side table that holds its owner's key (`user_id`, `uid`, `owner_id`, `userId`,
 * `user_profile_id`): by foreign key, by name, or by the usual owner words typed like the users
 * key — most ORMs declare no foreign keys on these tables. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { MEMBER_WORDS, pointsAt, type Pointer } from './membership.js';
import { referencesFrom, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

const OWNER_WORDS: ReadonlySet<string> = new Set([...MEMBER_WORDS, 'owner']);
/**
 * An audit column names who created or last changed a row (`created_by_id`, `updated_by`,
 * `creator_id`): every table has them, so they never make a table the user's own.
 */
const AUDIT_WORDS: ReadonlySet<string> = new Set(['by', 'created', 'updated', 'modified', 'deleted', 'changed', 'creator', 'updater', 'modifier', 'author', 'editor']);

export function isAuditColumn(column: DbColumn): boolean {
  return hasAny(splitWords(column.name), AUDIT_WORDS);
}

/** The owner column of `table` pointing at `users`, best-evidenced first. */
export function ownerColumn(view: SchemaView, table: DbTable, users: DbTable): { column: DbColumn; how: Pointer } | undefined {
  const order: readonly Pointer[] = ['declared', 'named', 'worded'];
  return table.columns
    .filter((c) => !(table.primaryKey.length === 1 && table.primaryKey[0] === c.name && table.columns.length > 1 && c.autoIncrement) && !isAuditColumn(c))
    .map((column) => ({ column, how: pointsAt(view, table, column, users, OWNER_WORDS) }))
    .filter((x): x is { column: DbColumn; how: Pointer } => x.how !== undefined)
    .sort((a, b) => order.indexOf(a.how) - order.indexOf(b.how))[0];
}

/** Tables other than `allowed` that `table` references (a join table to something else is not a side table of the user). */
export function otherReferences(view: SchemaView, table: DbTable, allowed: ReadonlySet<string>): readonly string[] {
  return referencesFrom(view, table).filter((r) => !allowed.has(r.table)).map((r) => r.table);
}
