/**
 * Checks a filter literal against the attribute it is compared with, and turns it into the column
 * value to bind. Type mismatches are 400 invalidFilter with a hint (RFC 7644 §3.4.2.2 leaves the
 * comparison undefined; refusing is safer than guessing).
 */
import { ScimError } from '../errors.js';
import type { ColumnValue, MappedAttribute } from '../mapping/types.js';
import { mapReads } from '../mapping/values.js';
import type { CompareOp, CompValue } from '../scim/filter/ast.js';
import { filterFit } from './column-fit.js';
import { referenceToColumn } from './ids.js';
import type { TextMode } from './predicate.js';

export type CheckedValue =
  /** `op`, when set, replaces the filter's operator (see fractionOnInteger). */
  | { readonly kind: 'value'; readonly value: ColumnValue; readonly text: TextMode; readonly op?: 'gt' | 'lt' | 'le' }
  | { readonly kind: 'in'; readonly values: readonly ColumnValue[]; readonly anyNonNull: boolean; readonly except?: readonly ColumnValue[] };

const ORDERING: readonly CompareOp[] = ['gt', 'ge', 'lt', 'le'];
const SUBSTRING: readonly CompareOp[] = ['co', 'sw', 'ew'];

function reject(attr: MappedAttribute, detail: string): ScimError {
  return ScimError.of('invalidFilter', `"${attr.key}" ${detail}`);
}

/** The literal checked against the attribute's type, then against what its column can hold (column-fit.ts). */
export function checkFilterValue(attr: MappedAttribute, op: CompareOp, value: Exclude<CompValue, null>): CheckedValue {
  const checked = checkType(attr, op, value);
  if (checked.kind !== 'value') return checked;
  const fit = filterFit(attr.column, checked.op ?? (op === 'ne' ? 'eq' : op), checked.value);
  switch (fit.kind) {
    case 'as is': return checked;
    case 'none': return NOTHING;
    case 'any': return { kind: 'in', values: [], anyNonNull: true };
    case 'restated': return { ...checked, value: fit.value, op: fit.op };
  }
}

const NOTHING: CheckedValue = { kind: 'in', values: [], anyNonNull: false };

function checkType(attr: MappedAttribute, op: CompareOp, value: Exclude<CompValue, null>): CheckedValue {
  if (attr.valueMap) return throughMap(attr, op, value);
  if (attr.reference) return referenceValue(attr, op, value);
  switch (attr.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw reject(attr, 'is a boolean; compare it with true or false.');
      if (op !== 'eq' && op !== 'ne') throw reject(attr, 'is a boolean; only eq and ne apply.');
      return { kind: 'value', value: attr.column.kind === 'integer' ? Number(value) : value, text: 'none' };
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw reject(attr, 'is a dateTime; compare it with a quoted timestamp such as "2024-01-31T00:00:00Z".');
      if (SUBSTRING.includes(op)) throw reject(attr, 'is a dateTime; use eq, ne, gt, ge, lt or le.');
      const date = new Date(value);
      // Unix-time columns (ColumnRef.epoch) take the Date too: the dialect binds it as seconds or milliseconds.
      return { kind: 'value', value: attr.column.kind === 'dateTime' || attr.column.epoch !== undefined ? date : date.toISOString(), text: 'none' };
    }
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number') throw reject(attr, 'is a number; compare it with an unquoted number.');
      if (SUBSTRING.includes(op)) throw reject(attr, 'is a number; use eq, ne, gt, ge, lt or le.');
      return attr.column.kind === 'integer' && !Number.isInteger(value) ? fractionOnInteger(op, value) : { kind: 'value', value, text: 'none' };
    case 'complex':
      throw reject(attr, 'is complex; compare one of its sub-attributes.');
    default:
      return stringValue(attr, op, value);
  }
}

/**
 * A fraction against an integer column: PostgreSQL refuses to bind `1.5` as an integer, so the
 * comparison is restated over integers (`> 1.5` ≡ `> 1`, `<= 1.5` ≡ `< 2`); `eq 1.5` matches nothing.
 */
function fractionOnInteger(op: CompareOp, value: number): CheckedValue {
  if (op === 'gt' || op === 'ge') return { kind: 'value', value: Math.floor(value), text: 'none', op: 'gt' };
  if (op === 'lt' || op === 'le') return { kind: 'value', value: Math.ceil(value), text: 'none', op: 'lt' };
  return { kind: 'in', values: [], anyNonNull: false };
}

function stringValue(attr: MappedAttribute, op: CompareOp, value: string | number | boolean): CheckedValue {
  if (typeof value !== 'string') throw reject(attr, 'is a string; quote the value, e.g. "…".');
  if (attr.column.kind === 'integer' || attr.column.kind === 'decimal') {
    // A string attribute over a numeric column (employeeNumber in an INT): only equality is meaningful.
    if (op !== 'eq' && op !== 'ne') throw reject(attr, `is stored as a number; only eq and ne apply.`);
    const n = Number(value);
    return Number.isFinite(n) && value.trim() !== '' ? { kind: 'value', value: n, text: 'none' } : { kind: 'in', values: [], anyNonNull: false };
  }
  if (attr.column.kind === 'uuid' && !ORDERING.includes(op) && !SUBSTRING.includes(op)) {
    return { kind: 'value', value: value.toLowerCase(), text: 'exact' };
  }
  return { kind: 'value', value, text: attr.characteristics.caseExact ? 'exact' : 'ci' };
}

/** A mapped attribute (active ↔ status) compares through its map: eq X → the column values read as X. */
function throughMap(attr: MappedAttribute, op: CompareOp, value: string | number | boolean): CheckedValue {
  if (op !== 'eq' && op !== 'ne') throw reject(attr, 'is stored through a value map; only eq, ne and pr apply.');
  const expected = attr.type === 'boolean' ? 'boolean' : attr.type === 'integer' || attr.type === 'decimal' ? 'number' : 'string';
  if (typeof value !== expected) throw reject(attr, `is a ${attr.type}; compare it with ${expected === 'boolean' ? 'true or false' : expected === 'number' ? 'an unquoted number' : 'a quoted string'}.`);
  const fold = (v: unknown) => (typeof v === 'string' && !attr.characteristics.caseExact ? v.toLowerCase() : v);
  if (!attr.valueMap) return { kind: 'in', values: [], anyNonNull: false };
  const reads = mapReads(attr.valueMap, (e) => fold(e.scim) === fold(value));
  return { kind: 'in', values: reads.values, anyNonNull: reads.anyNonNull, ...(reads.except.length ? { except: reads.except } : {}) };
}

/**
 * manager.value eq "user-7" compares the key 7; an id no row can have (another shape, beyond the
 * key's range) matches nothing, as an unknown id does.
 */
function referenceValue(attr: MappedAttribute, op: CompareOp, value: string | number | boolean): CheckedValue {
  const target = attr.reference;
  if (typeof value !== 'string') throw reject(attr, 'is an id; quote the value, e.g. "user-1".');
  if (op !== 'eq' && op !== 'ne') throw reject(attr, 'is an id; only eq, ne and pr apply.');
  const key = target ? referenceToColumn(target, attr.column, value) : undefined;
  if (key === undefined) return NOTHING;
  return typeof key === 'number' ? { kind: 'value', value: key, text: 'none' } : { kind: 'value', value: key, text: 'exact' };
}
