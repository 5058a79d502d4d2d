/**
 * Old resource vs new resource → the column writes, as plain data (no knex). POST, PUT and PATCH
 * all end here: the new resource goes through the mapping, readOnly attributes are never
 * written, immutable ones may only be set once, required ones may not be cleared, and only
 * columns whose value changes are written.
 */
import { ScimError } from '../errors.js';
import { deriveValue } from '../mapping/compile-derived.js';
import { NOW, isOwnerColumn, rowKey, rulesOf, type ColumnValue, type Condition, type DefaultColumnValue, type MapColumnValue, type MappedAttribute, type ResourceMapping, type ScopeCondition } from '../mapping/types.js';
import { scimToColumn } from '../mapping/values.js';
import { droppedElements, lookup, unknownAttributes, valueAt, type Json } from './resource-values.js';
import { checkDerived, checkWrite, type ReferenceCheck } from './write-checks.js';

export interface UniqueCheck {
  readonly attr: MappedAttribute;
  readonly value: MapColumnValue;
}

export interface WritePlan {
  /**
   * Column (by row key: a side table's columns under their alias, see rowKey) → value, only the
   * columns that change (plus maintained timestamps and derived columns; on create, `defaults:`).
   */
  readonly columns: Readonly<Record<string, DefaultColumnValue>>;
  /** Values that must not exist on another live row (uniqueness server/global). */
  readonly uniqueChecks: readonly UniqueCheck[];
  /** References written (manager.value): each must name a live, in-scope row when the write runs. */
  readonly referenceChecks?: readonly ReferenceCheck[];
}

const writable = (a: MappedAttribute) => a.characteristics.mutability !== 'readOnly' && !a.maintained;

/** Plain attributes first: where one column feeds two paths (userName and a work email), the plain one wins. */
function writeOrder(resource: ResourceMapping): MappedAttribute[] {
  const all = resource.attributes.filter(writable);
  return [...all.filter((a) => !a.element), ...all.filter((a) => a.element)];
}

interface ColumnInput {
  /** The attribute that names the column in messages: the plain one where two paths share it. */
  readonly attr: MappedAttribute;
  /** One value per attribute feeding the column, in write order; `undefined` = not in the resource. */
  readonly values: readonly (MapColumnValue | undefined)[];
  /** The attributes behind `values`, in the same order. */
  readonly attrs: readonly MappedAttribute[];
}

/** Each writable column's candidate values in a resource. */
function columnValues(resource: ResourceMapping, body: Json): Map<string, ColumnInput> {
  const out = new Map<string, ColumnInput>();
  for (const attr of writeOrder(resource)) {
    const raw = valueAt(resource, body, attr);
    const value = raw === undefined ? undefined : scimToColumn(attr, raw, rulesOf(resource));
    const seen = out.get(rowKey(attr.column));
    out.set(rowKey(attr.column), { attr: seen?.attr ?? attr, values: [...(seen?.values ?? []), value], attrs: [...(seen?.attrs ?? []), attr] });
  }
  return out;
}

/** On create, the first path that gives the column a value wins. */
const firstGiven = (input: ColumnInput) => input.values.find((v) => v !== undefined && v !== null) ?? input.values.find((v) => v !== undefined);

/**
 * On update the new resource is whole, so a path it leaves out is cleared; where two paths share
 * a column (userName and the work email), the one whose value changed is what the client meant.
 */
function changedValue(input: ColumnInput, previous: MapColumnValue | undefined): MapColumnValue | undefined {
  const values = input.values.map((v) => v ?? null);
  const changed = values.findIndex((v) => !same(v, previous));
  return changed >= 0 ? values[changed] : previous;
}

const same = (a: MapColumnValue | undefined, b: MapColumnValue | undefined) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);

function rejectUnknown(resource: ResourceMapping, body: Json): void {
  if (!resource.strict) return;
  const dropped = droppedElements(resource, body)[0];
  if (dropped) {
    throw ScimError.of('invalidValue', `"${dropped.attribute}": an element of type ${JSON.stringify(dropped.type ?? null)} is not stored by this server (strict mode); it keeps ${dropped.attribute} of type ${dropped.kept.map((t) => JSON.stringify(t)).join(', ')}.`);
  }
  const unknown = unknownAttributes(resource, body);
  if (unknown.length > 0) {
    throw ScimError.of('invalidSyntax', `Attribute${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not mapped by this server (strict mode); remove ${unknown.length > 1 ? 'them' : 'it'} from the request or map ${unknown.length > 1 ? 'them' : 'it'} in the config.`);
  }
}

/** A required attribute needs a value: null, absent and the empty string (a userName of "") are none. */
const missing = (value: MapColumnValue | undefined) => value === undefined || value === null || value === '';

/**
 * Where a required attribute shares its column with another path (userName and the work email in
 * one `email` column) and the request keeps the first but leaves out the second, the column would
 * be cleared by the path left out: say so, rather than "userName is required" for a request that
 * sends a userName.
 */
function sharedColumnCause(input: ColumnInput, previous: MapColumnValue | undefined): ScimError | undefined {
  const cleared = input.values.findIndex((v) => !same(v ?? null, previous));
  const by = input.attrs[cleared];
  const kept = input.attrs.find((_, i) => !missing(input.values[i]));
  if (by === undefined || kept === undefined || by === kept) return undefined;
  return ScimError.of('invalidValue', `"${by.key}" is left out (or empty), which would clear column ${by.column.name}; that column also holds "${kept.key}", which is required. Send "${by.key}" too, with the same value as "${kept.key}".`);
}

function requireValue(attr: MappedAttribute): ScimError {
  return ScimError.of('invalidValue', `Attribute "${attr.key}" is required and cannot be empty.`);
}

function uniqueChecks(columns: Readonly<Record<string, MapColumnValue>>, attrs: Iterable<{ attr: MappedAttribute }>): UniqueCheck[] {
  const checks: UniqueCheck[] = [];
  for (const { attr } of attrs) {
    const value = columns[rowKey(attr.column)];
    if (attr.characteristics.uniqueness !== 'none' && value !== undefined && value !== null) checks.push({ attr, value });
  }
  return checks;
}

/** POST: every attribute the body gives; required ones must be there. */
export function planCreate(resource: ResourceMapping, body: Json): WritePlan {
  rejectUnknown(resource, body);
  const values = columnValues(resource, body);
  const columns: Record<string, MapColumnValue> = {};
  const references: ReferenceCheck[] = [];
  for (const [column, input] of values) {
    const { attr } = input;
    const value = firstGiven(input);
    if (attr.characteristics.required && missing(value)) throw requireValue(attr);
    if (value !== undefined && value !== null) {
      const reference = checkWrite(attr, value);
      if (reference) references.push(reference);
      columns[column] = value;
    }
    // A new row starts with every `also` condition clear, so active=true reads true.
    if (writesTrue(attr, value)) Object.assign(columns, alsoWrites(attr));
  }
  for (const attr of resource.attributes) if (attr.maintained) columns[rowKey(attr.column)] = NOW;
  // Scope values are written unless an attribute already wrote one the scope allows (active=false → user_type 1 of [0, 1, 3]).
  // A null scope value of a side table (`bots.userid: null`: no bot row) is not written: it would create that row.
  for (const s of resource.scope) {
    if (s.write === undefined || (s.write === null && s.column.table !== undefined) || allows(s, columns[rowKey(s.column)])) continue;
    columns[rowKey(s.column)] = s.write;
  }
  const written = withDerived(resource, columns);
  return { columns: { ...insertDefaults(resource), ...liveMarker(resource), ...written }, uniqueChecks: uniqueChecks(written, values.values()), referenceChecks: references };
}

/** A new row is live: a soft-delete marker whose live value is not NULL (DeleteAt = 0) is written. */
function liveMarker(resource: ResourceMapping): Record<string, MapColumnValue> {
  const del = resource.delete;
  return del.mode === 'soft' && del.live !== null ? { [rowKey(del.column)]: del.live } : {};
}

const allows = (s: ScopeCondition, value: MapColumnValue | undefined): boolean =>
  value !== undefined && value !== NOW && s.values.some((v) => v === value || String(v) === String(value)) !== s.negated;

/** The constant `defaults:` value of a column, which clearing its attribute writes instead of NULL. */
function resetValue(resource: ResourceMapping, key: string): MapColumnValue | undefined {
  const found = (resource.insertDefaults ?? []).find((d) => rowKey(d.column) === key);
  const value = found?.value;
  return value === undefined || typeof value === 'symbol' || isOwnerColumn(value) ? undefined : value;
}

/** `defaults:` — columns no attribute maps, filled on create only (generators resolved by sql/write.ts). */
function insertDefaults(resource: ResourceMapping): Record<string, DefaultColumnValue> {
  return Object.fromEntries((resource.insertDefaults ?? []).map((d) => [rowKey(d.column), d.value]));
}

/** What reactivating writes into the `also` columns of a boolean: each one's "true" value. */
function alsoWrites(attr: MappedAttribute): Record<string, MapColumnValue> {
  return Object.fromEntries((attr.also ?? []).map((c) => [rowKey(c.column), trueValue(c)]));
}

/** The column value a condition (or a boolean attribute's own column) is written for `true`. */
function trueValue(c: Pick<Condition, 'suspension' | 'valueMap'>): MapColumnValue {
  if (c.suspension) return null;
  const entry = c.valueMap?.entries.find((e) => e.scim === true);
  return entry ? entry.write : true;
}

/** Whether `value`, written into a boolean-with-`also`'s own column, is its "true". */
function writesTrue(attr: MappedAttribute, value: MapColumnValue | undefined): boolean {
  if (attr.also === undefined || value === undefined) return false;
  const truth = trueValue(attr);
  return value === truth || (truth === true && value === 1);
}

/** Derived columns follow their source wherever the source is written. */
function withDerived(resource: ResourceMapping, columns: Record<string, MapColumnValue>): Record<string, MapColumnValue> {
  const out = { ...columns };
  for (const d of resource.derived ?? []) {
    const source = columns[rowKey(d.from)];
    if (source === undefined || source === NOW) continue;
    const value = deriveValue(d.transforms, source) as ColumnValue;
    checkDerived(d, value);
    out[rowKey(d.column)] = value;
  }
  return out;
}

/**
 * PUT (RFC 7644 §3.5.1) and PATCH (applied first, then diffed): `after` is the whole new
 * resource. A writable attribute it leaves out is cleared. On PUT, writeOnly and immutable
 * attributes left out are kept: a client cannot send back what it was never shown, and §3.5.1
 * lets omitted attributes be "not asserted"; a PATCH result is complete, so there absent = removed.
 * A column that cannot hold NULL cannot be cleared (400 invalidValue, never a database error).
 */
export function planUpdate(resource: ResourceMapping, before: Json, after: Json, kind: 'put' | 'patch' = 'put'): WritePlan {
  rejectUnknown(resource, after);
  const old = columnValues(resource, before);
  const next = columnValues(resource, after);
  const columns: Record<string, MapColumnValue> = {};
  const references: ReferenceCheck[] = [];
  for (const [column, input] of next) {
    const { attr } = input;
    const oldInput = old.get(column);
    const previous = oldInput ? firstGiven(oldInput) : undefined;
    const absent = input.values.every((v) => v === undefined);
    // RFC 7644 §3.5.1: a readWrite attribute a PUT omits "MAY be assumed to be not asserted"; one
    // whose column cannot be emptied (NOT NULL) is kept rather than refused.
    const fallback = resetValue(resource, column);
    const keep = absent && kind === 'put' && (attr.characteristics.mutability === 'writeOnly' || attr.characteristics.mutability === 'immutable' || (!attr.column.nullable && fallback === undefined && (!attr.characteristics.required || attr.requiredByColumn === true)));
    // Clearing an attribute whose column has a constant default resets it to that (RFC 7644 §3.5.1 "MAY assign a default value").
    const wanted = keep ? previous : changedValue(input, previous) ?? fallback ?? null;
    if (attr.characteristics.required && missing(wanted)) throw sharedColumnCause(input, previous) ?? requireValue(attr);
    if (same(previous, wanted)) continue;
    if (wanted === null && !attr.column.nullable) {
      throw ScimError.of('invalidValue', `Attribute "${attr.key}" cannot be removed: its column "${attr.column.name}" holds no empty value; set it instead.`);
    }
    if (attr.characteristics.mutability === 'immutable' && previous !== undefined && previous !== null) {
      throw ScimError.of('mutability', `Attribute "${attr.key}" is immutable: it was set on creation and cannot be changed.`);
    }
    const reference = checkWrite(attr, wanted ?? null);
    if (reference) references.push(reference);
    columns[column] = wanted ?? null;
    // Reactivating clears the other conditions too (a running suspension), or active would still read false.
    if (writesTrue(attr, wanted)) Object.assign(columns, alsoWrites(attr));
  }
  if (Object.keys(columns).length > 0) {
    for (const attr of resource.attributes) if (attr.maintained === 'lastModified') columns[rowKey(attr.column)] = NOW;
  }
  const written = withDerived(resource, columns);
  return { columns: written, uniqueChecks: uniqueChecks(written, next.values()), referenceChecks: references };
}

/** The `schemas` of a POST/PUT body: when given it must be a list of strings naming the core schema. */
export function checkSchemas(resource: ResourceMapping, body: Json): void {
  const schemas = lookup(body, 'schemas');
  if (schemas === undefined) return;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    throw ScimError.of('invalidSyntax', '"schemas" must be a list of schema URNs.');
  }
  if (!schemas.some((s) => String(s).toLowerCase() === resource.core.id.toLowerCase())) {
    throw ScimError.of('invalidSyntax', `"schemas" must include "${resource.core.id}".`);
  }
}


/** A write that changed only other tables still bumps meta.lastModified (and so the version). */
export function touched(resource: ResourceMapping): WritePlan | undefined {
  const columns: Record<string, MapColumnValue> = {};
  for (const attr of resource.attributes) if (attr.maintained === 'lastModified') columns[rowKey(attr.column)] = NOW;
  return Object.keys(columns).length > 0 ? { columns, uniqueChecks: [] } : undefined;
}
