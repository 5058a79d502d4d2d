/**
 * What the rows say, read from a bounded sample: for each wanted table, one
 * `select <columns> from <table> limit N+1` (identifiers bound by knex), never a scan without a
 * LIMIT. The counting happens here rather than in SQL so that every column is counted over the
 * same rows (two statements without ORDER BY need not read the same N rows), and one statement
 * per table is all the database sees.
 *
 * Values are plain JS, the same shape on every driver:
 * - 64-bit integers arrive as text from pg and mysql2 (bigNumberStrings) and as BigInt from
 *   better-sqlite3 (asked for, so none is silently rounded): a number when it is a safe
 *   integer, else the decimal text;
 * - dates and times stay the database's text (pg and mysql2 would make local-time Dates of
 *   DATE and timestamp-without-zone values, shifting them);
 * - DECIMAL/NUMERIC stay text (exact), binary values become hex text, JSON and arrays their
 *   JSON text;
 * - booleans are the driver's: true/false on PostgreSQL, 1/0 on MySQL (tinyint(1)) and SQLite.
 * `values` never holds NULL: `nulls` counts those.
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnFacts, DataFacts, TableFacts } from '../mapping/db-schema.js';
import { compareText } from './introspect-common.js';

/** Rows read per table when the caller does not say. */
export const SAMPLE_ROWS = 10_000;
/** Distinct values listed per column when the caller does not say: a status column has a handful. */
export const SAMPLE_VALUES = 50;

export interface SampleOptions {
  /** PostgreSQL schema or MySQL database of the tables; default: the connection's own. */
  readonly schema?: string;
  /** At most this many rows per table (default SAMPLE_ROWS). */
  readonly rows?: number;
  /** List a column's values only when it has at most this many distinct ones (default SAMPLE_VALUES). */
  readonly values?: number;
}

export type SampleValue = string | number | boolean | null;

/** Reads a bounded sample of each wanted table's rows and says what its columns hold. */
export async function readFacts(knex: Knex, client: DbClient,
  wanted: readonly { readonly table: string; readonly columns: readonly string[] }[], options: SampleOptions = {}): Promise<DataFacts> {
  const rows = wholeAtLeast(options.rows ?? SAMPLE_ROWS, 0);
  const valuesLimit = wholeAtLeast(options.values ?? SAMPLE_VALUES, 0);
  const driverOptions = await driverReadOptions(client);
  const facts = new Map<string, TableFacts>();
  for (const [table, columns] of columnsByTable(wanted)) {
    const sample = await readSample(knex, table, columns, rows + 1, driverOptions, options.schema);
    const kept = sample.slice(0, rows);
    facts.set(table, {
      sampled: kept.length,
      more: sample.length > rows,
      columns: new Map(columns.map((c) => [c, columnFacts(kept.map((r) => plainValue(r[c])), valuesLimit)])),
    });
  }
  return facts;
}

function wholeAtLeast(n: number, min: number): number {
  return Number.isFinite(n) ? Math.max(min, Math.floor(n)) : min;
}

/** One entry per table (a table asked for twice gets the union of its columns), columns once each. */
function columnsByTable(wanted: readonly { readonly table: string; readonly columns: readonly string[] }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { table, columns } of wanted) out.set(table, [...new Set([...(out.get(table) ?? []), ...columns])]);
  return out;
}

/** `select cols from [schema.]table limit n`; a table with no wanted column still says how many rows it has. */
function readSample(knex: Knex, table: string, columns: readonly string[], limit: number,
  driverOptions: Readonly<Record<string, unknown>>, schema: string | undefined): Promise<Record<string, unknown>[]> {
  const from = schema !== undefined ? knex.withSchema(schema).from(table) : knex.from(table);
  const selected = columns.length > 0 ? from.select([...columns]) : from.select(knex.raw('1 as ??', ['one']));
  return selected.limit(limit).options(driverOptions) as unknown as Promise<Record<string, unknown>[]>;
}

/** Counts a column's sampled values: most frequent first, ties in value order. */
export function columnFacts(values: readonly SampleValue[], limit: number): ColumnFacts {
  const counts = new Map<string, { value: SampleValue; count: number }>();
  let nulls = 0;
  for (const value of values) {
    if (value === null) { nulls++; continue; }
    const key = `${typeof value}:${String(value)}`;
    const seen = counts.get(key);
    if (seen === undefined) counts.set(key, { value, count: 1 }); else seen.count++;
  }
  if (counts.size > limit) return { distinct: counts.size, nulls };
  const listed = [...counts.values()].sort((a, b) => b.count - a.count || compareValues(a.value, b.value));
  return { values: listed, distinct: counts.size, nulls };
}

function compareValues(a: SampleValue, b: SampleValue): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
}

/** A driver value as plain JS (see the file comment). */
export function plainValue(value: unknown): SampleValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': return value;
    case 'bigint': return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    default: break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return JSON.stringify(value);
}

/** Decimal text of an integer → a number when exact, else the text. */
function integerText(text: string | null): SampleValue {
  if (text === null) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** PostgreSQL type oids read as text: date, time, timestamp, timestamptz, timetz, json, jsonb. */
const PG_TEXT_TYPES: ReadonlySet<number> = new Set([1082, 1083, 1114, 1184, 1266, 114, 3802]);
const PG_INT8 = 20;
const MYSQL_TEXT_TYPES: ReadonlySet<string> = new Set(['DATE', 'NEWDATE', 'DATETIME', 'DATETIME2', 'TIMESTAMP', 'TIMESTAMP2', 'TIME', 'TIME2', 'JSON']);

/** Per-statement driver options (knex's `.options()`) that give the value shapes above. */
async function driverReadOptions(client: DbClient): Promise<Readonly<Record<string, unknown>>> {
  switch (client) {
    case 'sqlite': return { safeIntegers: true };
    case 'mysql': return {
      typeCast: (field: { type: string; string: () => string | null }, next: () => unknown): unknown =>
        field.type === 'LONGLONG' ? integerText(field.string()) : MYSQL_TEXT_TYPES.has(field.type) ? field.string() : next(),
    };
    case 'postgres': {
      const { default: pg } = await import('pg');
      const getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown =>
        oid === PG_INT8 ? integerText : PG_TEXT_TYPES.has(oid) ? (text: string) => text : pg.types.getTypeParser(oid, format ?? 'text');
      return { types: { getTypeParser } };
    }
  }
}
