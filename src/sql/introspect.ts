/**
 * Live database → DbSchema (plain data). Reads the catalog only: every statement is a bound
 * `knex.raw`, and identifiers that reach SQL come from the catalog itself. Views, SQLite's
 * internal tables and Knex's migration tables are left out.
 *
 * `indexes` lists every index but the primary key's: unique or not, on columns, folded columns
 * (lower/upper) or expressions, whole or partial. `uniques` keeps only the unique, whole ones on
 * plain columns: a partial or expression unique index does not make a column unique over all rows.
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { DbSchema, DbTable } from '../mapping/db-schema.js';
import { compareText } from './introspect-common.js';
import { introspectMysql } from './introspect-mysql.js';
import { introspectPostgres } from './introspect-postgres.js';
import { introspectSqlite } from './introspect-sqlite.js';

export interface IntrospectOptions {
  /** PostgreSQL schema or MySQL database; default: the connection's current one. */
  readonly schema?: string;
  /** Only these tables (an unknown name is simply absent from the result). */
  readonly tables?: readonly string[];
}

/**
 * Reads tables, columns (kinds, generated, comments, integer ranges, allowed values), primary
 * keys, indexes, uniques and foreign keys of the current schema.
 */
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
