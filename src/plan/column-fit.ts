/**
 * Whether a value fits the column it is bound to, judged from what introspection said about the
 * column (ColumnRef: kind, maxLength, range, allowed) and never by asking the database: the same
 * value is refused on every dialect, so data PostgreSQL would reject is not silently kept by SQLite
 * (which enforces no varchar length) nor truncated by MariaDB. Writes that do not fit are 400
 * invalidValue naming the limit; filters whose value no row can hold are restated so they match
 * exactly what they would if the database could hold it (see filterFit).
 */
import type { ColumnRef, ColumnValue } from '../mapping/types.js';

/** Years every dialect's date-time types hold (MariaDB DATETIME ends at 9999). */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters as the databases count them (code points, not UTF-16 units). */
export function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The integer a column holds for `value` (Unix time for an epoch column), or undefined for non-integers. */
function integerOf(column: ColumnRef, value: ColumnValue): bigint | undefined {
  if (value instanceof Date && column.epoch !== undefined) {
    const ms = value.getTime();
    return BigInt(column.epoch === 'milliseconds' ? ms : Math.floor(ms / 1000));
  }
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** Why a text value cannot be stored anywhere, or undefined. */
function textMisfit(text: string): string | undefined {
  // PostgreSQL text cannot hold U+0000; refused everywhere so every dialect keeps the same data.
  if (text.includes('\u0000')) return 'cannot contain the NUL character (U+0000)';
  // A lone surrogate has no UTF-8 form: drivers would store U+FFFD in its place.
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (it holds an unpaired surrogate \\uD800-\\uDFFF)';
  return undefined;
}

/**
 * Why `value` cannot be stored in `column` (a phrase such as `is at most 100 characters long
 * (column job_title is character varying(100))`), or undefined when it fits.
 */
export function misfit(column: ColumnRef, value: ColumnValue): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') {
    const bad = textMisfit(value);
    if (bad !== undefined) return bad;
    if (column.maxLength !== undefined && characters(value) > column.maxLength) {
      return `is at most ${column.maxLength} characters long (column ${column.name}); got ${characters(value)}`;
    }
    if (column.kind === 'uuid' && !UUID.test(value)) return `must be a UUID such as "123e4567-e89b-12d3-a456-426614174000" (column ${column.name} holds UUIDs)`;
  }
  if (column.allowed !== undefined && !(value instanceof Date) && !column.allowed.includes(String(value))) {
    return `must be one of ${column.allowed.map((v) => JSON.stringify(v)).join(', ')} (the values column ${column.name} allows)`;
  }
  const integer = column.range !== undefined ? integerOf(column, value) : undefined;
  if (integer !== undefined && column.range !== undefined && (integer < BigInt(column.range.min) || integer > BigInt(column.range.max))) {
    return `is out of range: column ${column.name} holds ${column.epoch !== undefined ? 'times whose Unix time is ' : ''}${column.range.min} to ${column.range.max}`;
  }
  if (value instanceof Date && column.epoch === undefined) {
    const year = value.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) return `must be a time between the years ${MIN_YEAR} and ${MAX_YEAR}`;
  }
  return undefined;
}

/** Whether a number or time lies above or below everything the column can hold. */
function beyond(column: ColumnRef, value: ColumnValue): { above: boolean; below: boolean } {
  if (value instanceof Date && column.epoch === undefined) {
    const year = value.getUTCFullYear();
    return { above: year > MAX_YEAR, below: year < MIN_YEAR };
  }
  const integer = column.range !== undefined ? integerOf(column, value) : undefined;
  if (integer === undefined || column.range === undefined) return { above: false, below: false };
  return { above: integer > BigInt(column.range.max), below: integer < BigInt(column.range.min) };
}

/** What a comparison with a value becomes once the column's limits are taken into account. */
export type FilterFit =
  | { readonly kind: 'as is' }
  /** No row can match (`eq` with a value longer than the column). */
  | { readonly kind: 'none' }
  /** Every row with a value matches (`lt` a number above the column's range). */
  | { readonly kind: 'any' }
  /** The same rows as this comparison (an ordering against a text cut at its NUL). */
  | { readonly kind: 'restated'; readonly op: 'gt' | 'le'; readonly value: string };

/**
 * RFC 7644 §3.4.2.2 defines each operator by comparing the filter's value with the stored one, so
 * a value no row can hold is a valid filter with a definite answer, not an error: `eq`, `co`,
 * `sw`, `ew` with a text longer than the column (or holding NUL, which no stored value does)
 * match nothing; an integer beyond the column's range (a time beyond the years 1-9999) is above
 * (or below) every stored value.
 * Only the database would choke on binding it (PostgreSQL: integer out of range, NUL in text).
 */
export function filterFit(column: ColumnRef, op: 'eq' | 'gt' | 'ge' | 'lt' | 'le' | 'co' | 'sw' | 'ew', value: ColumnValue): FilterFit {
  const ordering = op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
  if (typeof value === 'string') {
    const nul = value.indexOf('\u0000');
    // No stored text holds NUL, so `s > "ab\0…"` ⟺ `s > "ab"` and `s < "ab\0…"` ⟺ `s <= "ab"`.
    if (nul >= 0) return ordering ? { kind: 'restated', op: op === 'gt' || op === 'ge' ? 'gt' : 'le', value: value.slice(0, nul) } : { kind: 'none' };
    if (!ordering && (textMisfit(value) !== undefined || (column.maxLength !== undefined && characters(value) > column.maxLength))) return { kind: 'none' };
    return { kind: 'as is' };
  }
  const { above, below } = beyond(column, value);
  if (!above && !below) return { kind: 'as is' };
  if (op === 'eq' || op === 'co' || op === 'sw' || op === 'ew') return { kind: 'none' };
  const wantsGreater = op === 'gt' || op === 'ge';
  return wantsGreater === below ? { kind: 'any' } : { kind: 'none' };
}
