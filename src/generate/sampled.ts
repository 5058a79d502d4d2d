/**
 * What the bounded sample says a column holds, read for defaults: the value most rows share (what
 * the application writes when nobody chooses: Moodle's auth 'manual', Authentik's path 'users'),
 * and whether a column the schema leaves nullable is never NULL in fact (many ORMs' schemas leave
 * columns nullable that the application always fills). Pure.
 */
import type { RawDefaultValue, RawScopeValue } from '../config/raw-types.js';
import type { DbColumn } from '../mapping/db-schema.js';
import type { DraftScope } from './draft.js';
import { factsOf, sampledRows, type SchemaView } from './schema-view.js';

/** Rows a sample must hold before "never NULL" says anything. */
const MIN_ROWS = 2;

type Sampled = string | number | boolean | null;

/** A sampled value as the column takes it: 1/0 read from MySQL or SQLite is true/false in a boolean column. */
export function asColumnValue(column: DbColumn, value: Sampled): RawDefaultValue {
  if (column.kind === 'boolean' && value !== null) return value === true || value === 1 || value === '1' || value === 't';
  if ((column.kind === 'integer' || column.kind === 'decimal') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

export interface Commonest {
  readonly value: RawDefaultValue;
  readonly count: number;
  /** The rows it is compared with: those the resource keeps, as far as the sample tells. */
  readonly of: number;
}

/** The most common non-NULL sampled value of `table.column`, however rare; undefined when not sampled. */
export function commonestValue(view: SchemaView, table: string, column: DbColumn, kept?: number): Commonest | undefined {
  const top = factsOf(view, table, column.name)?.values?.find((v) => v.value !== null);
  const rows = kept ?? sampledRows(view, table);
  if (top === undefined || rows === undefined || rows === 0) return undefined;
  return { value: asColumnValue(column, top.value), count: top.count, of: Math.max(rows, top.count) };
}

/** The most common sampled value when it is held by at least half of the rows the resource keeps. */
export function dominantValue(view: SchemaView, table: string, column: DbColumn, kept?: number): Commonest | undefined {
  const top = commonestValue(view, table, column, kept);
  return top !== undefined && top.count * 2 >= top.of ? top : undefined;
}

/** A nullable column that no sampled row leaves NULL: the application fills it although the schema does not say so. */
export function neverNull(view: SchemaView, table: string, column: DbColumn): boolean {
  const facts = factsOf(view, table, column.name);
  const rows = sampledRows(view, table) ?? 0;
  return column.nullable && facts !== undefined && rows >= MIN_ROWS && facts.nulls === 0;
}

/** Whether a sampled value satisfies a scope value (a constant, a list, null, or `{ not: … }`). */
function inScope(scope: RawScopeValue, value: Sampled): boolean {
  const same = (a: Sampled, b: Sampled): boolean => a === b || (a !== null && b !== null && String(asBool(a)) === String(asBool(b)));
  if (scope !== null && typeof scope === 'object' && !Array.isArray(scope)) {
    const not = (scope as { not: Sampled | readonly Sampled[] }).not;
    return !(Array.isArray(not) ? not : [not]).some((n) => same(n as Sampled, value));
  }
  return (Array.isArray(scope) ? scope : [scope]).some((s) => same(s as Sampled, value));
}

const asBool = (v: Sampled): Sampled => (v === 1 || v === '1' ? true : v === 0 || v === '0' ? false : v);

/**
 * About how many sampled rows the scope keeps: the sample minus the rows each scope column's own
 * counts exclude (a tenant given through the environment excludes nothing we can count).
 */
export function keptRows(view: SchemaView, table: string, scope: readonly DraftScope[]): number | undefined {
  const rows = sampledRows(view, table);
  if (rows === undefined) return undefined;
  let excluded = 0;
  for (const s of scope) {
    // A tenant or environment value is unknown here: it keeps some rows, which ones is not known.
    if (s.tenantVariable !== undefined || (typeof s.value === 'string' && s.value.includes('${'))) continue;
    const facts = factsOf(view, table, s.column);
    if (facts?.values === undefined) continue;
    const outside = [...facts.values, { value: null, count: facts.nulls }].filter((v) => v.count > 0 && !inScope(s.value, v.value));
    excluded += outside.reduce((n, v) => n + v.count, 0);
  }
  return Math.max(1, rows - excluded);
}
