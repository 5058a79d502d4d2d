/**
 * The values an enum-like text column may hold, for `init`'s `active` map: PostgreSQL enum types
 * (pg_enum) and CHECK (col IN (…)) constraints, MySQL/MariaDB ENUM('a','b'), SQLite CHECK
 * constraints. Read-only catalog queries. This belongs in `DbColumn` (sql/introspect.ts) one day;
 * it lives here so introspection's shape does not change under its other users.
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { queryRows } from '../sql/introspect-common.js';

/** `table.column` → the values the database allows, in declaration order. */
export type EnumValues = ReadonlyMap<string, readonly string[]>;

/** Quoted literals in a type or constraint text: `enum('a','it''s')` → ['a', "it's"]. */
export function quotedValues(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

/** The IN list of a CHECK constraint on `column` within `sql` (a CREATE TABLE or a constraint text). */
export function checkInList(sql: string, column: string): string[] | undefined {
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const inList = new RegExp(`[\`"\\[]?${name}[\`"\\]]?\\s+in\\s*\\(([^)]*)\\)`, 'i').exec(sql);
  if (inList?.[1] !== undefined) return quotedValues(inList[1]);
  const anyArray = new RegExp(`\\(?${name}\\)?(?:::\\w+)?\\s*=\\s*any\\s*\\(\\s*\\(?array\\[([^\\]]*)\\]`, 'i').exec(sql);
  return anyArray?.[1] !== undefined ? quotedValues(anyArray[1]) : undefined;
}

/** Reads the allowed values of the text columns of `tables` that are constrained to a list. */
export async function readEnumValues(knex: Knex, client: DbClient, tables: readonly DbTable[], schema?: string): Promise<EnumValues> {
  const out = new Map<string, readonly string[]>();
  for (const table of tables) {
    const text = table.columns.filter((c) => c.kind === 'string');
    if (text.length === 0) continue;
    const found = await readTable(knex, client, table.name, text, schema);
    for (const [column, values] of found) if (values.length > 0) out.set(`${table.name}.${column}`, values);
  }
  return out;
}

async function readTable(knex: Knex, client: DbClient, table: string, columns: readonly DbColumn[], schema?: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (client === 'mysql') {
    for (const c of columns) if (/^enum\(/i.test(c.dataType)) out.set(c.name, quotedValues(c.dataType.slice(4)));
    return out;
  }
  if (client === 'sqlite') {
    const sql = (await queryRows<{ sql: string }>(knex, `select sql from sqlite_schema where type = 'table' and name = ?`, [table]))[0]?.sql ?? '';
    for (const c of columns) { const v = checkInList(sql, c.name); if (v) out.set(c.name, v); }
    return out;
  }
  return readPostgres(knex, table, columns, schema);
}

async function readPostgres(knex: Knex, table: string, columns: readonly DbColumn[], schema?: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const nsp = schema ?? (await queryRows<{ s: string }>(knex, 'select current_schema() as s'))[0]?.s ?? 'public';
  const labels = await queryRows<{ column_name: string; label: string }>(knex,
    `select a.attname as column_name, e.enumlabel as label
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class cl on cl.oid = a.attrelid
       join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
       join pg_catalog.pg_enum e on e.enumtypid = a.atttypid
      where n.nspname = ? and cl.relname = ? and a.attnum > 0
      order by a.attnum, e.enumsortorder`, [nsp, table]);
  for (const r of labels) out.set(r.column_name, [...(out.get(r.column_name) ?? []), r.label]);
  const checks = await queryRows<{ def: string }>(knex,
    `select pg_get_constraintdef(co.oid) as def
       from pg_catalog.pg_constraint co
       join pg_catalog.pg_class cl on cl.oid = co.conrelid
       join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
      where co.contype = 'c' and n.nspname = ? and cl.relname = ?`, [nsp, table]);
  for (const c of columns) {
    if (out.has(c.name)) continue;
    const v = checks.map((k) => checkInList(k.def, c.name)).find((x) => x !== undefined);
    if (v) out.set(c.name, v);
  }
  return out;
}

/** How many distinct values `readObservedValues` reads: a status column holds a handful; more means it is not one. */
export const OBSERVED_LIMIT = 50;

/**
 * The distinct non-null values `table.column` holds (at most OBSERVED_LIMIT), for a status column
 * the catalog gives no list for. One read-only `SELECT DISTINCT`, identifiers bound through knex.
 * More than the limit: not an enum-like column, so nothing is returned.
 */
export async function readObservedValues(knex: Knex, table: string, column: string, schema?: string): Promise<EnumValues> {
  const from = schema !== undefined ? knex.withSchema(schema).from(table) : knex.from(table);
  const rows = (await from.distinct(column).whereNotNull(column).orderBy(column).limit(OBSERVED_LIMIT + 1)) as Record<string, unknown>[];
  const values = rows.map((r) => String(r[column] ?? r[Object.keys(r)[0] ?? ''])).filter((v) => v !== '');
  const out = new Map<string, readonly string[]>();
  if (values.length > 0 && values.length <= OBSERVED_LIMIT) out.set(`${table}.${column}`, values);
  return out;
}
