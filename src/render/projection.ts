/**
 * RFC 7644 §3.4.2.5 / §3.9: which attributes a response carries. `returned: never` never leaves
 * the server, `always` always does, `request` only when named in `attributes`; `attributes`
 * narrows to what it names (plus `always`), `excludedAttributes` removes what it names (except
 * `always`). Names match case-insensitively; names that are no attribute of the resource are ignored.
 */
import type { SchemaAttribute } from '../mapping/core-schemas.js';
import { findSchemaAttribute } from '../mapping/resolve.js';
import { rowKey, type MappedAttribute, type ResourceMapping } from '../mapping/types.js';
import type { AttrPath } from '../scim/filter/ast.js';
import type { ScimResource } from './resource.js';

export interface Projection {
  readonly attributes: readonly AttrPath[];
  readonly excludedAttributes: readonly AttrPath[];
}

export const FULL: Projection = { attributes: [], excludedAttributes: [] };

interface Target { readonly schema: string; readonly name: string; readonly sub?: string }

function targets(resource: ResourceMapping, paths: readonly AttrPath[]): Target[] {
  return paths.flatMap((p) => {
    const found = findSchemaAttribute(resource, p);
    if (!found) return [];
    const sub = p.sub === undefined ? undefined : found.attribute.subAttributes?.find((s) => s.name.toLowerCase() === p.sub?.toLowerCase())?.name;
    return [{ schema: found.schema.id, name: found.attribute.name, ...(sub !== undefined ? { sub } : {}) }];
  });
}

const named = (list: readonly Target[], schema: string, name: string) => list.filter((t) => t.schema === schema && t.name === name);

export function projectResource(resource: ResourceMapping, full: ScimResource, projection: Projection): ScimResource {
  if (projection.attributes.length === 0 && projection.excludedAttributes.length === 0) return projectFull(resource, full);
  const include = targets(resource, projection.attributes);
  const exclude = targets(resource, projection.excludedAttributes);
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(full)) {
    if (key === 'schemas' || key === 'id') { out[key] = value; continue; }
    const extension = resource.extensions.find((e) => e.id === key);
    if (extension) {
      const kept = projectContainer(resource, extension.id, extension.attributes, value as Record<string, unknown>, include, exclude, projection.attributes.length > 0);
      if (Object.keys(kept).length > 0) out[key] = kept;
      continue;
    }
    const kept = projectContainer(resource, resource.core.id, resource.core.attributes, { [key]: value }, include, exclude, projection.attributes.length > 0, key === 'meta' || key === 'externalId');
    Object.assign(out, kept);
  }
  return out;
}

/** What a response without `attributes`/`excludedAttributes` does with one attribute. */
interface KeyRule { readonly drop: boolean; readonly hidden: readonly string[] }
const KEY_RULES = new WeakMap<ResourceMapping, Map<string, Map<string, KeyRule>>>();

function keyRule(resource: ResourceMapping, schema: string, name: string, def: SchemaAttribute | undefined, common: boolean): KeyRule {
  let bySchema = KEY_RULES.get(resource);
  if (bySchema === undefined) { bySchema = new Map(); KEY_RULES.set(resource, bySchema); }
  let byName = bySchema.get(schema);
  if (byName === undefined) { byName = new Map(); bySchema.set(schema, byName); }
  let rule = byName.get(name);
  if (rule === undefined) {
    const returned = common ? 'default' : effectiveReturned(resource, schema, name, def?.returned ?? 'default');
    rule = { drop: returned === 'never' || returned === 'request', hidden: hiddenSubs(resource, schema, name) };
    byName.set(name, rule);
  }
  return rule;
}

/**
 * The common case, a response with neither `attributes` nor `excludedAttributes` (every list page
 * of a walk): what projectContainer decides, worked out once per attribute and resource.
 */
function projectFull(resource: ResourceMapping, full: ScimResource): ScimResource {
  const out: ScimResource = {};
  for (const key of Object.keys(full)) {
    const value = full[key];
    if (key === 'schemas' || key === 'id') { out[key] = value; continue; }
    const extension = resource.extensions.find((e) => e.id === key);
    if (extension !== undefined) {
      const kept: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        const rule = keyRule(resource, extension.id, name, extension.attributes.find((d) => d.name === name), false);
        if (!rule.drop) kept[name] = stripSubs(inner, rule.hidden);
      }
      if (Object.keys(kept).length > 0) out[key] = kept;
      continue;
    }
    const rule = keyRule(resource, resource.core.id, key, resource.core.attributes.find((d) => d.name === key), key === 'meta' || key === 'externalId');
    if (!rule.drop) out[key] = stripSubs(value, rule.hidden);
  }
  return out;
}

function stripSubs(value: unknown, hidden: readonly string[]): unknown {
  if (hidden.length === 0) return value;
  const strip = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([k]) => !hidden.includes(k))) : v);
  return Array.isArray(value) ? value.map(strip) : strip(value);
}

function projectContainer(resource: ResourceMapping, schema: string, defs: readonly SchemaAttribute[], container: Record<string, unknown>,
  include: readonly Target[], exclude: readonly Target[], narrowing: boolean, common = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(container)) {
    const def = defs.find((d) => d.name === name);
    const returned = common ? 'default' : effectiveReturned(resource, schema, name, def?.returned ?? 'default');
    if (returned === 'never') continue;
    const schemaForCommon = common ? resource.core.id : schema;
    const inc = named(include, schemaForCommon, name);
    const exc = named(exclude, schemaForCommon, name);
    if (returned !== 'always') {
      if ((narrowing || returned === 'request') && inc.length === 0) continue;
      if (exc.some((t) => t.sub === undefined)) continue;
    }
    out[name] = dropHiddenSubs(resource, schema, name, narrowSubs(value, def, inc, exc, returned === 'always'));
  }
  return out;
}

/**
 * `returned` as the mapping configures it: a writeOnly attribute (RFC 7643 §7: "never returned")
 * or one set to `returned: never` is never sent, whatever the schema's default.
 */
/** Per resource, what never changes between requests: memoised because every rendered attribute asks. */
const MEMO = new WeakMap<ResourceMapping, Map<string, unknown>>();
function memo<T>(resource: ResourceMapping, key: string, compute: () => T): T {
  let map = MEMO.get(resource);
  if (map === undefined) { map = new Map(); MEMO.set(resource, map); }
  if (!map.has(key)) map.set(key, compute());
  return map.get(key) as T;
}

function effectiveReturned(resource: ResourceMapping, schema: string, name: string, fallback: string): string {
  return memo(resource, `returned ${schema} ${name} ${fallback}`, () => computeReturned(resource, schema, name, fallback));
}

function computeReturned(resource: ResourceMapping, schema: string, name: string, fallback: string): string {
  const mapped = resource.attributes.filter((a) => a.schema === schema && a.name === name && a.sub === undefined);
  const hidden = (a: MappedAttribute) => a.characteristics.mutability === 'writeOnly' || a.characteristics.returned === 'never';
  if (mapped.length > 0 && mapped.every(hidden)) return 'never';
  return mapped[0]?.characteristics.returned ?? fallback;
}

/** Sub-attributes mapped as writeOnly or `returned: never` (e.g. `name.middleName`) are dropped too. */
function dropHiddenSubs(resource: ResourceMapping, schema: string, name: string, value: unknown): unknown {
  return stripSubs(value, hiddenSubs(resource, schema, name));
}

function hiddenSubs(resource: ResourceMapping, schema: string, name: string): readonly string[] {
  return memo(resource, `hidden ${schema} ${name}`, () => resource.attributes.filter((a) => a.schema === schema && a.name === name && a.sub !== undefined
    && (a.characteristics.mutability === 'writeOnly' || a.characteristics.returned === 'never')).map((a) => a.sub as string));
}

/** `attributes=name.givenName` keeps only that sub-attribute; `excludedAttributes=emails.type` drops one. */
function narrowSubs(value: unknown, def: SchemaAttribute | undefined, inc: readonly Target[], exc: readonly Target[], always: boolean): unknown {
  const keepOnly = inc.every((t) => t.sub !== undefined) && inc.length > 0 ? new Set(inc.map((t) => t.sub)) : undefined;
  const drop = new Set(always ? [] : exc.filter((t) => t.sub !== undefined).map((t) => t.sub));
  if (!keepOnly && drop.size === 0) return value;
  const subReturned = (n: string) => def?.subAttributes?.find((s) => s.name === n)?.returned;
  const pick = (obj: Record<string, unknown>) => Object.fromEntries(Object.entries(obj)
    .filter(([n]) => subReturned(n) === 'always' || ((!keepOnly || keepOnly.has(n)) && !drop.has(n))));
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? pick(v as Record<string, unknown>) : v));
  return typeof value === 'object' && value !== null ? pick(value as Record<string, unknown>) : value;
}

/**
 * Whether a response under `projection` carries an attribute (decided before reading it, so an
 * excluded relation, such as `excludedAttributes=members`, is never loaded).
 */
export function wantsAttribute(resource: ResourceMapping, schema: string, name: string, returned: string, projection: Projection): boolean {
  if (returned === 'never') return false;
  if (returned === 'always') return true;
  const include = named(targets(resource, projection.attributes), schema, name);
  if ((projection.attributes.length > 0 || returned === 'request') && include.length === 0) return false;
  return !named(targets(resource, projection.excludedAttributes), schema, name).some((t) => t.sub === undefined);
}

/**
 * The own-table columns a response under `projection` shows, decided before the SELECT so a
 * narrow request reads a narrow row. The key and the sort key are the reader's business (see
 * sql/read.ts). When the response carries `meta`, meta.version needs every mapped column (see
 * versionOf), so then all of them are read. Mirrors projectResource: when unsure, a column is kept.
 */
export function columnsFor(resource: ResourceMapping, projection: Projection): readonly string[] {
  const all = resource.attributes;
  const kept = wantsAttribute(resource, resource.core.id, 'meta', 'default', projection)
    ? all
    : all.filter((a) => !a.maintained && shows(resource, a, projection));
  return [...new Set(kept.flatMap((a) => [rowKey(a.column), ...(a.also ?? []).map((c) => rowKey(c.column))]))];
}

/** Whether `attr`'s value survives projectResource (its attribute, then its sub-attribute). */
function shows(resource: ResourceMapping, attr: MappedAttribute, projection: Projection): boolean {
  const common = attr.schema === resource.core.id && attr.name === 'externalId';
  const returned = common ? 'default' : effectiveReturned(resource, attr.schema, attr.name, attr.attribute.returned);
  if (!wantsAttribute(resource, attr.schema, attr.name, returned, projection)) return false;
  // An element held in columns (`emails[type eq "work"].value`) only renders when its column has
  // a value, so `attributes=emails.type` still needs the value column: no sub-level pruning there.
  if (attr.sub === undefined || attr.element) return true;
  if (attr.characteristics.mutability === 'writeOnly' || attr.characteristics.returned === 'never') return false;
  if (attr.leaf.returned === 'always' || returned === 'always') return true;
  const inc = named(targets(resource, projection.attributes), attr.schema, attr.name);
  const exc = named(targets(resource, projection.excludedAttributes), attr.schema, attr.name);
  const keepOnly = inc.length > 0 && inc.every((t) => t.sub !== undefined);
  if (keepOnly && !inc.some((t) => t.sub === attr.sub)) return false;
  return !exc.some((t) => t.sub === attr.sub);
}
