import type { DbClient } from '../../config/raw-types.js';
import type { Dialect } from '../dialect.js';
import { mysqlDialect } from './mysql.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect } from './sqlite.js';

const DIALECTS: Record<DbClient, Dialect> = { sqlite: sqliteDialect, postgres: postgresDialect, mysql: mysqlDialect };

export function dialectFor(client: DbClient): Dialect {
  return DIALECTS[client];
}
