/**
 * PostgreSQL catalog reader: information_schema for tables and columns, pg_catalog for what it
 * does not say (enum labels, comments, generated columns, index keys and predicates). One query
 * per kind of fact for the whole schema, every value bound.
 */
import type { Knex } from 'knex';
import type { ColumnKind, DbColumn, DbTable } from '../mapping/db-schema.js';
import {
  INTERNAL_TABLES, assembleTable, checkInList, groupOrdered, integerRange, queryRows, withFacts, withLength,
  type IndexKeyRow, type KeyRow,
} from './introspect-common.js';

interface PgColumnRow {
  table_name: string; column_name: string; data_type: string; udt_name: string; full_type: string;
  typtype: string; is_nullable: string; column_default: string | null; is_identity: string;
  is_generated: string; character_maximum_length: number | string | null; comment: string | null;
}
interface PgCheckRow { table_name: string; def: string }
interface PgEnumRow { table_name: string; column_name: string; label: string }

/** Reads every base table of `schema` (default: the connection's current schema). */
export async function introspectPostgres(knex: Knex, schema: string | undefined): Promise<DbTable[]> {
  const nsp = schema ?? (await queryRows<{ s: string }>(knex, 'select current_schema() as s'))[0]?.s ?? 'public';
  const names = await queryRows<{ table_name: string; comment: string | null }>(knex,
    `select t.table_name, obj_description(cl.oid, 'pg_class') as comment
       from information_schema.tables t
       join pg_catalog.pg_namespace n on n.nspname = t.table_schema
       join pg_catalog.pg_class cl on cl.relnamespace = n.oid and cl.relname = t.table_name
      where t.table_schema = ? and t.table_type = 'BASE TABLE'`, [nsp]);
  const [columns, keys, indexRows, allowed] = await Promise.all([readColumns(knex, nsp), readKeys(knex, nsp), readIndexes(knex, nsp), readAllowed(knex, nsp)]);
  const colsByTable = groupOrdered(columns, (r) => r.table_name);
  const keysByTable = groupOrdered(keys, (r) => r.table_name);
  const indexesByTable = groupOrdered(indexRows, (r) => r.table_name);
  return names.filter((n) => !INTERNAL_TABLES.includes(n.table_name)).map((n) => {
    const cols = (colsByTable.get(n.table_name) ?? []).map((r) => pgColumn(r, allowed(n.table_name, r)));
    return assembleTable(n.table_name, cols, keysByTable.get(n.table_name) ?? [], indexesByTable.get(n.table_name) ?? [], n.comment);
  });
}

function readColumns(knex: Knex, nsp: string): Promise<PgColumnRow[]> {
  return queryRows<PgColumnRow>(knex,
    `select c.table_name, c.column_name, c.data_type, c.udt_name, format_type(a.atttypid, a.atttypmod) as full_type,
            t.typtype, c.is_nullable, c.column_default, c.is_identity, c.is_generated, c.character_maximum_length,
            col_description(cl.oid, a.attnum) as comment
       from information_schema.columns c
       join pg_catalog.pg_namespace n on n.nspname = c.table_schema
       join pg_catalog.pg_class cl on cl.relnamespace = n.oid and cl.relname = c.table_name
       join pg_catalog.pg_attribute a on a.attrelid = cl.oid and a.attname = c.column_name
       join pg_catalog.pg_type t on t.oid = a.atttypid
      where c.table_schema = ?
      order by c.table_name, c.ordinal_position`, [nsp]);
}

/** Primary keys and foreign keys (unique indexes are read with every other index). */
function readKeys(knex: Knex, nsp: string): Promise<KeyRow[]> {
  return queryRows<KeyRow>(knex,
    `select t.relname as table_name, ic.relname as name, 'p' as kind,
            k.ord, a.attname as column_name, null as ref_table, null as ref_column
       from pg_catalog.pg_index i
       join pg_catalog.pg_class t on t.oid = i.indrelid
       join pg_catalog.pg_namespace n on n.oid = t.relnamespace
       join pg_catalog.pg_class ic on ic.oid = i.indexrelid
       cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
       join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
      where n.nspname = ? and i.indisprimary and k.ord <= i.indnkeyatts
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
}

/**
 * Every index but the primary key's, one row per key column (INCLUDE columns are not keys).
 * indkey holds 0 for an expression key, which pg_get_indexdef(…, k, true) prints.
 */
function readIndexes(knex: Knex, nsp: string): Promise<IndexKeyRow[]> {
  return queryRows<IndexKeyRow>(knex,
    `select t.relname as table_name, ic.relname as index_name, i.indisunique as is_unique, k.ord,
            a.attname as column_name,
            case when a.attname is null then pg_get_indexdef(i.indexrelid, k.ord, true) end as expression,
            pg_get_expr(i.indpred, i.indrelid, true) as predicate
       from pg_catalog.pg_index i
       join pg_catalog.pg_class t on t.oid = i.indrelid
       join pg_catalog.pg_namespace n on n.oid = t.relnamespace
       join pg_catalog.pg_class ic on ic.oid = i.indexrelid
       cross join lateral generate_series(1, i.indnkeyatts::int) as k(ord)
       left join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[k.ord - 1] and a.attnum > 0
      where n.nspname = ? and not i.indisprimary
      order by 1, 2, 4`, [nsp]);
}

/**
 * Enum labels (in the type's sort order) and CHECK constraint texts of the schema, as a lookup:
 * an enum column's labels, else the first CHECK that lists a text column's values.
 */
async function readAllowed(knex: Knex, nsp: string): Promise<(table: string, column: PgColumnRow) => readonly string[] | undefined> {
  const labels = await queryRows<PgEnumRow>(knex,
    `select cl.relname as table_name, a.attname as column_name, e.enumlabel as label
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class cl on cl.oid = a.attrelid
       join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
       join pg_catalog.pg_enum e on e.enumtypid = a.atttypid
      where n.nspname = ? and a.attnum > 0 and not a.attisdropped
      order by cl.relname, a.attnum, e.enumsortorder`, [nsp]);
  const checks = await queryRows<PgCheckRow>(knex,
    `select cl.relname as table_name, pg_get_constraintdef(co.oid) as def
       from pg_catalog.pg_constraint co
       join pg_catalog.pg_class cl on cl.oid = co.conrelid
       join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
      where co.contype = 'c' and n.nspname = ?
      order by cl.relname, co.conname`, [nsp]);
  const enums = groupOrdered(labels, (r) => `${r.table_name}\u0000${r.column_name}`);
  const checksByTable = groupOrdered(checks, (r) => r.table_name);
  return (table, column) => {
    const enumLabels = enums.get(`${table}\u0000${column.column_name}`);
    if (enumLabels !== undefined) return enumLabels.map((r) => r.label);
    if (pgKind(column) !== 'string') return undefined;
    return (checksByTable.get(table) ?? []).map((c) => checkInList(c.def, column.column_name)).find((v) => v !== undefined);
  };
}

function pgColumn(r: PgColumnRow, allowed: readonly string[] | undefined): DbColumn {
  const autoIncrement = r.is_identity === 'YES' || (r.column_default ?? '').startsWith('nextval(');
  const generated = r.is_generated === 'ALWAYS';
  const kind = pgKind(r);
  const bits = PG_INTEGER_BITS[r.data_type];
  return withFacts(withLength({
    name: r.column_name, kind, dataType: r.full_type, nullable: r.is_nullable === 'YES',
    hasDefault: r.column_default !== null || autoIncrement || generated, autoIncrement,
  }, r.character_maximum_length), {
    generated, comment: r.comment, allowed, ...(bits !== undefined ? { range: integerRange(bits, false) } : {}),
  });
}

const PG_INTEGER_BITS: Readonly<Record<string, number>> = { smallint: 16, integer: 32, bigint: 64 };

const PG_KINDS: Readonly<Record<string, ColumnKind>> = {
  'character varying': 'string', character: 'string', text: 'string',
  smallint: 'integer', integer: 'integer', bigint: 'integer',
  numeric: 'decimal', real: 'decimal', 'double precision': 'decimal', money: 'decimal',
  boolean: 'boolean', 'timestamp without time zone': 'dateTime', 'timestamp with time zone': 'dateTime',
  date: 'date', uuid: 'uuid', json: 'json', jsonb: 'json', bytea: 'binary',
};

function pgKind(r: PgColumnRow): ColumnKind {
  return r.typtype === 'e' || r.udt_name === 'citext' ? 'string' : PG_KINDS[r.data_type] ?? 'other';
}
