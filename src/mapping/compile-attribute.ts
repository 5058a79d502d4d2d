/**
 * One `attributes:` entry → a MappedAttribute: the path resolved against the resource's schemas,
 * the column checked against the live table, characteristics defaulted from RFC 7643, and the
 * `map:` checked to be usable in both directions.
 */
import type { RawAttribute, RawCondition, RawMapValue } from '../config/raw-types.js';
import type { Filter, PatchPath } from '../scim/filter/ast.js';
import { parsePatchPath } from '../scim/path.js';
import { suggestion } from '../util/did-you-mean.js';
import type { SchemaAttribute, SchemaDefinition, ScimAttrType } from './core-schemas.js';
import { COMMON_ATTRIBUTES } from './core-schemas.js';
import { lookupColumn, type ColumnLookup, type ColumnSpace } from './compile-columns.js';
import { compileKeyedColumn, isKeyed } from './compile-keyed.js';
import type { ColumnKind, DbSchema, DbTable } from './db-schema.js';
import type { Problems } from './problems.js';
import { NOW, type Characteristics, type ColumnRef, type Condition, type ElementSelector, type MapColumnValue, type MappedAttribute, type ValueMap } from './types.js';

export interface AttributeContext {
  readonly resource: string;
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
  readonly table: DbTable;
  readonly problems: Problems;
  /** The resource's table and its joined side tables; default: the table alone. */
  readonly space?: ColumnSpace;
  /** The whole schema (key-value tables); default: just the table. */
  readonly db?: DbSchema;
  /** The resource's id column (the owner key of key-value rows). */
  readonly idColumn?: ColumnRef;
  /** Column names `defaults:` fills when a create gives no value: not required by their NOT NULL. */
  readonly defaulted?: ReadonlySet<string>;
}

interface Resolved {
  readonly schema: string;
  readonly attribute: SchemaAttribute;
  readonly leaf: SchemaAttribute;
  readonly sub?: string;
  readonly element?: ElementSelector;
}

export function compileAttribute(ctx: AttributeContext, key: string, raw: string | RawAttribute): MappedAttribute | undefined {
  const spec: RawAttribute = typeof raw === 'string' ? { column: raw } : raw;
  const at = ['resources', ctx.resource, 'attributes', key];
  const resolved = resolveKey(ctx, key, at);
  if (!resolved) return undefined;
  const found = isKeyed(spec) ? compileKeyedColumn(ctx, at, spec) : lookupColumn(ctx.space ?? { table: ctx.table, sides: [] }, spec.column);
  if (!found.found) {
    ctx.problems.add(typeof raw === 'string' ? at : [...at, 'column'], found.problem, found.hint);
    return undefined;
  }
  const { column } = found;
  const type: ScimAttrType = spec.type ?? resolved.leaf.type;
  const filled = column.hasDefault || isKeyed(spec) || ctx.defaulted?.has(spec.column) === true;
  const characteristics = compileCharacteristics(ctx, at, resolved, spec, !column.nullable && !filled, column.generated === true);
  if (!characteristics) return undefined;
  const ref = withEpoch(ctx, at, spec, found, type);
  if (!ref) return undefined;
  const valueMap = spec.map ? compileValueMap(ctx, [...at, 'map'], spec.map, type, characteristics.mutability !== 'readOnly') : undefined;
  if (spec.map && !valueMap) return undefined;
  const boolean = compileBooleanExtras(ctx, at, spec, type, found);
  if (boolean === undefined) return undefined;
  if (!valueMap && !boolean.suspension && !compatible(type, ref.epoch ? 'dateTime' : column.kind)) {
    ctx.problems.add(at, `column "${column.name}" is ${column.dataType} but ${key} is a SCIM ${type}`,
      type === 'boolean' ? `add a map, e.g. map: { true: active, false: inactive } (or { true: null, false: $now } for a timestamp, or inactiveWhile: future for a suspension)` : type === 'dateTime' && column.kind === 'integer' ? 'add epoch: seconds (or milliseconds) if it holds Unix time' : `map a ${type} column, or add a map: with the column's values`);
    return undefined;
  }
  const maintained = resolved.attribute.name === 'meta' ? maintainedBy(resolved.sub) : undefined;
  return {
    key, schema: resolved.schema, name: resolved.attribute.name, attribute: resolved.attribute, leaf: resolved.leaf, type,
    characteristics,
    column: ref,
    position: ctx.problems.positionOf(at, true),
    ...(resolved.sub !== undefined ? { sub: resolved.sub } : {}),
    ...(resolved.element ? { element: resolved.element } : {}),
    ...(valueMap ? { valueMap } : {}),
    ...(maintained ? { maintained } : {}),
    ...(boolean.suspension ? { suspension: true } : {}),
    ...(characteristics.required && spec.required === undefined && !resolved.leaf.required ? { requiredByColumn: true } : {}),
    ...(spec.transform !== undefined ? { transforms: typeof spec.transform === 'string' ? [spec.transform] : [...spec.transform] } : {}),
    ...(boolean.also.length > 0 ? { also: boolean.also } : {}),
  };
}

/** `epoch:` makes an integer column a dateTime stored as Unix time. */
function withEpoch(ctx: AttributeContext, at: readonly string[], spec: RawAttribute, found: Extract<ColumnLookup, { found: true }>, type: ScimAttrType): ColumnRef | undefined {
  if (spec.epoch === undefined) return found.ref;
  // A dateTime stored as Unix time, or a map that writes `$now` into one ({ true: 0, false: $now }: Mattermost's DeleteAt).
  const writesNow = Object.values(spec.map ?? {}).some((v) => v === '$now' || (Array.isArray(v) && v.includes('$now')));
  if (found.column.kind !== 'integer' || (type !== 'dateTime' && !writesNow)) {
    ctx.problems.add([...at, 'epoch'], `epoch is for an integer column behind a dateTime (or a map writing $now); "${found.column.name}" is ${found.column.dataType} and the attribute a SCIM ${type}`, 'remove epoch', true);
    return undefined;
  }
  return { ...found.ref, epoch: spec.epoch };
}

/** `inactiveWhile: future` and `also:` on a boolean: what they add, or undefined after a problem. */
function compileBooleanExtras(ctx: AttributeContext, at: readonly string[], spec: RawAttribute, type: ScimAttrType,
  found: Extract<ColumnLookup, { found: true }>): { suspension: boolean; also: Condition[] } | undefined {
  if ((spec.inactiveWhile !== undefined || spec.also !== undefined) && type !== 'boolean') {
    ctx.problems.add(at, `inactiveWhile and also are for boolean attributes such as active; this one is a SCIM ${type}`, 'remove them', true);
    return undefined;
  }
  const suspension = spec.inactiveWhile === 'future';
  if (suspension && !isSuspensionColumn(ctx, [...at, 'inactiveWhile'], found.column.kind, found.column.name, spec.map !== undefined)) return undefined;
  const also: Condition[] = [];
  for (const [i, raw] of (spec.also ?? []).entries()) {
    const condition = compileCondition(ctx, [...at, 'also', String(i)], raw);
    if (condition === undefined) return undefined;
    also.push(condition);
  }
  return { suspension, also };
}

function isSuspensionColumn(ctx: AttributeContext, at: readonly string[], kind: ColumnKind, name: string, mapped: boolean): boolean {
  if (mapped) {
    ctx.problems.add(at, 'inactiveWhile and map cannot be combined', 'a suspension reads false while its time is in the future: remove the map', true);
    return false;
  }
  if (kind === 'dateTime' || kind === 'date' || kind === 'string' || kind === 'other') return true;
  ctx.problems.add(at, `inactiveWhile: future reads a timestamp; column "${name}" is ${kind}`, 'name a timestamp column (suspended_till, locked_until)', true);
  return false;
}

/** One `also:` entry: a flag (plain or through a map) or a suspension timestamp. */
function compileCondition(ctx: AttributeContext, at: readonly string[], raw: RawCondition): Condition | undefined {
  const found = lookupColumn(ctx.space ?? { table: ctx.table, sides: [] }, raw.column);
  if (!found.found) {
    ctx.problems.add([...at, 'column'], found.problem, found.hint);
    return undefined;
  }
  if (raw.inactiveWhile === 'future') {
    return isSuspensionColumn(ctx, at, found.column.kind, found.column.name, raw.map !== undefined) ? { column: found.ref, suspension: true } : undefined;
  }
  if (raw.map !== undefined) {
    const valueMap = compileValueMap(ctx, [...at, 'map'], raw.map, 'boolean', true);
    return valueMap ? { column: found.ref, valueMap } : undefined;
  }
  if (found.column.kind !== 'boolean' && found.column.kind !== 'integer') {
    ctx.problems.add(at, `column "${raw.column}" is ${found.column.dataType}, not a flag`, 'add a map: { true: …, false: … }, or inactiveWhile: future for a timestamp', true);
    return undefined;
  }
  return { column: found.ref };
}

function maintainedBy(sub: string | undefined): 'created' | 'lastModified' | undefined {
  return sub === 'created' || sub === 'lastModified' ? sub : undefined;
}

function parseKey(ctx: AttributeContext, key: string, at: readonly string[]): PatchPath | undefined {
  try {
    return parsePatchPath(key);
  } catch (error) {
    ctx.problems.add(at, `"${key}" is not a SCIM attribute path (${error instanceof Error ? error.message : String(error)})`,
      'write a path such as userName, name.givenName, emails[type eq "work"].value or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', true);
    return undefined;
  }
}

function resolveKey(ctx: AttributeContext, key: string, at: readonly string[]): Resolved | undefined {
  const path = parseKey(ctx, key, at);
  if (!path) return undefined;
  const name = path.attrPath.name;
  if (name.toLowerCase() === 'id' && !path.attrPath.uri) {
    ctx.problems.add(at, 'the id is not an attribute mapping', `set it with resources.${ctx.resource}.id: <column> instead`, true);
    return undefined;
  }
  const found = findAttribute(ctx, path.attrPath.uri, name);
  if (!found) {
    ctx.problems.add(at, `"${key}" is not an attribute of the ${ctx.resource} schema${path.attrPath.uri ? ` ${path.attrPath.uri}` : ''}`, unknownAttributeHint(ctx, path.attrPath.uri, name), true);
    return undefined;
  }
  const subName = path.attrPath.sub ?? path.subAttr;
  if (path.attrPath.sub !== undefined && path.subAttr !== undefined) {
    ctx.problems.add(at, `"${key}" names two sub-attributes`, 'write attr[filter].sub, e.g. emails[type eq "work"].value', true);
    return undefined;
  }
  return resolveSub(ctx, key, at, found.schema, found.attribute, subName, path.filter);
}

/** A did-you-mean among the schema's attributes, or how to make an unknown URN known. */
function unknownAttributeHint(ctx: AttributeContext, uri: string | undefined, name: string): string {
  const schemas = [ctx.core, ...ctx.extensions];
  const schema = uri === undefined ? ctx.core : schemas.find((s) => s.id.toLowerCase() === uri.toLowerCase());
  if (!schema) {
    return `${suggestion(uri ?? '', schemas.map((s) => s.id))}${ctx.resource} has no schema ${uri ?? ''}: declare it under schemas: and list it in resources.${ctx.resource}.extensions`;
  }
  const names = [...schema.attributes, ...(schema === ctx.core ? COMMON_ATTRIBUTES : [])].map((a) => a.name);
  return `${suggestion(name, names)}the attributes of ${schema.id} are: ${names.join(', ')}`;
}

function findAttribute(ctx: AttributeContext, uri: string | undefined, name: string): { schema: string; attribute: SchemaAttribute } | undefined {
  const lower = name.toLowerCase();
  const schemas = uri === undefined ? [ctx.core, ...ctx.extensions] : [ctx.core, ...ctx.extensions].filter((s) => s.id.toLowerCase() === uri.toLowerCase());
  for (const schema of schemas) {
    const own = schema === ctx.core ? [...schema.attributes, ...COMMON_ATTRIBUTES] : schema.attributes;
    const attribute = own.find((a) => a.name.toLowerCase() === lower);
    if (attribute) return { schema: schema.id, attribute };
  }
  return undefined;
}

function resolveSub(ctx: AttributeContext, key: string, at: readonly string[], schema: string, attribute: SchemaAttribute,
  subName: string | undefined, filter: Filter | undefined): Resolved | undefined {
  if (attribute.type !== 'complex') {
    if (subName !== undefined || filter) {
      ctx.problems.add(at, `${attribute.name} is a simple attribute: it has no sub-attributes or filters`, `map it as ${attribute.name}`, true);
      return undefined;
    }
    return { schema, attribute, leaf: attribute };
  }
  const subs = attribute.subAttributes ?? [];
  const leaf = subName === undefined ? undefined : subs.find((s) => s.name.toLowerCase() === subName.toLowerCase());
  if (!leaf) {
    const names = subs.map((s) => s.name);
    ctx.problems.add(at, subName === undefined ? `${attribute.name} is complex: a column feeds one of its sub-attributes` : `"${subName}" is not a sub-attribute of ${attribute.name}`,
      `${subName ? suggestion(subName, names) : ''}map one of ${names.map((n) => `${attribute.name}${attribute.multiValued ? '[type eq "work"]' : ''}.${n}`).join(', ')}`, true);
    return undefined;
  }
  if (!attribute.multiValued) {
    if (filter) {
      ctx.problems.add(at, `${attribute.name} is single-valued: a [filter] applies only to multi-valued attributes`, `write ${attribute.name}.${leaf.name}`, true);
      return undefined;
    }
    return { schema, attribute, leaf, sub: leaf.name };
  }
  const constants = filter ? elementConstants(filter, subs) : {};
  if (!constants) {
    ctx.problems.add(at, `the filter in "${key}" must be equality tests on sub-attributes joined by "and"`, 'e.g. emails[type eq "work"].value or emails[type eq "work" and primary eq true].value', true);
    return undefined;
  }
  return { schema, attribute, leaf, sub: leaf.name, element: { constants } };
}

/** `type eq "work" and primary eq true` → {type: 'work', primary: true}; anything else → undefined. */
function elementConstants(filter: Filter, subs: readonly SchemaAttribute[]): Record<string, string | boolean> | undefined {
  if (filter.kind === 'and') {
    const left = elementConstants(filter.left, subs);
    const right = elementConstants(filter.right, subs);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.attrPath.sub !== undefined || filter.attrPath.uri !== undefined) return undefined;
  const sub = subs.find((s) => s.name.toLowerCase() === filter.attrPath.name.toLowerCase());
  if (!sub || (typeof filter.value !== 'string' && typeof filter.value !== 'boolean')) return undefined;
  return { [sub.name]: filter.value };
}

function compileCharacteristics(ctx: AttributeContext, at: readonly string[], resolved: Resolved, spec: RawAttribute, columnRequired: boolean, generated: boolean): Characteristics | undefined {
  const leaf = resolved.leaf;
  // A generated column is computed by the database: it can be read and filtered on, never written.
  const inheritedReadOnly = resolved.attribute.mutability === 'readOnly' || leaf.mutability === 'readOnly' || generated;
  if (inheritedReadOnly && spec.mutability !== undefined && spec.mutability !== 'readOnly') {
    ctx.problems.add([...at, 'mutability'], `${resolved.attribute.name}${resolved.sub ? `.${resolved.sub}` : ''} is readOnly in RFC 7643 and cannot be made ${spec.mutability}`, 'remove the mutability key', true);
    return undefined;
  }
  const mutability = spec.mutability ?? (inheritedReadOnly ? 'readOnly' : leaf.mutability);
  return {
    mutability,
    returned: spec.returned ?? leaf.returned,
    // A NOT NULL column without a default must be given on create: say so up front, not as a DB error.
    required: spec.required ?? (leaf.required || (columnRequired && mutability !== 'readOnly')),
    uniqueness: spec.uniqueness ?? leaf.uniqueness,
    caseExact: spec.caseExact ?? leaf.caseExact,
  };
}

/** Which column kinds can hold a SCIM type without a `map:`. */
function compatible(type: ScimAttrType, kind: ColumnKind): boolean {
  switch (type) {
    case 'boolean': return kind === 'boolean' || kind === 'integer';
    case 'dateTime': return kind === 'dateTime' || kind === 'string' || kind === 'other';
    case 'integer': case 'decimal': return kind === 'integer' || kind === 'decimal' || kind === 'string' || kind === 'other';
    case 'complex': return false;
    default: return kind !== 'boolean' && kind !== 'json' && kind !== 'binary';
  }
}

const asList = (v: RawMapValue | readonly RawMapValue[]): readonly RawMapValue[] => (Array.isArray(v) ? v : [v as RawMapValue]);
const toMapValue = (v: RawMapValue): MapColumnValue => (v === '$now' ? NOW : v);

function compileValueMap(ctx: AttributeContext, at: readonly string[], raw: Readonly<Record<string, RawMapValue | readonly RawMapValue[]>>,
  type: ScimAttrType, writable: boolean): ValueMap | undefined {
  const entries = [];
  for (const [scimKey, columnValues] of Object.entries(raw)) {
    const scim = type === 'boolean' ? parseBooleanKey(scimKey) : type === 'integer' || type === 'decimal' ? Number(scimKey) : scimKey;
    if (scim === undefined || (typeof scim === 'number' && Number.isNaN(scim))) {
      ctx.problems.add([...at, scimKey], `"${scimKey}" is not a SCIM ${type} value`, type === 'boolean' ? 'the keys of a boolean map are true and false' : `use ${type} values as keys`, true);
      return undefined;
    }
    const read = asList(columnValues).map(toMapValue);
    if (read.length === 0) {
      ctx.problems.add([...at, scimKey], 'an empty list maps to nothing', 'give at least one column value; the first one is written', true);
      return undefined;
    }
    entries.push({ scim, write: read[0] as MapColumnValue, read });
  }
  if (writable && !checkBijection(ctx, at, entries, type)) return undefined;
  return { entries };
}

function parseBooleanKey(key: string): boolean | undefined {
  return key === 'true' ? true : key === 'false' ? false : undefined;
}

/** A writable map must write distinct values and read back what it wrote; a boolean map needs both keys. */
function checkBijection(ctx: AttributeContext, at: readonly string[], entries: readonly { scim: string | number | boolean; read: readonly MapColumnValue[] }[], type: ScimAttrType): boolean {
  if (type === 'boolean' && entries.length !== 2) {
    ctx.problems.add(at, 'the map of a writable boolean needs both true and false', 'e.g. map: { true: active, false: deprovisioned }, or set mutability: readOnly');
    return false;
  }
  const seen = new Map<string, string>();
  for (const entry of entries) {
    for (const value of entry.read) {
      const id = value === NOW ? '$now' : JSON.stringify(value);
      const other = seen.get(id);
      if (other !== undefined) {
        ctx.problems.add(at, `the map is not a bijection: ${other} and ${JSON.stringify(entry.scim)} both map to ${id}`,
          'give each SCIM value its own column values, or set mutability: readOnly if the attribute is never written');
        return false;
      }
      seen.set(id, JSON.stringify(entry.scim));
    }
  }
  return true;
}
