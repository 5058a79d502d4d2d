import knexFactory from 'knex';
import type { Knex } from 'knex';
import type { DbSettings } from '../mapping/types.js';
import { dialectFor } from './dialects/index.js';
import { guardPool } from './guard.js';
import { throttledWarnings, type WarningSink } from './warnings.js';

export type { DbSettings };

/**
 * Opens a Knex instance for the configured database: the dialect states the driver's options
 * (connection, timeouts); the pool size and the wait for a pooled connection are common. The pool
 * is guarded from its first connection on (sql/guard.ts), so shutdown can close every one. Knex's
 * warnings go to `warn`, summarised (warnings.ts).
 */
export function openDatabase(settings: DbSettings, warn: WarningSink = (line) => process.stderr.write(`database: ${line}\n`)): Knex {
  const dialect = dialectFor(settings.client);
  const pool = { min: settings.pool?.min ?? 0, max: settings.pool?.max ?? 10 };
  const knex = knexFactory({
    ...dialect.knexConfig(settings, pool),
    log: { warn: throttledWarnings(warn) },
    // A failed query's message keeps `?` placeholders: bound values (userNames, emails) never reach an error or a log line.
    compileSqlOnError: false,
    ...(settings.acquireTimeout !== undefined ? { acquireConnectionTimeout: settings.acquireTimeout } : {}),
  });
  guardPool(knex, dialect);
  return knex;
}
