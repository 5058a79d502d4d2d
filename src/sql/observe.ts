/**
 * What the database layer tells operators, without importing a metrics library: database errors
 * by kind, reported where transaction.ts and guard.ts classify them, and the pool's occupancy read
 * from knex's pool (tarn). A sink is registered per Knex instance, so two servers in one process
 * (tests) count apart; a Knex without one (a CLI check) reports to nobody.
 */
import type { Knex } from 'knex';

/**
 * - `unavailable`: refused, lost or shut-down connections (a 503);
 * - `timeout`: a statement cancelled by `database.statementTimeout`, or no pooled connection within `acquireTimeout` (a 503);
 * - `deadline`: the request ran past `server.requestTimeout`, its connections were closed (a 503);
 * - `abandoned`: the client went away, its connections were closed;
 * - `deadlock`: a deadlock, serialisation failure or (Galera) certification conflict, retried;
 * - `busy`: still conflicting after the last retry (a 503);
 * - `unique`, `not_null`, `foreign_key`: the database's constraint refused the write (409, 400, 400).
 */
export const DB_ERROR_KINDS = ['unavailable', 'timeout', 'deadline', 'abandoned', 'deadlock', 'busy', 'unique', 'not_null', 'foreign_key'] as const;
export type DbErrorKind = (typeof DB_ERROR_KINDS)[number];

const sinks = new WeakMap<Knex, (kind: DbErrorKind) => void>();

/** Sends `knex`'s database errors to `sink` from now on. */
export function observeDbErrors(knex: Knex, sink: (kind: DbErrorKind) => void): void {
  sinks.set(knex, sink);
}

export function reportDbError(knex: Knex, kind: DbErrorKind): void {
  sinks.get(knex)?.(kind);
}

export interface PoolStats {
  /** Connections checked out by requests. */
  readonly used: number;
  /** Open connections waiting in the pool. */
  readonly free: number;
  /** Requests waiting for a connection. */
  readonly waiting: number;
  /** Connections being opened. */
  readonly creating: number;
  readonly max: number;
}

/** The slice of tarn's Pool that knex exposes as `client.pool`. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  readonly max: number;
}

/** The pool's occupancy now; zeros before the first connection (knex creates the pool lazily) and after destroy. */
export function poolStats(knex: Knex): PoolStats {
  const pool = (knex.client as { pool?: TarnPool }).pool;
  const max = (knex.client as { config?: { pool?: { max?: number } } }).config?.pool?.max ?? 0;
  if (!pool) return { used: 0, free: 0, waiting: 0, creating: 0, max };
  return { used: pool.numUsed(), free: pool.numFree(), waiting: pool.numPendingAcquires(), creating: pool.numPendingCreates(), max: pool.max };
}
