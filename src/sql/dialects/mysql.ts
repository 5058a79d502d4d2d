/**
 * MySQL / MariaDB: a column's collation decides whether `=` folds case, so both directions are
 * stated explicitly: exact compares are done on the binary form, case-insensitive ones on lower()
 * of both sides, also in binary form so that ordering is by code point and not the collation's.
 * No RETURNING: the insert id comes from the driver.
 *
 * Unique values without a unique index: InnoDB gap locks (SELECT … FOR UPDATE on a missing row)
 * let two inserts both pass and then deadlock, so named locks (GET_LOCK) are used instead. They
 * belong to the session, not the transaction, so `transaction` runs on a connection it holds and
 * releases them only after COMMIT: a waiter then reads the committed row and answers 409.
 *
 * MariaDB Galera replicates no named lock: GET_LOCK serialises the writers of one node only. Across
 * nodes, uniqueness rests on a unique index (Galera certifies unique keys): the loser gets
 * ER_DUP_ENTRY (409) when the winner's row was applied first, or a deadlock at COMMIT (a
 * certification conflict), which transaction.ts retries and whose retry then answers 409. serve
 * warns about unique attributes without such an index when the node reports wsrep_on.
 */
import type { Knex } from 'knex';
import { ScimError } from '../../errors.js';
import type { Dialect } from '../dialect.js';
import { SQL_OP, constraintOf, errorCode, isConnectionFault, likePattern } from '../dialect.js';
import { sessionTimeouts } from './mysql-session.js';

/** Driver and server errors of a database that cannot answer now. */
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN', 'ER_QUERY_INTERRUPTED', 'ER_QUERY_TIMEOUT', 'ER_CLIENT_INTERACTION_TIMEOUT',
]);
/**
 * MariaDB's own numbers, which mysql2 has no names for: ER_CONNECTION_KILLED, ER_STATEMENT_TIMEOUT
 * (max_statement_time); and 1047, which a Galera node answers while it is not part of the primary
 * component ("WSREP has not yet prepared node for application use": it lost quorum, or is joining);
 * 1290 and 1792, a server running --read-only (a replica, or a primary demoted by a failover).
 */
const UNAVAILABLE_ERRNOS = new Set([1927, 1969, 1047, 1290, 1792]);
const STATEMENT_TIMEOUT_ERRNO = 1969;

/** A mysql2 error: `fatal` marks one that ended the connection (mysql2 documents the flag). */
type MysqlError = { errno?: unknown; fatal?: unknown };

/** Seconds a writer waits for a named lock before the request is answered 503 + Retry-After. */
const LOCK_WAIT_SECONDS = 10;

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

async function onOwnConnection<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const client = knex.client as PoolClient;
  const connection = await client.acquireConnection();
  try {
    return await knex.transaction(work, { connection });
  } finally {
    try {
      await knex.raw('select release_all_locks()').connection(connection);
    } finally {
      await client.releaseConnection(connection);
    }
  }
}

export const mysqlDialect: Dialect = {
  client: 'mysql',
  knexConfig: (settings, pool) => ({
    client: 'mysql2',
    // Timestamps travel as UTC (mysql2 would otherwise read DATETIME in the process's local zone).
    connection: {
      uri: settings.connection, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true,
      ...(settings.acquireTimeout !== undefined ? { connectTimeout: settings.acquireTimeout } : {}),
    } as never,
    pool: { ...pool, ...(settings.statementTimeout !== undefined ? { afterCreate: sessionTimeouts(settings.statementTimeout) } : {}) },
  }),
  isUnavailable(error) {
    const e = (error ?? {}) as MysqlError;
    return isConnectionFault(error) || UNAVAILABLE_CODES.has(errorCode(error) ?? '') || UNAVAILABLE_ERRNOS.has(Number(e.errno)) || e.fatal === true;
  },
  isTimeout: (error) => Number((error as MysqlError | undefined)?.errno) === STATEMENT_TIMEOUT_ERRNO || errorCode(error) === 'ER_QUERY_TIMEOUT'
    || (error instanceof Error && error.name === 'KnexTimeoutError'),
  // destroy() would only half-close (end) the socket and leave the waiting query pending; the
  // stream's own destroy makes mysql2 fail it with PROTOCOL_CONNECTION_LOST.
  abortConnection: (connection) => (connection as { stream?: { destroy(): void } }).stream?.destroy(),
  bind(value) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  textCompare(column, op, value, caseExact, foldsCase) {
    const exact = caseExact
      ? { sql: `cast(?? as binary) ${SQL_OP[op]} cast(? as binary)`, bindings: [column, value] }
      : { sql: `cast(lower(??) as binary) ${SQL_OP[op]} cast(lower(?) as binary)`, bindings: [column, value] };
    // The binary casts are exact but no index can answer them. An equality is first narrowed by the
    // column's own `=`, which an index on the column answers: identical strings are equal under any
    // collation, and strings equal after lower() are equal under a case-insensitive one; the cast
    // then drops what the collation equates but SCIM does not ('a ' = 'a', 'é' = 'e').
    if (op !== 'eq' || (!caseExact && !foldsCase)) return exact;
    return { sql: `?? = ? and ${exact.sql}`, bindings: [column, value, ...exact.bindings] };
  },
  textMatch(column, kind, value, caseExact) {
    return caseExact
      ? { sql: `cast(?? as binary) like cast(? as binary) escape '\\\\'`, bindings: [column, likePattern(kind, value)] }
      : { sql: `cast(lower(??) as binary) like cast(? as binary) escape '\\\\'`, bindings: [column, likePattern(kind, value.toLowerCase())] };
  },
  textOrderKey(column, caseExact) {
    return caseExact ? { sql: 'cast(?? as binary)', bindings: [column] } : { sql: 'cast(lower(??) as binary)', bindings: [column] };
  },
  emptyText: (column) => ({ sql: "char_length(??) = 0", bindings: [column] }),
  timeOrderKey: (column) => ({ sql: '??', bindings: [column] }),
  timeCompare(column, op, value) {
    return { sql: `?? ${SQL_OP[op]} ?`, bindings: [column, value] };
  },
  lockForUpdate: (query) => query.forUpdate(),
  transaction: onOwnConnection,
  async lockKey(trx, key) {
    const result = await trx.raw('select get_lock(?, ?) as got', [`scim-bridge:${key.slice(0, 40)}`, LOCK_WAIT_SECONDS]);
    const rows = (result as unknown as [Record<string, unknown>[]])[0];
    if (Number(rows[0]?.['got']) !== 1) throw ScimError.status(503, 'Another write of the same unique value is taking too long; retry the request.', { 'Retry-After': '1' });
  },
  async insertReturningKey(trx: Knex.Transaction, table, row) {
    const [id] = await trx(table).insert(row);
    return id;
  },
  isUniqueViolation: (error) => errorCode(error) === 'ER_DUP_ENTRY',
  constraintViolation: (error) => constraintOf(errorCode(error), ['ER_BAD_NULL_ERROR', 'ER_NO_DEFAULT_FOR_FIELD'], ['ER_NO_REFERENCED_ROW_2', 'ER_ROW_IS_REFERENCED_2', 'ER_NO_REFERENCED_ROW', 'ER_ROW_IS_REFERENCED']),
  isRetryable: (error) => errorCode(error) === 'ER_LOCK_DEADLOCK' || errorCode(error) === 'ER_LOCK_WAIT_TIMEOUT',
  async multiPrimary(knex) {
    // MySQL has no wsrep_on; a MariaDB built without Galera has it OFF.
    const on = await knex.raw('select @@global.wsrep_on as w').then((r) => Number((r as unknown as [Record<string, unknown>[]])[0][0]?.['w']) === 1, () => false);
    return on;
  },
};
