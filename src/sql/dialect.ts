/**
 * Everything that differs between databases, stated once. Nothing outside `sql/dialects/` asks
 * which database it is talking to; it asks the Dialect. Knex's own helpers with dialect-specific
 * semantics (whereLike's COLLATE, forUpdate dropped on SQLite) are not used for that reason.
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnRef, ColumnValue } from '../mapping/types.js';

export type OrderOp = 'gt' | 'ge' | 'lt' | 'le';
export const SQL_OP: Record<OrderOp | 'eq', string> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A SQL fragment with `??` identifiers and `?` values, to hand to knex.raw. */
export interface Fragment {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

export interface Dialect {
  readonly client: DbClient;
  /** The driver value for a logical column value (booleans and dates differ per driver). */
  bind(value: ColumnValue, column: ColumnRef): unknown;
  /** Case-insensitive string equality/order: `lower(col) op lower(?)` in byte order. */
  textCompare(column: string, op: 'eq' | OrderOp, value: string, caseExact: boolean): Fragment;
  /** `co`/`sw`/`ew`: the pattern's own metacharacters are escaped. */
  textMatch(column: string, kind: 'co' | 'sw' | 'ew', value: string, caseExact: boolean): Fragment;
  /** Order by a text column the way textCompare compares (so sort and filter agree). */
  textOrderKey(column: string, caseExact: boolean): Fragment;
  /** Compare instants; SQLite keeps them as text and needs julianday(). */
  timeCompare(column: string, op: 'eq' | OrderOp, value: unknown): Fragment;
  /** Lock the row read inside a write transaction (FOR UPDATE; SQLite's writer lock needs nothing). */
  lockForUpdate(query: Knex.QueryBuilder): Knex.QueryBuilder;
  /** Insert one row and return its generated key. */
  insertReturningKey(trx: Knex.Transaction, table: string, row: Record<string, unknown>, keyColumn: string): Promise<unknown>;
  /** The driver error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** The transaction lost a serialisation race or a deadlock and may be retried. */
  isRetryable(error: unknown): boolean;
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
