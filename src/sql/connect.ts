import knexFactory from 'knex';
import type { Knex } from 'knex';
import type { DbSettings } from '../mapping/types.js';
import { dialectFor } from './dialects/index.js';
import { guardPool } from './guard.js';

export type { DbSettings };

/**
 * Opens a Knex instance for the configured database: the dialect states the driver's options
 * (connection, timeouts); the pool size and the wait for a pooled connection are common. The pool
 * is guarded from its first connection on (sql/guard.ts), so shutdown can close every one.
 */
export function openDatabase(settings: DbSettings): Knex {
  const dialect = dialectFor(settings.client);
  const pool = { min: settings.pool?.min ?? 0, max: settings.pool?.max ?? 10 };
  const knex = knexFactory({
    ...dialect.knexConfig(settings, pool),
    ...(settings.acquireTimeout !== undefined ? { acquireConnectionTimeout: settings.acquireTimeout } : {}),
  });
  guardPool(knex, dialect);
  return knex;
}
