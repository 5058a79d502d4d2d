/**
 * Live database → DbSchema (plain data). Reads the catalog only: every statement is a bound
 * `knex.raw`, and identifiers that reach SQL come from the catalog itself. Views, SQLite's
 * internal tables and Knex's migration tables are left out. Partial and expression unique
 * indexes are not reported as uniques (they do not make the column unique over all rows).
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnKind, DbColumn, DbSchema, DbTable } from '../mapping/db-schema.js';
import { INTERNAL_TABLES, assembleTable, compareText, groupOrdered, queryRows, withLength, type KeyRow } from './introspect-common.js';
import { introspectSqlite } from './introspect-sqlite.js';

export interface IntrospectOptions {
  /** PostgreSQL schema or MySQL database; default: the connection's current one. */
  readonly schema?: string;
  /** Only these tables (an unknown name is simply absent from the result). */
  readonly tables?: readonly string[];
}

/** Reads tables, columns, primary keys, unique indexes and foreign keys of the current schema. */
export async function introspect(knex: Knex, client: DbClient, options: IntrospectOptions = {}): Promise<DbSchema> {
  const tables = await readTables(knex, client, options.schema);
  const wanted = options.tables === undefined ? tables : tables.filter((t) => options.tables?.includes(t.name));
  return { tables: [...wanted].sort((a, b) => compareText(a.name, b.name)) };
}

function readTables(knex: Knex, client: DbClient, schema: string | undefined): Promise<readonly DbTable[]> {
  switch (client) {
    case 'sqlite': return introspectSqlite(knex);
    case 'postgres': return introspectPostgres(knex, schema);
    case 'mysql': return introspectMysql(knex, schema);
  }
}

// ---------------------------------------------------------------- PostgreSQL

interface PgColumnRow {
  table_name: string; column_name: string; data_type: string; udt_name: string; full_type: string;
  typtype: string; is_nullable: string; column_default: string | null; is_identity: string;
  is_generated: string; character_maximum_length: number | string | null;
}
async function introspectPostgres(knex: Knex, schema: string | undefined): Promise<DbTable[]> {
  const nsp = schema ?? (await queryRows<{ s: string }>(knex, 'select current_schema() as s'))[0]?.s ?? 'public';
  const names = await queryRows<{ table_name: string }>(knex,
    `select table_name from information_schema.tables
      where table_schema = ? and table_type = 'BASE TABLE'`, [nsp]);
  const columns = await queryRows<PgColumnRow>(knex,
    `select c.table_name, c.column_name, c.data_type, c.udt_name, format_type(a.atttypid, a.atttypmod) as full_type,
            t.typtype, c.is_nullable, c.column_default, c.is_identity, c.is_generated, c.character_maximum_length
       from information_schema.columns c
       join pg_catalog.pg_namespace n on n.nspname = c.table_schema
       join pg_catalog.pg_class cl on cl.relnamespace = n.oid and cl.relname = c.table_name
       join pg_catalog.pg_attribute a on a.attrelid = cl.oid and a.attname = c.column_name
       join pg_catalog.pg_type t on t.oid = a.atttypid
      where c.table_schema = ?
      order by c.table_name, c.ordinal_position`, [nsp]);
  const keys = await queryRows<KeyRow>(knex,
    `select t.relname as table_name, ic.relname as name,
            case when i.indisprimary then 'p' else 'u' end as kind,
            k.ord, a.attname as column_name, null as ref_table, null as ref_column
       from pg_catalog.pg_index i
       join pg_catalog.pg_class t on t.oid = i.indrelid
       join pg_catalog.pg_namespace n on n.oid = t.relnamespace
       join pg_catalog.pg_class ic on ic.oid = i.indexrelid
       cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
       join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
      where n.nspname = ? and i.indisunique and i.indpred is null and i.indexprs is null
        and k.ord <= i.indnkeyatts
     union all
     select t.relname, c.conname, 'f', k.ord,
            a.attname, case when rn.nspname = n.nspname then rt.relname else rn.nspname || '.' || rt.relname end,
            ra.attname
       from pg_catalog.pg_constraint c
       join pg_catalog.pg_class t on t.oid = c.conrelid
       join pg_catalog.pg_namespace n on n.oid = t.relnamespace
       join pg_catalog.pg_class rt on rt.oid = c.confrelid
       join pg_catalog.pg_namespace rn on rn.oid = rt.relnamespace
       cross join lateral unnest(c.conkey, c.confkey) with ordinality as k(attnum, refattnum, ord)
       join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
       join pg_catalog.pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = k.refattnum
      where c.contype = 'f' and n.nspname = ?
      order by 1, 3, 2, 4`, [nsp, nsp]);
  const colsByTable = groupOrdered(columns, (r) => r.table_name);
  const keysByTable = groupOrdered(keys, (r) => r.table_name);
  return names.filter((n) => !INTERNAL_TABLES.includes(n.table_name)).map((n) =>
    assembleTable(n.table_name, (colsByTable.get(n.table_name) ?? []).map(pgColumn), keysByTable.get(n.table_name) ?? []));
}

function pgColumn(r: PgColumnRow): DbColumn {
  const autoIncrement = r.is_identity === 'YES' || (r.column_default ?? '').startsWith('nextval(');
  const kind = r.typtype === 'e' || r.udt_name === 'citext' ? 'string' : pgKind(r.data_type);
  return withLength({
    name: r.column_name, kind, dataType: r.full_type, nullable: r.is_nullable === 'YES',
    hasDefault: r.column_default !== null || autoIncrement || r.is_generated === 'ALWAYS', autoIncrement,
  }, r.character_maximum_length);
}

const PG_KINDS: Readonly<Record<string, ColumnKind>> = {
  'character varying': 'string', character: 'string', text: 'string',
  smallint: 'integer', integer: 'integer', bigint: 'integer',
  numeric: 'decimal', real: 'decimal', 'double precision': 'decimal', money: 'decimal',
  boolean: 'boolean', 'timestamp without time zone': 'dateTime', 'timestamp with time zone': 'dateTime',
  date: 'date', uuid: 'uuid', json: 'json', jsonb: 'json', bytea: 'binary',
};

function pgKind(dataType: string): ColumnKind {
  return PG_KINDS[dataType] ?? 'other';
}

// ---------------------------------------------------------------- MySQL / MariaDB

interface MyColumnRow {
  table_name: string; column_name: string; data_type: string; column_type: string; is_nullable: string;
  column_default: string | null; extra: string; character_maximum_length: number | string | null;
}

async function introspectMysql(knex: Knex, schema: string | undefined): Promise<DbTable[]> {
  const db = schema ?? (await queryRows<{ s: string }>(knex, 'select database() as s'))[0]?.s ?? '';
  const names = await queryRows<{ table_name: string }>(knex,
    `select table_name as table_name from information_schema.tables
      where table_schema = ? and table_type = 'BASE TABLE'`, [db]);
  const columns = await queryRows<MyColumnRow>(knex,
    `select table_name as table_name, column_name as column_name, data_type as data_type,
            column_type as column_type, is_nullable as is_nullable, column_default as column_default,
            extra as extra, character_maximum_length as character_maximum_length
       from information_schema.columns where table_schema = ?
      order by table_name, ordinal_position`, [db]);
  const keys = await queryRows<KeyRow>(knex,
    `select table_name as table_name, index_name as name,
            case when index_name = 'PRIMARY' then 'p' else 'u' end as kind,
            seq_in_index as ord, column_name as column_name, null as ref_table, null as ref_column
       from information_schema.statistics
      where table_schema = ? and non_unique = 0 and column_name is not null
     union all
     select table_name, constraint_name, 'f', ordinal_position, column_name,
            case when referenced_table_schema = table_schema then referenced_table_name
                 else concat(referenced_table_schema, '.', referenced_table_name) end,
            referenced_column_name
       from information_schema.key_column_usage
      where table_schema = ? and referenced_table_name is not null
      order by 1, 3, 2, 4`, [db, db]);
  const colsByTable = groupOrdered(columns, (r) => r.table_name);
  const keysByTable = groupOrdered(keys, (r) => r.table_name);
  return names.filter((n) => !INTERNAL_TABLES.includes(n.table_name)).map((n) =>
    assembleTable(n.table_name, (colsByTable.get(n.table_name) ?? []).map(myColumn), keysByTable.get(n.table_name) ?? []));
}

function myColumn(r: MyColumnRow): DbColumn {
  const autoIncrement = /auto_increment/i.test(r.extra);
  // MariaDB spells "DEFAULT NULL" as the unquoted text NULL.
  const explicitDefault = r.column_default !== null && r.column_default !== 'NULL';
  return withLength({
    name: r.column_name, kind: myKind(r.data_type.toLowerCase(), r.column_type.toLowerCase()), dataType: r.column_type,
    nullable: r.is_nullable === 'YES', hasDefault: explicitDefault || autoIncrement, autoIncrement,
  }, ['char', 'varchar'].includes(r.data_type.toLowerCase()) ? r.character_maximum_length : null);
}

function myKind(dataType: string, columnType: string): ColumnKind {
  if (columnType.startsWith('tinyint(1)') || columnType === 'bit(1)' || dataType === 'boolean') return 'boolean';
  if (/^(var)?char$|text$|^enum$|^set$/.test(dataType)) return 'string';
  if (/int$/.test(dataType)) return 'integer';
  if (['decimal', 'numeric', 'float', 'double', 'real'].includes(dataType)) return 'decimal';
  if (dataType === 'datetime' || dataType === 'timestamp') return 'dateTime';
  if (dataType === 'date') return 'date';
  if (dataType === 'uuid') return 'uuid';
  if (dataType === 'json') return 'json';
  if (/binary$|blob$/.test(dataType)) return 'binary';
  return 'other';
}

