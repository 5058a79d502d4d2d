/**
 * Bounds what one unit of work (a request, a readiness probe) may spend on the database, whatever
 * the database does. Every connection the pool hands out is recorded against the work that is
 * running (through AsyncLocalStorage, so no call site passes anything); when the work outlives its
 * budget, or its client goes away, its connections are closed under it — a query waiting on a
 * frozen server then fails at once, an open transaction is rolled back by the server, and the pool
 * discards the connection — and the work is answered 503 with Retry-After. Driver errors that mean
 * "the database cannot answer now" (Dialect.isUnavailable) become the same 503, never a 500.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { reportDbError } from './observe.js';

/** Seconds a client should wait before retrying when the database is down or did not answer. */
export const UNAVAILABLE_RETRY_AFTER = '2';

/** The work a connection was checked out for; `stopped` once it ran out of time or lost its client. */
interface Scope {
  readonly held: Set<unknown>;
  stopped: ScimError | undefined;
}

export interface ConnectionGuard {
  /**
   * Runs `work`; if it is not done within `budgetMs`, or `signal` aborts first, its connections are
   * closed and the returned promise rejects with a 503 at once (the work's own later failure is
   * dropped: nobody waits for it). Unavailable-database errors from the work become that 503.
   */
  run<T>(budgetMs: number, work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /**
   * Closes every open connection, checked out or idle (shutdown: after its grace period, or when
   * closing the pool does not finish because the database does not answer the goodbye).
   */
  abortAll(): void;
}

/**
 * The client methods knex's pool calls (the MySQL dialect's own-connection transactions call the
 * first two as well): checking a connection out and in, and creating and destroying one.
 */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  acquireRawConnection(): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<unknown>;
}

const guards = new WeakMap<Knex, ConnectionGuard>();

/** The error a stopped scope answers with. */
function stopError(reason: 'deadline' | 'client', budgetMs: number): ScimError {
  return reason === 'deadline'
    ? ScimError.status(503, `The database did not answer within ${budgetMs} ms; retry the request.`, { 'Retry-After': UNAVAILABLE_RETRY_AFTER })
    : ScimError.status(503, 'The client closed the connection before the answer; its database work was abandoned.');
}

/**
 * A driver error that means the database cannot answer now, as the 503 it is (the driver error as
 * its cause, for the log), counted as a `timeout` or `unavailable` database error; anything else unchanged.
 */
export function asUnavailable(dialect: Dialect, error: unknown, knex: Knex): unknown {
  if (error instanceof ScimError || !dialect.isUnavailable(error)) return error;
  reportDbError(knex, dialect.isTimeout(error) ? 'timeout' : 'unavailable');
  const answer = ScimError.status(503, 'The database is unavailable; retry the request.', { 'Retry-After': UNAVAILABLE_RETRY_AFTER });
  answer.cause = error;
  return answer;
}

/** The set of connections the pool has opened and not yet destroyed. */
function trackOpen(client: PoolClient): ReadonlySet<unknown> {
  const open = new Set<unknown>();
  const create = client.acquireRawConnection.bind(client);
  const destroy = client.destroyRawConnection.bind(client);
  client.acquireRawConnection = async () => {
    const connection = await create();
    open.add(connection);
    return connection;
  };
  client.destroyRawConnection = (connection) => {
    open.delete(connection);
    return destroy(connection);
  };
  return open;
}

/** Closes a connection under whatever uses it; knex's pool destroys a connection marked so when it comes back. */
function abortConnection(dialect: Dialect, connection: unknown, reason: string): void {
  (connection as { __knex__disposed?: unknown }).__knex__disposed = `closed by scim-bridge: ${reason}`;
  dialect.abortConnection(connection);
}

/** Records each checked-out connection against the scope of the work that asked for it. */
function trackScopes(client: PoolClient, storage: AsyncLocalStorage<Scope>): void {
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const owners = new Map<unknown, Scope | undefined>();
  client.acquireConnection = async () => {
    const scope = storage.getStore();
    if (scope?.stopped) throw scope.stopped;
    const connection = await acquire();
    if (scope?.stopped) {
      await release(connection);
      throw scope.stopped;
    }
    owners.set(connection, scope);
    scope?.held.add(connection);
    return connection;
  };
  client.releaseConnection = (connection) => {
    owners.get(connection)?.held.delete(connection);
    owners.delete(connection);
    return release(connection);
  };
}

/** A scope that stops — its connections closed, `stopped` rejected — at the deadline or when `signal` aborts. */
function stoppableScope(knex: Knex, dialect: Dialect, budgetMs: number, signal: AbortSignal | undefined) {
  const scope: Scope = { held: new Set(), stopped: undefined };
  let reject: (error: ScimError) => void = () => undefined;
  const stopped = new Promise<never>((_, r) => { reject = r; });
  // Nobody may be listening when it fires after the race is decided.
  stopped.catch(() => undefined);
  const stop = (reason: 'deadline' | 'client') => {
    if (scope.stopped) return;
    reportDbError(knex, reason === 'deadline' ? 'deadline' : 'abandoned');
    scope.stopped = stopError(reason, budgetMs);
    for (const connection of scope.held) abortConnection(dialect, connection, reason === 'deadline' ? 'the request ran past its deadline' : 'the client went away');
    reject(scope.stopped);
  };
  const timer = setTimeout(() => stop('deadline'), budgetMs);
  const onAbort = () => stop('client');
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const dispose = () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); };
  return { scope, stopped, dispose };
}

/** The guard of `knex`'s pool, installed on first use (one per Knex instance). */
export function guardPool(knex: Knex, dialect: Dialect): ConnectionGuard {
  const existing = guards.get(knex);
  if (existing) return existing;
  const client = knex.client as PoolClient;
  const storage = new AsyncLocalStorage<Scope>();
  trackScopes(client, storage);
  const open = trackOpen(client);
  const guard: ConnectionGuard = {
    async run(budgetMs, work, signal) {
      const { scope, stopped, dispose } = stoppableScope(knex, dialect, budgetMs, signal);
      const running = (async () => storage.run(scope, work))();
      try {
        return await Promise.race([running, stopped]);
      } catch (error) {
        throw asUnavailable(dialect, error, knex);
      } finally {
        dispose();
        // After a stop, the work fails on its closed connection with no one left to tell.
        running.catch(() => undefined);
      }
    },
    abortAll() {
      for (const connection of open) abortConnection(dialect, connection, 'shutting down');
    },
  };
  guards.set(knex, guard);
  return guard;
}
