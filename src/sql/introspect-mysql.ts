/**
 * MySQL / MariaDB catalog reader: information_schema only. The two differ in what it holds:
 * MySQL 8 has functional index keys (statistics.expression) and CHECK constraints without their
 * table; MariaDB 10.11 has no functional keys (an index on a generated column is plain) and
 * check_constraints.table_name. Which columns exist is asked of the catalog, not guessed from
 * version strings.
 */
import type { Knex } from 'knex';
import type { ColumnKind, DbColumn, DbTable } from '../mapping/db-schema.js';
import {
  INTERNAL_TABLES, assembleTable, checkInList, groupOrdered, integerRange, quotedValues, queryRows, withFacts, withLength,
  type IndexKeyRow, type KeyRow,
} from './introspect-common.js';

interface MyColumnRow {
  table_name: string; column_name: string; data_type: string; column_type: string; is_nullable: string;
  column_default: string | null; extra: string; character_maximum_length: number | string | null; comment: string;
  collation_name: string | null;
}
interface MyCheckRow { table_name: string; def: string }

/** What this server's information_schema can tell. */
interface Catalog { readonly indexExpressions: boolean; readonly checks: 'none' | 'own-table' | 'via-constraints' }

export async function introspectMysql(knex: Knex, schema: string | undefined): Promise<DbTable[]> {
  const db = schema ?? (await queryRows<{ s: string }>(knex, 'select database() as s'))[0]?.s ?? '';
  const catalog = await readCatalog(knex);
  const names = await queryRows<{ table_name: string; comment: string }>(knex,
    `select table_name as table_name, table_comment as comment from information_schema.tables
      where table_schema = ? and table_type = 'BASE TABLE'`, [db]);
  const [columns, keys, indexRows, checks] = await Promise.all([
    readColumns(knex, db), readKeys(knex, db), readIndexes(knex, db, catalog), readChecks(knex, db, catalog)]);
  const colsByTable = groupOrdered(columns, (r) => r.table_name);
  const keysByTable = groupOrdered(keys, (r) => r.table_name);
  const indexesByTable = groupOrdered(indexRows, (r) => r.table_name);
  const checksByTable = groupOrdered(checks, (r) => r.table_name);
  return names.filter((n) => !INTERNAL_TABLES.includes(n.table_name)).map((n) => {
    const clauses = (checksByTable.get(n.table_name) ?? []).map((c) => c.def);
    const cols = (colsByTable.get(n.table_name) ?? []).map((r) => myColumn(r, clauses));
    return assembleTable(n.table_name, cols, keysByTable.get(n.table_name) ?? [], indexesByTable.get(n.table_name) ?? [], n.comment);
  });
}

async function readCatalog(knex: Knex): Promise<Catalog> {
  const rows = await queryRows<{ t: string; c: string }>(knex,
    `select upper(table_name) as t, upper(column_name) as c from information_schema.columns
      where lower(table_schema) = ? and upper(table_name) in (?, ?)`, ['information_schema', 'STATISTICS', 'CHECK_CONSTRAINTS']);
  const has = (t: string, c: string): boolean => rows.some((r) => r.t === t && r.c === c);
  return {
    indexExpressions: has('STATISTICS', 'EXPRESSION'),
    checks: !has('CHECK_CONSTRAINTS', 'CHECK_CLAUSE') ? 'none' : has('CHECK_CONSTRAINTS', 'TABLE_NAME') ? 'own-table' : 'via-constraints',
  };
}

function readColumns(knex: Knex, db: string): Promise<MyColumnRow[]> {
  return queryRows<MyColumnRow>(knex,
    `select table_name as table_name, column_name as column_name, data_type as data_type,
            column_type as column_type, is_nullable as is_nullable, column_default as column_default,
            extra as extra, character_maximum_length as character_maximum_length, column_comment as comment,
            collation_name as collation_name
       from information_schema.columns where table_schema = ?
      order by table_name, ordinal_position`, [db]);
}

function readKeys(knex: Knex, db: string): Promise<KeyRow[]> {
  return queryRows<KeyRow>(knex,
    `select table_name as table_name, index_name as name, 'p' as kind,
            seq_in_index as ord, column_name as column_name, null as ref_table, null as ref_column
       from information_schema.statistics
      where table_schema = ? and index_name = 'PRIMARY'
     union all
     select table_name, constraint_name, 'f', ordinal_position, column_name,
            case when referenced_table_schema = table_schema then referenced_table_name
                 else concat(referenced_table_schema, '.', referenced_table_name) end,
            referenced_column_name
       from information_schema.key_column_usage
      where table_schema = ? and referenced_table_name is not null
      order by 1, 3, 2, 4`, [db, db]);
}

/** statistics.expression (MySQL ≥ 8.0.13) holds a functional key's text; column_name is then null. */
const INDEX_SQL = (expression: 'expression' | 'null'): string =>
  `select table_name as table_name, index_name as index_name, case when non_unique = 0 then 1 else 0 end as is_unique,
          seq_in_index as ord, column_name as column_name, ${expression} as expression, null as predicate
     from information_schema.statistics
    where table_schema = ? and index_name <> 'PRIMARY'
    order by table_name, index_name, seq_in_index`;

/** Every index but PRIMARY (MySQL has no partial indexes). */
function readIndexes(knex: Knex, db: string, catalog: Catalog): Promise<IndexKeyRow[]> {
  return queryRows<IndexKeyRow>(knex, INDEX_SQL(catalog.indexExpressions ? 'expression' : 'null'), [db]);
}

/** CHECK clauses by table: MariaDB names the table; MySQL 8 only through table_constraints. */
function readChecks(knex: Knex, db: string, catalog: Catalog): Promise<MyCheckRow[]> {
  switch (catalog.checks) {
    case 'none': return Promise.resolve([]);
    case 'own-table': return queryRows<MyCheckRow>(knex,
      `select table_name as table_name, check_clause as def from information_schema.check_constraints
        where constraint_schema = ? order by table_name, constraint_name`, [db]);
    case 'via-constraints': return queryRows<MyCheckRow>(knex,
      `select tc.table_name as table_name, cc.check_clause as def
         from information_schema.table_constraints tc
         join information_schema.check_constraints cc
           on cc.constraint_schema = tc.constraint_schema and cc.constraint_name = tc.constraint_name
        where tc.constraint_schema = ? and tc.constraint_type = 'CHECK'
        order by tc.table_name, tc.constraint_name`, [db]);
  }
}

function myColumn(r: MyColumnRow, checks: readonly string[]): DbColumn {
  const autoIncrement = /auto_increment/i.test(r.extra);
  // `extra` says VIRTUAL GENERATED / STORED GENERATED; MySQL's DEFAULT_GENERATED is an ordinary default.
  const generated = /\b(virtual|stored|persistent) generated\b/i.test(r.extra);
  // MariaDB spells "DEFAULT NULL" as the unquoted text NULL.
  const explicitDefault = r.column_default !== null && r.column_default !== 'NULL';
  const dataType = r.data_type.toLowerCase();
  const kind = myKind(dataType, r.column_type.toLowerCase());
  const bits = MY_INTEGER_BITS[dataType];
  return withFacts(withLength({
    name: r.column_name, kind, dataType: r.column_type,
    nullable: r.is_nullable === 'YES', hasDefault: explicitDefault || autoIncrement || generated, autoIncrement,
  }, ['char', 'varchar'].includes(dataType) ? r.character_maximum_length : null), {
    generated, comment: r.comment, allowed: kind === 'string' ? myAllowed(r, checks) : undefined,
    // A *_ci collation: `=` already folds case, so an index on the column can answer case-insensitive lookups.
    foldsCase: kind === 'string' && /_ci$/i.test(r.collation_name ?? ''),
    ...(bits !== undefined ? { range: integerRange(bits, /unsigned/i.test(r.column_type)) } : {}),
  });
}

const MY_INTEGER_BITS: Readonly<Record<string, number>> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, integer: 32, bigint: 64 };

/** ENUM('a','b') lists its values in the type; other text columns may have a CHECK that does. */
function myAllowed(r: MyColumnRow, checks: readonly string[]): readonly string[] | undefined {
  if (/^enum\(/i.test(r.column_type)) return quotedValues(r.column_type.slice(4));
  return checks.map((c) => checkInList(c, r.column_name)).find((v) => v !== undefined);
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
