/** Shared pieces of the per-dialect catalog readers behind `introspect.ts`. */
import type { Knex } from 'knex';
import type { DbColumn, DbForeignKey, DbTable } from '../mapping/db-schema.js';

/** Tables that belong to tooling, never to the application. */
export const INTERNAL_TABLES: readonly string[] = ['knex_migrations', 'knex_migrations_lock'];

/** One column of a primary key ('p'), unique index ('u') or foreign key ('f'), at position `ord`. */
export interface KeyRow {
  table_name: string; name: string; kind: string; ord: number | string;
  column_name: string; ref_table: string | null; ref_column: string | null;
}

/** Runs a bound catalog query and returns its rows, whatever the driver's result shape. */
export async function queryRows<T>(knex: Knex, sql: string, bindings: readonly Knex.Value[] = []): Promise<T[]> {
  const result: unknown = await knex.raw(sql, bindings as Knex.Value[]);
  if (Array.isArray(result)) {
    // mysql2 → [rows, fields]; better-sqlite3 → rows (objects, never arrays)
    const mysqlShape = result.length === 2 && Array.isArray(result[0]) && Array.isArray(result[1]);
    return (mysqlShape ? result[0] : result) as T[];
  }
  return (result as { rows: T[] }).rows;
}

/** Code-point order, identical on every dialect (catalog collations differ). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts column lists so that the result does not depend on index or constraint names. */
export function sortUniques(uniques: readonly (readonly string[])[]): (readonly string[])[] {
  return [...uniques].sort((a, b) => compareText(a.join(','), b.join(',')));
}

/** Sorts foreign keys by their column lists, for the same reason. */
export function sortForeignKeys(fks: readonly DbForeignKey[]): DbForeignKey[] {
  return [...fks].sort((a, b) => compareText(a.columns.join(','), b.columns.join(',')));
}

/** Drops uniques that repeat the primary key or another unique. */
export function distinctUniques(uniques: readonly (readonly string[])[], pk: readonly string[]): (readonly string[])[] {
  const seen = new Set<string>([pk.join('\u0000')]);
  const out: (readonly string[])[] = [];
  for (const u of uniques) {
    const key = u.join('\u0000');
    if (!seen.has(key)) { seen.add(key); out.push(u); }
  }
  return sortUniques(out);
}

/** Groups rows by a key, keeping their order inside each group. */
export function groupOrdered<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list === undefined) map.set(k, [r]); else list.push(r);
  }
  return map;
}

/** Adds `maxLength` for character types that declare one. */
export function withLength(column: DbColumn, length: number | string | null | undefined): DbColumn {
  const n = length === null || length === undefined ? NaN : Number(length);
  return column.kind === 'string' && Number.isFinite(n) ? { ...column, maxLength: n } : column;
}

/** Builds a table from its columns and its key rows (primary, unique, foreign), each in column order. */
export function assembleTable(name: string, columns: readonly DbColumn[], keys: readonly KeyRow[]): DbTable {
  const byKey = groupOrdered(keys, (k) => `${k.kind}\u0000${k.name}`);
  let primaryKey: readonly string[] = [];
  const uniques: (readonly string[])[] = [];
  const foreignKeys: DbForeignKey[] = [];
  for (const unordered of byKey.values()) {
    const rows = [...unordered].sort((a, b) => Number(a.ord) - Number(b.ord));
    const first = rows[0];
    if (first === undefined) continue;
    const cols = rows.map((r) => r.column_name);
    if (first.kind === 'p') primaryKey = cols;
    else if (first.kind === 'u') uniques.push(cols);
    else foreignKeys.push({ columns: cols, refTable: first.ref_table ?? '', refColumns: rows.map((r) => r.ref_column ?? '') });
  }
  const pkColumns = columns.map((c) => (primaryKey.includes(c.name) ? { ...c, nullable: false } : c));
  return { name, columns: pkColumns, primaryKey, uniques: distinctUniques(uniques, primaryKey), foreignKeys: sortForeignKeys(foreignKeys) };
}
