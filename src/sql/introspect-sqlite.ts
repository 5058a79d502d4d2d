/**
 * SQLite catalog reader: `pragma_table_xinfo`, `pragma_index_list`, `pragma_index_xinfo` and
 * `pragma_foreign_key_list` as table-valued functions, so the table name is a bound value.
 * What the pragmas do not say (index expressions, partial predicates, CHECK lists) is read from
 * the CREATE statements kept in sqlite_schema. Kinds follow the declared type (SQLite's affinity
 * rules, refined for the names people use). SQLite keeps no comments.
 */
import type { Knex } from 'knex';
import type { ColumnKind, DbColumn, DbTable } from '../mapping/db-schema.js';
import {
  INTERNAL_TABLES, assembleTable, checkInList, closingParen, integerRange, queryRows, splitTopLevel, withFacts, withLength,
  type IndexKeyRow, type KeyRow,
} from './introspect-common.js';

/** `hidden`: 0 ordinary, 1 hidden column of a virtual table, 2 virtual generated, 3 stored generated. */
interface InfoRow { name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }
interface IndexRow { name: string; unique: number; origin: string; partial: number }
/** cid -2: an expression key; -1: the rowid. */
interface IndexColumnRow { seqno: number; cid: number; name: string | null }
interface FkRow { id: number; seq: number; table: string; from: string; to: string | null }

/** Every SQLite integer is a 64-bit signed integer, whatever width the declared type names. */
const SQLITE_INTEGER_RANGE = integerRange(64, false);

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
  // table_xinfo, unlike table_info, lists generated columns; hidden = 1 belongs to virtual tables.
  const info = await queryRows<InfoRow>(knex, 'select * from pragma_table_xinfo(?) where hidden <> 1 order by cid', [table]);
  const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const keys: KeyRow[] = pk.map((c) => keyRow(table, 'pk', 'p', c.pk, c.name));
  keys.push(...(await foreignKeys(knex, table, pk.map((c) => c.name))));
  const rowidAlias = pk.length === 1 && pk[0]?.type.toUpperCase() === 'INTEGER';
  const checks = checkClauses(await createSql(knex, 'table', table));
  const columns = info.map((c) => sqliteColumn(c, rowidAlias && c.pk === 1, checks));
  return assembleTable(table, columns, keys, await indexKeys(knex, table));
}

async function createSql(knex: Knex, type: 'table' | 'index', name: string): Promise<string> {
  const rows = await queryRows<{ sql: string | null }>(knex, 'select sql from sqlite_schema where type = ? and name = ?', [type, name]);
  return rows[0]?.sql ?? '';
}

function keyRow(table: string, name: string, kind: string, ord: number, column: string, ref?: [string, string]): KeyRow {
  return { table_name: table, name, kind, ord, column_name: column, ref_table: ref?.[0] ?? null, ref_column: ref?.[1] ?? null };
}

/**
 * Every index but the primary key's, including those SQLite creates for UNIQUE constraints
 * (origin 'u', no CREATE text: plain columns only). Expression keys and the WHERE of a partial
 * index come from the CREATE INDEX text.
 */
async function indexKeys(knex: Knex, table: string): Promise<IndexKeyRow[]> {
  const indexes = await queryRows<IndexRow>(knex, `select * from pragma_index_list(?) where origin <> 'pk'`, [table]);
  const rows: IndexKeyRow[] = [];
  for (const ix of indexes) {
    const cols = await queryRows<IndexColumnRow>(knex, 'select * from pragma_index_xinfo(?) where key = 1 order by seqno', [ix.name]);
    const needsText = ix.partial === 1 || cols.some((c) => c.cid < 0);
    const parsed = needsText ? parseCreateIndex(await createSql(knex, 'index', ix.name)) : undefined;
    rows.push(...cols.map((c) => ({
      table_name: table, index_name: ix.name, is_unique: ix.unique, ord: c.seqno,
      column_name: c.cid >= 0 ? c.name : null,
      expression: c.cid >= 0 ? null : c.cid === -1 ? 'rowid' : parsed?.keys[c.seqno] ?? '',
      predicate: parsed?.where ?? null,
    })));
  }
  return rows;
}

/**
 * `CREATE [UNIQUE] INDEX name ON table (key [COLLATE c] [ASC|DESC], …) [WHERE expr]` → the keys'
 * expressions (collation and order dropped) and the WHERE text.
 */
export function parseCreateIndex(sql: string): { readonly keys: readonly string[]; readonly where?: string } | undefined {
  const open = firstParen(sql);
  const close = open < 0 ? -1 : closingParen(sql, open);
  if (close < 0) return undefined;
  const keys = splitTopLevel(sql.slice(open + 1, close)).map(withoutOrdering);
  const where = /^\s*where\s+([\s\S]*?)[\s;]*$/i.exec(sql.slice(close + 1))?.[1];
  return where !== undefined ? { keys, where } : { keys };
}

/** The first parenthesis outside quoted names (an index or table name may be quoted). */
function firstParen(sql: string): number {
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] ?? '';
    if (c === '"' || c === '`' || c === "'") { i = sql.indexOf(c, i + 1); if (i < 0) return -1; continue; }
    if (c === '[') { i = sql.indexOf(']', i + 1); if (i < 0) return -1; continue; }
    if (c === '(') return i;
  }
  return -1;
}

/** `lower(email) COLLATE nocase DESC` → `lower(email)`. */
function withoutOrdering(key: string): string {
  return key.replace(/\s+(asc|desc)$/i, '').replace(/\s+collate\s+("[^"]*"|'[^']*'|\w+)$/i, '').trim();
}

/** The parenthesised text of every CHECK in a CREATE TABLE, column-level or table-level. */
export function checkClauses(sql: string): string[] {
  const clauses: string[] = [];
  for (const m of sql.matchAll(/\bcheck\s*\(/gi)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = closingParen(sql, open);
    if (close > open) clauses.push(sql.slice(open, close + 1));
  }
  return clauses;
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

function sqliteColumn(c: InfoRow, autoIncrement: boolean, checks: readonly string[]): DbColumn {
  const kind = sqliteKind(c.type);
  const generated = c.hidden === 2 || c.hidden === 3;
  const allowed = kind === 'string' ? checks.map((k) => checkInList(k, c.name)).find((v) => v !== undefined) : undefined;
  return withFacts(withLength({
    name: c.name, kind, dataType: c.type, nullable: c.notnull === 0,
    hasDefault: c.dflt_value !== null || autoIncrement || generated, autoIncrement,
  }, /char|clob|text/i.test(c.type) ? /\((\d+)\)/.exec(c.type)?.[1] : undefined), { generated, allowed, range: SQLITE_INTEGER_RANGE });
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
