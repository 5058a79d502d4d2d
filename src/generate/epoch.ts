/**
 * Integer columns holding Unix time (`timecreated`, `created_unix`, Mattermost's `CreateAt` in
 * milliseconds): whether a column is one, and whether it counts seconds or milliseconds — from the
 * sampled values' size first, then the integer's range, then the name. Pure.
 */
import type { DbColumn } from '../mapping/db-schema.js';
import type { SchemaView } from './schema-view.js';
import { factsOf, referencesFrom, tableNamed } from './schema-view.js';
import { splitWords } from './words.js';

export type EpochUnit = 'seconds' | 'milliseconds';

/** Words that make an integer column a time: created/updated/…, `_at`, `_time`, `_unix`, `_date`. */
const TIME_WORDS: ReadonlySet<string> = new Set([
  'created', 'create', 'updated', 'update', 'modified', 'changed', 'at', 'time', 'unix', 'date', 'timestamp',
  'joined', 'registered', 'registration', 'till', 'until', 'since', 'login', 'visit', 'seen', 'access',
]);

/** Seconds since 1970 stay below this until the year 5138; milliseconds pass it in 1973. */
const MILLIS_FROM = 1e11;

export interface EpochGuess {
  readonly unit: EpochUnit;
  /** How the unit was told, for the reason beside the line. */
  readonly why: string;
  /** True when nothing but the name said so: the reader should confirm. */
  readonly unsure: boolean;
}

/**
 * Words that make a time-named integer something else: a reference (`created_by_id`,
 * `updated_by`: the user who did it), a count (`login_failed`, `login_count`), a version.
 */
const NOT_TIME_WORDS: ReadonlySet<string> = new Set(['id', 'by', 'count', 'attempts', 'failed', 'number', 'version', 'flags', 'type', 'status', 'level', 'limit']);

/** Unix times since 1973 in seconds up to far-future milliseconds: what a sampled time may hold. */
const PLAUSIBLE = { from: 1e8, to: 1e14 };

/** Whether an integer column's name says it holds a time. */
export function namedLikeTime(column: DbColumn): boolean {
  const words = splitWords(column.name);
  return column.kind === 'integer' && words.some((w) => TIME_WORDS.has(w)) && !words.some((w) => NOT_TIME_WORDS.has(w));
}

/** Positive sampled numbers of `table.column`. */
function sampledNumbers(view: SchemaView, table: string, column: string): readonly number[] {
  return (factsOf(view, table, column)?.values ?? []).map((v) => Number(v.value)).filter((n) => Number.isFinite(n) && n > 0);
}

/**
 * Sampled values telling the unit: the column's own; else another integer time of the same table
 * (an application keeps one unit); else a column of the same name elsewhere (`CreateAt` everywhere).
 */
function evidence(view: SchemaView, table: string, column: DbColumn): { numbers: readonly number[]; from: string } | undefined {
  const own = sampledNumbers(view, table, column.name);
  if (own.length > 0) return { numbers: own, from: 'the sampled values are' };
  const sibling = [...(view.facts.get(table)?.columns.keys() ?? [])].filter((c) => c !== column.name)
    .map((c) => ({ c, n: sampledNumbers(view, table, c) })).find((x) => x.n.length > 0 && namedLikeTime({ ...column, name: x.c }));
  if (sibling !== undefined) return { numbers: sibling.n, from: `${table}.${sibling.c} holds` };
  const elsewhere = [...view.facts].filter(([t]) => t !== table).flatMap(([t, f]) => [...f.columns.keys()].map((c) => ({ t, c })))
    .filter((x) => namedLikeTime({ ...column, name: x.c }))
    .sort((a, b) => Number(b.c === column.name) - Number(a.c === column.name))
    .map((x) => ({ ...x, n: sampledNumbers(view, x.t, x.c) })).find((x) => x.n.length > 0);
  return elsewhere === undefined ? undefined : { numbers: elsewhere.n, from: `${elsewhere.t}.${elsewhere.c} holds` };
}

/** The unit of an integer time column, or undefined when the column is not one. */
export function epochOf(view: SchemaView, table: string, column: DbColumn): EpochGuess | undefined {
  if (!namedLikeTime(column) || pointsElsewhere(view, table, column.name)) return undefined;
  const seen = evidence(view, table, column);
  // Values like 1, 2, 7 are ids or counts, not times since 1970.
  if (sampledNumbers(view, table, column.name).some((n) => n < PLAUSIBLE.from || n >= PLAUSIBLE.to)) return undefined;
  if (seen !== undefined) {
    const unit = Math.max(...seen.numbers) >= MILLIS_FROM ? 'milliseconds' : 'seconds';
    return { unit, why: `${seen.from} Unix ${unit}`, unsure: false };
  }
  if (column.range !== undefined && Number(column.range.max) < MILLIS_FROM) {
    return { unit: 'seconds', why: 'a 32-bit integer can only hold Unix seconds', unsure: false };
  }
  const words = splitWords(column.name);
  if (words.some((w) => w === 'ms' || w === 'millis' || w === 'milliseconds')) return { unit: 'milliseconds', why: 'named in milliseconds', unsure: false };
  return { unit: 'seconds', why: 'an integer named like a time, taken as Unix seconds', unsure: true };
}

/** A column that references another table is an id, whatever its name says. */
function pointsElsewhere(view: SchemaView, table: string, column: string): boolean {
  const t = tableNamed(view, table);
  return t !== undefined && referencesFrom(view, t).some((r) => r.column === column);
}
