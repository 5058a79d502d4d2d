/**
 * The read-only queries `check` runs to warn about data a mapping would serve wrongly: how many
 * rows a resource sees, how many lack a value, which values a column holds among them.
 */
import type { Knex } from 'knex';
import type { ColumnRef, ResourceMapping } from '../mapping/types.js';
import type { Dialect } from './dialect.js';
import { liveRows, type Db } from './read.js';
import { whereFragment } from './where.js';

const count = async (query: Knex.QueryBuilder): Promise<number> => Number(((await query.count({ n: '*' })) as { n: unknown }[])[0]?.n ?? 0);

/** Rows that exist for SCIM (scope, soft delete). */
export function countLive(db: Db, dialect: Dialect, resource: ResourceMapping): Promise<number> {
  return count(liveRows(db, dialect, resource));
}

/** Every row of the table. */
export function countAll(db: Db, table: string): Promise<number> {
  return count(db(table));
}

/** How many distinct non-null values a column holds over the whole table. */
export async function countDistinct(db: Db, table: string, column: string): Promise<number> {
  const rows = await db(table).countDistinct({ n: `${table}.${column}` }) as { n: unknown }[];
  return Number(rows[0]?.n ?? 0);
}

/** Live rows where `column` is NULL or empty. */
export function countMissing(db: Db, dialect: Dialect, resource: ResourceMapping, column: ColumnRef): Promise<number> {
  const missing = whereFragment(dialect, resource.table, { kind: 'present', column, negated: true }, resource.id.column.name);
  return count(liveRows(db, dialect, resource).whereRaw(`(${missing.sql})`, missing.bindings as Knex.RawBinding[]));
}

/** Up to `limit` distinct values of an own-table column among live rows. */
export async function distinctLive(db: Db, dialect: Dialect, resource: ResourceMapping, column: string, limit: number): Promise<unknown[]> {
  const rows = await liveRows(db, dialect, resource).distinct(`${resource.table}.${column} as v`).limit(limit) as { v: unknown }[];
  return rows.map((r) => r.v);
}
