/**
 * Which driver errors mean "the database cannot answer now" (a 503), per dialect, as the drivers
 * really report them; the retry backoff's bounds; knex's warnings summarised.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialectFor } from '../../src/sql/dialects/index.js';
import { retryDelay } from '../../src/sql/transaction.js';
import { throttledWarnings } from '../../src/sql/warnings.js';

const err = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);
const knexTimeout = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' });

const CASES = {
  postgres: {
    unavailable: [
      err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), err('read ECONNRESET', { code: 'ECONNRESET' }), knexTimeout,
      err('terminating connection due to administrator command', { code: '57P01' }), err('the database system is starting up', { code: '57P03' }),
      err('the database system is shutting down', { code: '57P03' }), err('canceling statement due to statement timeout', { code: '57014' }),
      err('sorry, too many clients already', { code: '53300' }), err('connection failure', { code: '08006' }),
      err('Connection terminated unexpectedly'), err('COMMIT; - Client has encountered a connection error and is not queryable'),
      err('select 1 - timeout expired'),
    ],
    other: [err('duplicate key value', { code: '23505' }), err('syntax error', { code: '42601' }), err('deadlock detected', { code: '40P01' }), new TypeError('x is undefined'), err('Undefined binding(s) detected')],
  },
  mysql: {
    unavailable: [
      err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), knexTimeout,
      err('Connection lost: The server closed the connection.', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
      err('Too many connections', { code: 'ER_CON_COUNT_ERROR', errno: 1040 }), err('Server shutdown in progress', { code: 'ER_SERVER_SHUTDOWN', errno: 1053 }),
      err('Query execution was interrupted (max_statement_time exceeded)', { errno: 1969 }),
      err("Can't add new command when connection is in closed state", { fatal: true }),
    ],
    other: [err('Duplicate entry', { code: 'ER_DUP_ENTRY', errno: 1062 }), err('Deadlock found', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }), new TypeError('x')],
  },
  sqlite: {
    unavailable: [err('database is locked', { code: 'SQLITE_BUSY' }), err('disk I/O error', { code: 'SQLITE_IOERR_WRITE' }), err('database or disk is full', { code: 'SQLITE_FULL' })],
    other: [err('UNIQUE constraint failed', { code: 'SQLITE_CONSTRAINT_UNIQUE' }), err('no such table', { code: 'SQLITE_ERROR' }), err('connect ECONNREFUSED', { code: 'ECONNREFUSED' })],
  },
} as const;

describe('Dialect.isUnavailable', () => {
  for (const [client, { unavailable, other }] of Object.entries(CASES)) {
    test(`${client}: connection faults and timeouts are unavailable; constraint errors, retryable conflicts and bugs are not`, () => {
      const dialect = dialectFor(client as keyof typeof CASES);
      assert.deepEqual(unavailable.filter((e) => !dialect.isUnavailable(e)).map((e) => e.message), []);
      assert.deepEqual(other.filter((e) => dialect.isUnavailable(e)).map((e) => e.message), []);
    });
  }
});

describe('retryDelay', () => {
  test('grows with the attempt, is randomised within [cap/2, cap], and is capped at 500 ms', () => {
    assert.deepEqual([1, 2, 3].map((n) => retryDelay(n, () => 0)), [20, 40, 80]);
    assert.deepEqual([1, 2, 3].map((n) => retryDelay(n, () => 1)), [40, 80, 160]);
    assert.equal(retryDelay(10, () => 1), 500);
    assert.equal(retryDelay(10, () => 0), 250);
  });
});

describe('throttledWarnings', () => {
  test('the first line of the first warning, then one line per window with the count held back', () => {
    const lines: string[] = [];
    let now = 0;
    const warn = throttledWarnings((l) => lines.push(l), 10_000, () => now);
    warn(new Error('Acquire connection error: ECONNREFUSED\n    at stack'));
    for (let i = 0; i < 500; i++) warn('Acquire connection error: ECONNREFUSED');
    now = 10_001;
    warn('Connection Error: terminated');
    assert.deepEqual(lines, ['Acquire connection error: ECONNREFUSED', 'Connection Error: terminated (and 500 more like it in the last 10 s)']);
  });
});
