/**
 * SQLite catalog reader: `pragma_table_info`, `pragma_index_list`, `pragma_index_info` and
 * `pragma_foreign_key_list` as table-valued functions, so the table name is a bound value.
 * Kinds follow the declared type (SQLite's affinity rules, refined for the names people use).
 */
import type { Knex } from 'knex';
import type { ColumnKind, DbColumn, DbTable } from '../mapping/db-schema.js';
import { INTERNAL_TABLES, assembleTable, queryRows, withLength, type KeyRow } from './introspect-common.js';

interface InfoRow { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }
interface IndexRow { name: string; unique: number; origin: string; partial: number }
interface IndexColumnRow { seqno: number; name: string | null }
interface FkRow { id: number; seq: number; table: string; from: string; to: string | null }

/** Reads every ordinary table of the main database. */
export async function introspectSqlite(knex: Knex): Promise<DbTable[]> {
  const names = await queryRows<{ name: string }>(knex,
    `select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\'`);
  const tables: DbTable[] = [];
  for (const { name } of names) {
    if (!INTERNAL_TABLES.includes(name)) tables.push(await readTable(knex, name));
  }
  return tables;
}

async function readTable(knex: Knex, table: string): Promise<DbTable> {
  const info = await queryRows<InfoRow>(knex, 'select * from pragma_table_info(?) order by cid', [table]);
  const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const keys: KeyRow[] = pk.map((c) => keyRow(table, 'pk', 'p', c.pk, c.name));
  keys.push(...(await uniqueKeys(knex, table)), ...(await foreignKeys(knex, table, pk.map((c) => c.name))));
  const rowidAlias = pk.length === 1 && pk[0]?.type.toUpperCase() === 'INTEGER';
  return assembleTable(table, info.map((c) => sqliteColumn(c, rowidAlias && c.pk === 1)), keys);
}

function keyRow(table: string, name: string, kind: string, ord: number, column: string, ref?: [string, string]): KeyRow {
  return { table_name: table, name, kind, ord, column_name: column, ref_table: ref?.[0] ?? null, ref_column: ref?.[1] ?? null };
}

/** Unique indexes, including those SQLite creates for UNIQUE constraints (origin 'u'). */
async function uniqueKeys(knex: Knex, table: string): Promise<KeyRow[]> {
  const indexes = await queryRows<IndexRow>(knex, 'select * from pragma_index_list(?)', [table]);
  const keys: KeyRow[] = [];
  for (const ix of indexes.filter((i) => i.unique === 1 && i.partial === 0 && i.origin !== 'pk')) {
    const cols = await queryRows<IndexColumnRow>(knex, 'select * from pragma_index_info(?) order by seqno', [ix.name]);
    if (cols.some((c) => c.name === null)) continue; // an expression index
    keys.push(...cols.map((c) => keyRow(table, ix.name, 'u', c.seqno, c.name ?? '')));
  }
  return keys;
}

async function foreignKeys(knex: Knex, table: string, ownPk: readonly string[]): Promise<KeyRow[]> {
  const rows = await queryRows<FkRow>(knex, 'select * from pragma_foreign_key_list(?) order by id, seq', [table]);
  const keys: KeyRow[] = [];
  for (const r of rows) {
    // `REFERENCES parent` without columns means the parent's primary key.
    const to = r.to ?? (await parentKey(knex, r.table, ownPk, r.table === table))[r.seq] ?? '';
    keys.push(keyRow(table, `fk${r.id}`, 'f', r.seq, r.from, [r.table, to]));
  }
  return keys;
}

async function parentKey(knex: Knex, parent: string, ownPk: readonly string[], self: boolean): Promise<readonly string[]> {
  if (self) return ownPk;
  const info = await queryRows<InfoRow>(knex, 'select * from pragma_table_info(?)', [parent]);
  return info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

function sqliteColumn(c: InfoRow, autoIncrement: boolean): DbColumn {
  const kind = sqliteKind(c.type);
  return withLength({
    name: c.name, kind, dataType: c.type, nullable: c.notnull === 0,
    hasDefault: c.dflt_value !== null || autoIncrement, autoIncrement,
  }, /char|clob|text/i.test(c.type) ? /\((\d+)\)/.exec(c.type)?.[1] : undefined);
}

/**
 * Declared type → kind. Names first (BOOLEAN, DATETIME, UUID, JSON carry no affinity of their
 * own), then SQLite's affinity rules (§3.1 of "Datatypes In SQLite"): INT → integer;
 * CHAR/CLOB/TEXT → string; BLOB → binary; REAL/FLOA/DOUB and NUMERIC → decimal.
 */
export function sqliteKind(declared: string): ColumnKind {
  const t = declared.toLowerCase();
  if (/bool/.test(t)) return 'boolean';
  if (/uuid/.test(t)) return 'uuid';
  if (/datetime|timestamp/.test(t)) return 'dateTime';
  if (/^date\b/.test(t)) return 'date';
  if (/json/.test(t)) return 'json';
  if (/int/.test(t)) return 'integer';
  if (/char|clob|text/.test(t)) return 'string';
  if (/blob/.test(t)) return 'binary';
  if (/real|floa|doub|numeric|decimal/.test(t)) return 'decimal';
  return 'other';
}
