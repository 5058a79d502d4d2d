/**
 * PostgreSQL (also CockroachDB and YugabyteDB through the same protocol): text compares use
 * `COLLATE "C"` so ordering is by code point, as SCIM clients and our in-memory reference expect,
 * whatever the database's locale. Rows are locked with FOR UPDATE; keys come back through RETURNING.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Dialect } from '../dialect.js';
import { SQL_OP, constraintOf, errorCode, isConnectionFault, likePattern } from '../dialect.js';

/**
 * SQLSTATEs of a database that cannot answer now: class 08 (connection exception), class 53
 * (insufficient resources: too many connections, disk full), 57P01–57P03 (shut down by the
 * administrator, crashed, starting up), 57014 (cancelled: statement_timeout), 55P03 (lock_timeout),
 * 25006 (read-only transaction: a hot standby, or a primary demoted by a failover — writes can
 * succeed again once the address points at the new primary).
 */
const UNAVAILABLE_STATES = /^(08|53|57P0[123]$|57014$|55P03$|25006$)/;

/**
 * pg reports a lost or unusable connection with these messages and no code (its protocol errors
 * always carry a SQLSTATE, so matching these exact texts cannot catch a database error).
 */
const PG_CONNECTION_LOST = new Set([
  'Connection terminated unexpectedly', 'Connection terminated', 'timeout expired',
  'Client has encountered a connection error and is not queryable', 'Client was closed and is not queryable',
]);

/** The driver's own message: knex prefixes a failed query's message with its SQL and ` - `. */
function driverMessage(message: string): string {
  const cut = message.lastIndexOf(' - ');
  return cut < 0 ? message : message.slice(cut + 3);
}

/** Named (prepared) statements kept per connection; past this, statements run unnamed. */
const NAMED_PER_CONNECTION = 256;

type QueryConfig = { text?: string; name?: string; values?: unknown[] };
type Queryable = { query(config: unknown, ...rest: unknown[]): unknown };

/**
 * Runs each statement the engine repeats as a named prepared statement on its connection: the
 * engine's SQL text depends only on the query's shape, so PostgreSQL parses and plans a lookup
 * once per connection instead of once per request. Statements are named by their text's digest;
 * a connection names at most NAMED_PER_CONNECTION (filters of every shape a client invents would
 * otherwise grow the server's memory), and transaction control stays unnamed.
 */
function namedStatements(connection: Queryable, done: (error: Error | null, connection: Queryable) => void): void {
  const query = connection.query.bind(connection);
  const named = new Set<string>();
  connection.query = (config: unknown, ...rest: unknown[]) => {
    const c = config as QueryConfig;
    if (typeof config === 'object' && config !== null && typeof c.text === 'string' && c.name === undefined && /^\s*(select|insert|update|delete|with)\b/i.test(c.text)) {
      const name = `sb_${createHash('sha1').update(c.text).digest('base64url').slice(0, 20)}`;
      if (named.has(name) || named.size < NAMED_PER_CONNECTION) {
        named.add(name);
        return query({ ...c, name }, ...rest);
      }
    }
    return query(config, ...rest);
  };
  done(null, connection);
}

/** A pg Client's socket, reached through its Connection. */
type PgClient = { connection?: { stream?: { destroy(): void } } };

export const postgresDialect: Dialect = {
  client: 'postgres',
  knexConfig: (settings, pool) => ({
    client: 'pg',
    connection: {
      connectionString: settings.connection,
      // Sent at connect as the session's statement_timeout: the server cancels a long statement (57014).
      ...(settings.statementTimeout !== undefined ? { statement_timeout: settings.statementTimeout } : {}),
      ...(settings.acquireTimeout !== undefined ? { connectionTimeoutMillis: settings.acquireTimeout } : {}),
    },
    ...(settings.schema !== undefined ? { searchPath: [settings.schema] } : {}),
    pool: { ...pool, afterCreate: namedStatements },
  }),
  isUnavailable(error) {
    const code = errorCode(error);
    if (code !== undefined) return UNAVAILABLE_STATES.test(code) || isConnectionFault(error);
    return isConnectionFault(error) || (error instanceof Error && PG_CONNECTION_LOST.has(driverMessage(error.message)));
  },
  // 57014 query_canceled (statement_timeout), 55P03 lock_not_available (lock_timeout); knex's pool timeout.
  isTimeout: (error) => ['57014', '55P03'].includes(errorCode(error) ?? '') || (error instanceof Error && error.name === 'KnexTimeoutError'),
  abortConnection: (connection) => (connection as PgClient).connection?.stream?.destroy(),
  bind: (value) => value,
  textCompare(column, op, value, caseExact) {
    const collate = op === 'eq' ? '' : ' collate "C"';
    return caseExact
      ? { sql: `??::text${collate} ${SQL_OP[op]} ?`, bindings: [column, value] }
      : { sql: `lower(??::text)${collate} ${SQL_OP[op]} lower(?)`, bindings: [column, value] };
  },
  textMatch(column, kind, value, caseExact) {
    return caseExact
      ? { sql: `??::text like ? escape '\\'`, bindings: [column, likePattern(kind, value)] }
      : { sql: `lower(??::text) like ? escape '\\'`, bindings: [column, likePattern(kind, value.toLowerCase())] };
  },
  textOrderKey(column, caseExact) {
    return caseExact ? { sql: '??::text collate "C"', bindings: [column] } : { sql: 'lower(??::text) collate "C"', bindings: [column] };
  },
  emptyText: (column) => ({ sql: "?? = ''", bindings: [column] }),
  timeOrderKey: (column) => ({ sql: '??', bindings: [column] }),
  timeCompare(column, op, value) {
    return { sql: `?? ${SQL_OP[op]} ?`, bindings: [column, value] };
  },
  lockForUpdate: (query, table) => query.forUpdate(table),
  transaction: (knex, work) => knex.transaction(work),
  async lockKey(trx, key) {
    // The first 64 bits of the digest, as a signed bigint: pg_advisory_xact_lock is released by COMMIT/ROLLBACK.
    const id = BigInt.asIntN(64, BigInt(`0x${key.slice(0, 16)}`));
    await trx.raw('select pg_advisory_xact_lock(?::bigint)', [id.toString()]);
  },
  async insertReturningKey(trx: Knex.Transaction, table, row, keyColumn) {
    const [inserted] = await trx(table).insert(row).returning(keyColumn);
    return (inserted as Record<string, unknown>)[keyColumn];
  },
  isUniqueViolation: (error) => errorCode(error) === '23505',
  constraintViolation: (error) => constraintOf(errorCode(error), ['23502'], ['23503']),
  // serialization_failure, deadlock_detected
  isRetryable: (error) => errorCode(error) === '40001' || errorCode(error) === '40P01',
  // CockroachDB and YugabyteDB are multi-node but serialise advisory locks and unique checks cluster-wide.
  multiPrimary: async () => false,
};
