/**
 * Value conversion between SCIM values and column values, through a mapped attribute's type and
 * `map:`. Pure: the dialect turns the logical column values returned here (boolean, Date, NOW)
 * into what its driver binds.
 */
import { ScimError } from '../errors.js';
import { deriveValue } from './compile-derived.js';
import type { ColumnKind } from './db-schema.js';
import { NOW, type ColumnRef, type Condition, type IdMapping, type ColumnValue, type MapColumnValue, type MappedAttribute, type ValueMap } from './types.js';

/** Driver values → a plain JS value by column kind: 0/1/'t' → boolean, DATETIME text → Date. */
export function normalizeColumnValue(kind: ColumnKind, raw: unknown): ColumnValue {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'boolean':
      return readBoolean(raw);
    case 'dateTime':
      return readDate(raw);
    case 'integer':
    case 'decimal':
      return typeof raw === 'string' && Number.isSafeInteger(Number(raw)) ? Number(raw) : (raw as ColumnValue);
    default:
      return raw instanceof Date || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : String(raw);
  }
}

function readBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return Number(raw) !== 0;
  const text = String(raw).toLowerCase();
  if (['1', 't', 'true', 'y', 'yes'].includes(text)) return true;
  if (['0', 'f', 'false', 'n', 'no'].includes(text)) return false;
  return null;
}

/** SQLite's CURRENT_TIMESTAMP text (`2024-01-02 03:04:05`) is UTC without a zone: read it as such. */
function readDate(raw: unknown): Date | null {
  if (raw instanceof Date) return raw;
  if (typeof raw === 'number') return new Date(raw);
  const text = String(raw);
  const withZone = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An integer column of Unix time (ColumnRef.epoch) as a Date; other values as they are. */
export function fromEpoch(column: ColumnRef, value: ColumnValue): ColumnValue {
  if (column.epoch === undefined || typeof value !== 'number') return value;
  return new Date(column.epoch === 'milliseconds' ? value : value * 1000);
}

/** Far enough ahead to read as "suspended until further notice" on every database (MySQL DATETIME ends at 9999). */
export const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

/** A suspension timestamp reads as active (true) when it is NULL or not in the future. */
export function suspensionActive(column: ColumnRef, raw: unknown, now = new Date()): boolean {
  const value = fromEpoch(column, normalizeColumnValue(column.kind === 'string' || column.kind === 'other' ? 'dateTime' : column.kind, raw));
  return !(value instanceof Date) || value.getTime() <= now.getTime();
}

/** One `also:` condition read from its column: true (active) or false. */
export function conditionHolds(condition: Condition, raw: unknown): boolean {
  if (condition.suspension) return suspensionActive(condition.column, raw);
  const value = normalizeColumnValue(condition.column.kind, raw);
  if (condition.valueMap) return readThroughMap(condition.valueMap, value) === true;
  return readBoolean(value) === true;
}

/** Column value → SCIM value; `undefined` when the column holds nothing SCIM can show. */
export function columnToScim(attr: MappedAttribute, raw: unknown): unknown {
  if (attr.suspension) return suspensionActive(attr.column, raw);
  const normalized = normalizeColumnValue(attr.column.kind, raw);
  // Unix time reads as a date only for a dateTime; a boolean map over it ({ true: 0, false: $now }) reads the number.
  const value = attr.type === 'dateTime' ? fromEpoch(attr.column, normalized) : normalized;
  if (attr.reference) return value === null ? undefined : `${attr.reference.prefix}${String(value)}`;
  if (attr.valueMap) return readThroughMap(attr.valueMap, value);
  if (value === null) return undefined;
  switch (attr.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : readBoolean(value) ?? undefined;
    case 'dateTime':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : Number(value);
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

/**
 * The column values that read as the entries `wanted` picks, as readThroughMap decides: entries are
 * tried in order, so an explicit value an earlier entry reads is never a later one's, and after
 * an entry reading `$now` (any non-null value) only NULL is left. For filters (plan/filter-values.ts).
 */
export function mapReads(map: ValueMap, wanted: (entry: ValueMap['entries'][number]) => boolean): { values: ColumnValue[]; anyNonNull: boolean; except: ColumnValue[] } {
  const values: ColumnValue[] = [];
  const earlier: ColumnValue[] = [];
  let swallowed = false;
  let anyNonNull = false;
  let except: ColumnValue[] = [];
  for (const entry of map.entries) {
    const explicit = entry.read.filter((v): v is ColumnValue => v !== NOW);
    if (wanted(entry)) {
      values.push(...explicit.filter((v) => (v === null || !swallowed) && !earlier.some((e) => sameColumnValue(e, v))));
      if (!swallowed && entry.read.includes(NOW)) { anyNonNull = true; except = [...earlier.filter((e) => e !== null)]; }
    }
    earlier.push(...explicit);
    if (entry.read.includes(NOW)) swallowed = true;
  }
  return { values, anyNonNull, except };
}

function readThroughMap(map: ValueMap, value: ColumnValue): unknown {
  for (const entry of map.entries) {
    if (entry.read.some((candidate) => sameColumnValue(candidate, value))) return entry.scim;
  }
  return undefined;
}

/** Map values compare loosely: YAML `1` matches a driver's `'1'`, `true` matches `1`; text exactly. */
export function sameColumnValue(candidate: MapColumnValue, value: ColumnValue): boolean {
  if (candidate === NOW) return value !== null;
  if (candidate === null || value === null) return candidate === value;
  if (typeof candidate === 'boolean' || typeof value === 'boolean') return readBoolean(candidate) === readBoolean(value);
  if (value instanceof Date || candidate instanceof Date) return String(candidate) === String(value);
  return String(candidate) === String(value);
}

const describe = (v: unknown) => (typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `${JSON.stringify(v)}`);

function invalid(attr: MappedAttribute, expected: string, value: unknown): ScimError {
  return ScimError.of('invalidValue', `Attribute "${attr.key}" must be ${expected}; got ${describe(value)}.`);
}

/** What the write side's value checks allow beyond RFC 7643 §2.3 (docs/compatibility.md). */
export interface ValueRules {
  /** Rule "entra-boolean-strings": "True"/"False" (any case) for booleans. */
  readonly entraBooleanStrings: boolean;
}

const LENIENT: ValueRules = { entraBooleanStrings: true };

/**
 * A SCIM value from a request → the column value to write. `null` clears. Booleans also arrive as
 * the strings "True"/"False" (Microsoft Entra ID, see docs/compatibility.md#entra-boolean-strings)
 * unless that rule is off.
 */
export function scimToColumn(attr: MappedAttribute, value: unknown, rules: ValueRules = LENIENT): MapColumnValue {
  if (value === null || value === undefined) return null;
  const scim = checkScimValue(attr, value, rules);
  if (attr.suspension) return scim === true ? null : FAR_FUTURE;
  if (attr.reference) return referenceKey(attr, attr.reference, scim);
  if (attr.valueMap) return writeThroughMap(attr, attr.valueMap, scim);
  const stored = toColumnKind(attr, scim);
  // `transform:` — the application's own normalisation (Grafana stores logins lower-cased).
  return attr.transforms && typeof stored === 'string' ? deriveValue(attr.transforms, stored) as string : stored;
}

/** Another resource's SCIM id → its key; an id of the wrong type or shape is 400, not a dangling key. */
function referenceKey(attr: MappedAttribute, target: IdMapping, scim: string | number | boolean): ColumnValue {
  const text = String(scim);
  if (text === '') return null;
  const key = text.startsWith(target.prefix) ? text.slice(target.prefix.length) : undefined;
  if (key === undefined || key === '' || (target.column.kind === 'integer' && !/^[0-9]{1,15}$/.test(key))) {
    throw invalid(attr, `the id of a User, such as "${target.prefix}1"`, scim);
  }
  // The column holding the reference decides the driver type: a number bound to a text column reads back as "1.0" on SQLite.
  return attr.column.kind === 'integer' ? Number(key) : key;
}

/**
 * Checks a request value against the attribute's SCIM type (RFC 7643 §2.3); returns it in
 * canonical JS form. A mismatch is 400 invalidValue.
 */
export function checkScimValue(attr: MappedAttribute, value: unknown, rules: ValueRules = LENIENT): string | number | boolean {
  switch (attr.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      // Entra: {"op":"Replace","path":"active","value":"False"} (test/idp/entra/replace-active-string-boolean.json).
      if (rules.entraBooleanStrings && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw invalid(attr, 'a boolean (true or false)', value);
    }
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalid(attr, 'an integer', value);
    case 'decimal':
      if (typeof value === 'number') return value;
      throw invalid(attr, 'a number', value);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalid(attr, 'an xsd:dateTime string such as "2024-05-01T12:00:00Z"', value);
    case 'complex':
      throw invalid(attr, 'a simple value', value);
    default:
      if (typeof value === 'string') return value;
      throw invalid(attr, 'a string', value);
  }
}

function writeThroughMap(attr: MappedAttribute, map: ValueMap, scim: string | number | boolean): MapColumnValue {
  const entry = map.entries.find((e) => e.scim === scim)
    ?? (typeof scim === 'string' ? map.entries.find((e) => String(e.scim).toLowerCase() === scim.toLowerCase()) : undefined);
  if (!entry) {
    const allowed = map.entries.map((e) => JSON.stringify(e.scim)).join(', ');
    throw invalid(attr, `one of ${allowed}`, scim);
  }
  return entry.write;
}

function toColumnKind(attr: MappedAttribute, scim: string | number | boolean): ColumnValue {
  // Unix time: kept as a Date here; the dialect binds it as seconds or milliseconds.
  if (attr.column.epoch !== undefined) {
    const date = new Date(String(scim));
    if (Number.isNaN(date.getTime())) throw invalid(attr, 'a dateTime', scim);
    return date;
  }
  switch (attr.column.kind) {
    case 'boolean':
      return typeof scim === 'boolean' ? scim : readBoolean(scim);
    case 'integer': {
      if (typeof scim === 'boolean') return scim ? 1 : 0;
      const n = Number(scim);
      if (!Number.isSafeInteger(n) || String(scim).trim() === '') throw invalid(attr, 'an integer (the column holds integers)', scim);
      return n;
    }
    case 'decimal': {
      const n = Number(scim);
      if (!Number.isFinite(n) || String(scim).trim() === '') throw invalid(attr, 'a number (the column holds numbers)', scim);
      return n;
    }
    case 'dateTime': {
      const date = new Date(String(scim));
      if (Number.isNaN(date.getTime())) throw invalid(attr, 'a dateTime', scim);
      return date;
    }
    default:
      return attr.type === 'dateTime' ? new Date(String(scim)).toISOString() : String(scim);
  }
}
