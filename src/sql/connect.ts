import knexFactory from 'knex';
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { DbSettings } from '../mapping/types.js';

export type { DbSettings };

const KNEX_CLIENT: Record<DbClient, string> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };

/**
 * Opens a Knex instance for the configured database. Timestamps travel as UTC on every dialect
 * (mysql2 would otherwise read DATETIME in the process's local zone).
 */
export function openDatabase(settings: DbSettings): Knex {
  const pool = { min: settings.pool?.min ?? 0, max: settings.pool?.max ?? 10 };
  switch (settings.client) {
    case 'sqlite':
      return knexFactory({
        client: KNEX_CLIENT.sqlite,
        connection: { filename: settings.connection },
        useNullAsDefault: true,
        // One connection: SQLite serialises writers anyway, and a second handle would see SQLITE_BUSY.
        pool: { min: 1, max: 1 },
      });
    case 'postgres':
      return knexFactory({
        client: KNEX_CLIENT.postgres,
        connection: settings.connection,
        ...(settings.schema !== undefined ? { searchPath: [settings.schema] } : {}),
        pool,
      });
    case 'mysql':
      return knexFactory({
        client: KNEX_CLIENT.mysql,
        connection: { uri: settings.connection, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true } as never,
        pool,
      });
  }
}
