/**
 * Everything that differs between databases, stated once. Nothing outside `sql/dialects/` asks
 * which database it is talking to; it asks the Dialect. Knex's own helpers with dialect-specific
 * semantics (whereLike's COLLATE, forUpdate dropped on SQLite) are not used for that reason.
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnRef, ColumnValue, DbSettings } from '../mapping/types.js';

export type OrderOp = 'gt' | 'ge' | 'lt' | 'le';
export const SQL_OP: Record<OrderOp | 'eq', string> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A SQL fragment with `??` identifiers and `?` values, to hand to knex.raw. */
export interface Fragment {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

export interface Dialect {
  readonly client: DbClient;
  /**
   * Knex options for this driver: the connection (with `settings`' connect and statement
   * timeouts in the driver's own terms) and the pool, whose sizes connect.ts passes in.
   */
  knexConfig(settings: DbSettings, pool: { min: number; max: number }): Knex.Config;
  /**
   * The database cannot answer now — down, restarting, refusing connections, a statement
   * cancelled by its timeout, no pooled connection in time — so the request is a 503, not a bug.
   */
  isUnavailable(error: unknown): boolean;
  /** Of those, a statement the database cancelled for its timeout (counted apart: a slow query, not a down database). */
  isTimeout(error: unknown): boolean;
  /**
   * Closes a checked-out connection's socket at once (not a polite QUIT, which a frozen server
   * never answers), so that the query waiting on it fails now and the pool discards it.
   */
  abortConnection(connection: unknown): void;
  /** The driver value for a logical column value (booleans and dates differ per driver). */
  bind(value: ColumnValue, column: ColumnRef): unknown;
  /**
   * String equality/order, case-folded unless caseExact: `lower(col) op lower(?)` in byte order.
   * `foldsCase`: the column's own `=` folds case (a MySQL `*_ci` collation), so it may narrow first.
   */
  textCompare(column: string, op: 'eq' | OrderOp, value: string, caseExact: boolean, foldsCase?: boolean): Fragment;
  /** `co`/`sw`/`ew`: the pattern's own metacharacters are escaped. */
  textMatch(column: string, kind: 'co' | 'sw' | 'ew', value: string, caseExact: boolean): Fragment;
  /** Order by a text column the way textCompare compares (so sort and filter agree). */
  textOrderKey(column: string, caseExact: boolean): Fragment;
  /**
   * The text column holds the empty string. MariaDB's PAD SPACE collations make `'  ' = ''` true,
   * so it tests the length instead; `pr` must not count blanks-only values as empty.
   */
  emptyText(column: string): Fragment;
  /** Order by a dateTime column as instants (SQLite's text may mix `T…Z` and `YYYY-MM-DD HH:MM:SS`). */
  timeOrderKey(column: string): Fragment;
  /** Compare instants; SQLite keeps them as text and needs julianday(). */
  timeCompare(column: string, op: 'eq' | OrderOp, value: unknown): Fragment;
  /**
   * Lock the resource's row read inside a write transaction (FOR UPDATE; SQLite's writer lock needs
   * nothing). `table` is the resource's table: PostgreSQL refuses to lock the nullable side of an
   * outer join (a joined side table), so only the resource's own row is locked there.
   */
  lockForUpdate(query: Knex.QueryBuilder, table: string): Knex.QueryBuilder;
  /**
   * Runs `work` in one transaction. MySQL runs it on a connection it holds until the named locks
   * of `lockKey` are released after COMMIT; the others are plain `knex.transaction`.
   */
  transaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /**
   * An exclusive lock on `key` (a hex digest) held until the transaction ends: serialises writers
   * of the same unique value even where no unique index backs it. PostgreSQL: a transaction-scoped
   * advisory lock; MySQL: GET_LOCK, released after COMMIT by `transaction`; SQLite: nothing (one writer).
   */
  lockKey(trx: Knex.Transaction, key: string): Promise<void>;
  /** Insert one row and return its generated key. */
  insertReturningKey(trx: Knex.Transaction, table: string, row: Record<string, unknown>, keyColumn: string): Promise<unknown>;
  /** The driver error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** A constraint the mapping cannot see was violated: 'notNull' (a column needs a value) or 'foreignKey'. */
  constraintViolation(error: unknown): 'notNull' | 'foreignKey' | undefined;
  /** The transaction lost a serialisation race or a deadlock and may be retried. */
  isRetryable(error: unknown): boolean;
  /**
   * The database is one node of a multi-primary cluster (MariaDB Galera: wsrep_on), where lockKey's
   * locks are per node and uniqueness across nodes rests on unique indexes alone.
   */
  multiPrimary(knex: Knex): Promise<boolean>;
}

/** `%`, `_` and the escape character itself are escaped with a backslash (ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function likePattern(kind: 'co' | 'sw' | 'ew', value: string): string {
  const escaped = escapeLike(value);
  return kind === 'co' ? `%${escaped}%` : kind === 'sw' ? `${escaped}%` : `%${escaped}`;
}

export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) return String((error as { code: unknown }).code);
  return undefined;
}

/** Socket-level failures, whichever driver reports them (Node's own error codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Faults every dialect shares: the socket failed, or knex's pool gave no connection within
 * `acquireTimeout` (KnexTimeoutError, told apart by its class name, which knex exports).
 */
export function isConnectionFault(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  return error instanceof Error && error.name === 'KnexTimeoutError';
}

/** Classifies a driver error code by the lists a dialect gives. */
export function constraintOf(code: string | undefined, notNull: readonly string[], foreignKey: readonly string[]): 'notNull' | 'foreignKey' | undefined {
  if (code === undefined) return undefined;
  return notNull.includes(code) ? 'notNull' : foreignKey.includes(code) ? 'foreignKey' : undefined;
}

/**
 * The column a NOT NULL violation names, for the 400's detail (classification is by error code;
 * this only picks the name out): PostgreSQL reports it as a field, MariaDB and SQLite in the text.
 */
export function violatedColumn(error: unknown): string | undefined {
  const e = (error ?? {}) as { column?: unknown; sqlMessage?: unknown; message?: unknown };
  if (typeof e.column === 'string') return e.column;
  const text = String(e.sqlMessage ?? e.message ?? '');
  const found = /NOT NULL constraint failed: (?:\w+\.)?(\w+)|Column '(\w+)' cannot be null|Field '(\w+)' doesn't have a default value/.exec(text);
  return found?.slice(1).find((g) => g !== undefined);
}
