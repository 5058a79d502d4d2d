/**
 * Old resource vs new resource → the column writes, as plain data (no knex). POST, PUT and PATCH
 * all end here: the new resource goes through the mapping, readOnly attributes are never
 * written, immutable ones may only be set once, required ones may not be cleared, and only
 * columns whose value changes are written.
 */
import { ScimError } from '../errors.js';
import { NOW, type MapColumnValue, type MappedAttribute, type ResourceMapping } from '../mapping/types.js';
import { scimToColumn } from '../mapping/values.js';
import { lookup, unknownAttributes, valueAt, type Json } from './resource-values.js';

export interface UniqueCheck {
  readonly attr: MappedAttribute;
  readonly value: MapColumnValue;
}

export interface WritePlan {
  /** Column → value, only the columns that change (plus maintained timestamps). */
  readonly columns: Readonly<Record<string, MapColumnValue>>;
  /** Values that must not exist on another live row (uniqueness server/global). */
  readonly uniqueChecks: readonly UniqueCheck[];
}

const writable = (a: MappedAttribute) => a.characteristics.mutability !== 'readOnly' && !a.maintained;

/** Plain attributes first: where one column feeds two paths (userName and a work email), the plain one wins. */
function writeOrder(resource: ResourceMapping): MappedAttribute[] {
  const all = resource.attributes.filter(writable);
  return [...all.filter((a) => !a.element), ...all.filter((a) => a.element)];
}

/** Each writable column's value in a resource: `undefined` where the resource says nothing about it. */
function columnValues(resource: ResourceMapping, body: Json): Map<string, { attr: MappedAttribute; value: MapColumnValue | undefined }> {
  const out = new Map<string, { attr: MappedAttribute; value: MapColumnValue | undefined }>();
  for (const attr of writeOrder(resource)) {
    const raw = valueAt(resource, body, attr);
    const value = raw === undefined ? undefined : scimToColumn(attr, raw);
    const seen = out.get(attr.column.name);
    if (!seen || (seen.value === undefined || seen.value === null)) out.set(attr.column.name, { attr, value: value ?? seen?.value });
  }
  return out;
}

const same = (a: MapColumnValue | undefined, b: MapColumnValue | undefined) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);

function rejectUnknown(resource: ResourceMapping, body: Json): void {
  if (!resource.strict) return;
  const unknown = unknownAttributes(resource, body);
  if (unknown.length > 0) {
    throw ScimError.of('invalidSyntax', `Attribute${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not mapped by this server (strict mode); remove ${unknown.length > 1 ? 'them' : 'it'} from the request or map ${unknown.length > 1 ? 'them' : 'it'} in the config.`);
  }
}

function requireValue(attr: MappedAttribute): ScimError {
  return ScimError.of('invalidValue', `Attribute "${attr.key}" is required and cannot be empty.`);
}

function uniqueChecks(columns: Readonly<Record<string, MapColumnValue>>, attrs: Iterable<{ attr: MappedAttribute }>): UniqueCheck[] {
  const checks: UniqueCheck[] = [];
  for (const { attr } of attrs) {
    const value = columns[attr.column.name];
    if (attr.characteristics.uniqueness !== 'none' && value !== undefined && value !== null) checks.push({ attr, value });
  }
  return checks;
}

/** POST: every attribute the body gives; required ones must be there. */
export function planCreate(resource: ResourceMapping, body: Json): WritePlan {
  rejectUnknown(resource, body);
  const values = columnValues(resource, body);
  const columns: Record<string, MapColumnValue> = {};
  for (const [column, { attr, value }] of values) {
    if (value !== undefined && value !== null) columns[column] = value;
    else if (attr.characteristics.required) throw requireValue(attr);
  }
  for (const attr of resource.attributes) if (attr.maintained) columns[attr.column.name] = NOW;
  for (const s of resource.scope) columns[s.column.name] = s.value;
  return { columns, uniqueChecks: uniqueChecks(columns, values.values()) };
}

/**
 * PUT (RFC 7644 §3.5.1) and PATCH (applied first, then diffed): `after` is the whole new
 * resource. A writable attribute it leaves out is cleared, except writeOnly ones (a client
 * cannot send back what it was never shown, so a PUT without the password keeps it).
 */
export function planUpdate(resource: ResourceMapping, before: Json, after: Json): WritePlan {
  rejectUnknown(resource, after);
  const old = columnValues(resource, before);
  const next = columnValues(resource, after);
  const columns: Record<string, MapColumnValue> = {};
  for (const [column, { attr, value }] of next) {
    const previous = old.get(column)?.value;
    const wanted = value === undefined && attr.characteristics.mutability === 'writeOnly' ? previous : value ?? null;
    if ((wanted === null) && attr.characteristics.required) throw requireValue(attr);
    if (same(previous, wanted)) continue;
    if (attr.characteristics.mutability === 'immutable' && previous !== undefined && previous !== null) {
      throw ScimError.of('mutability', `Attribute "${attr.key}" is immutable: it was set on creation and cannot be changed.`);
    }
    columns[column] = wanted ?? null;
  }
  if (Object.keys(columns).length > 0) {
    for (const attr of resource.attributes) if (attr.maintained === 'lastModified') columns[attr.column.name] = NOW;
  }
  return { columns, uniqueChecks: uniqueChecks(columns, next.values()) };
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

