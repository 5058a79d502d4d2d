import type { DbClient } from '../../config/raw-types.js';
import type { ColumnRef, ColumnValue } from '../../mapping/types.js';
import type { Dialect } from '../dialect.js';
import { mysqlDialect } from './mysql.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect } from './sqlite.js';

const DIALECTS: Record<DbClient, Dialect> = { sqlite: sqliteDialect, postgres: postgresDialect, mysql: mysqlDialect };

/**
 * The dialect for a client, with what no database does for us: a date bound to an integer column
 * holding Unix time (ColumnRef.epoch) becomes seconds or milliseconds since 1970, and one bound to a
 * text column ISO 8601 text.
 */
export function dialectFor(client: DbClient): Dialect {
  const dialect = DIALECTS[client];
  return { ...dialect, bind: (value, column) => dialect.bind(toEpoch(value, column), column) };
}

function toEpoch(value: ColumnValue, column: ColumnRef): ColumnValue {
  if (!(value instanceof Date)) return value;
  // A text column holding timestamps (Wiki.js' createdAt varchar): ISO 8601, as the application writes them.
  if (column.epoch === undefined) return column.kind === 'string' || column.kind === 'other' ? value.toISOString() : value;
  return column.epoch === 'milliseconds' ? value.getTime() : Math.floor(value.getTime() / 1000);
}
