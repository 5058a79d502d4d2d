/**
 * PATCH operations applied to a rendered resource, in memory (RFC 7644 §3.5.2). Pure: the result
 * is diffed against the stored row by write-plan.ts. Leniencies for what identity providers really
 * send are named compatibility rules, listed in docs/compatibility.md.
 */
import { ScimError } from '../errors.js';
import type { SchemaAttribute } from '../mapping/core-schemas.js';
import { describePath, findSchemaAttribute } from '../mapping/resolve.js';
import type { ResourceMapping } from '../mapping/types.js';
import type { AttrPath, Filter } from '../scim/filter/ast.js';
import { matches, type AttrInfo } from '../scim/filter/evaluate.js';
import type { PatchOpName, PatchOperation } from '../scim/patch-request.js';
import { parsePatchPath } from '../scim/path.js';
import { isObject, lookup, normalizeBody, type Json } from './resource-values.js';

interface Target {
  readonly op: PatchOpName;
  readonly path: AttrPath;
  readonly filter?: Filter;
  readonly subAttr?: string;
  readonly value: unknown;
  /** A path the client wrote (400 on unknown) rather than a key of a no-path value object. */
  readonly explicit: boolean;
}

export function applyPatch(resource: ResourceMapping, current: Json, operations: readonly PatchOperation[]): Json {
  const doc = structuredClone(current);
  for (const operation of operations) {
    for (const target of targetsOf(resource, operation)) applyTarget(resource, doc, target);
  }
  checkReadOnly(resource, current, doc);
  return doc;
}

/** A no-path add/replace names its attributes as the keys of `value` (RFC 7644 §3.5.2.1, §3.5.2.3). */
function targetsOf(resource: ResourceMapping, operation: PatchOperation): Target[] {
  if (operation.path) {
    const { attrPath, filter, subAttr } = operation.path;
    const extension = resource.extensions.find((e) => e.id.toLowerCase() === `${attrPath.uri}:${attrPath.name}`.toLowerCase());
    // A path naming a whole extension schema: its value is an object of that schema's attributes.
    if (extension && !filter && attrPath.sub === undefined) return keysAsTargets(operation.op, { [extension.id]: operation.value }, resource);
    return [{ op: operation.op, path: attrPath, ...(filter ? { filter } : {}), ...(subAttr !== undefined ? { subAttr } : {}), value: operation.value, explicit: true }];
  }
  return keysAsTargets(operation.op, operation.value as Json, resource);
}

function keysAsTargets(op: PatchOpName, value: Json, resource: ResourceMapping): Target[] {
  const targets: Target[] = [];
  for (const [key, inner] of Object.entries(normalizeBody(resource, value))) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = resource.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (extension && isObject(inner)) {
      for (const [name, v] of Object.entries(inner)) targets.push({ op, path: { uri: extension.id, name }, value: v, explicit: false });
      continue;
    }
    // Entra writes `"name.givenName"` and `"emails[type eq \"work\"].value"` as keys (rule "dotted-keys").
    const parsed = /[.[]/.test(key) ? parsePatchPath(key) : { attrPath: { name: key } };
    targets.push({ op, path: parsed.attrPath, ...(parsed.filter ? { filter: parsed.filter } : {}), ...(parsed.subAttr !== undefined ? { subAttr: parsed.subAttr } : {}), value: inner, explicit: false });
  }
  return targets;
}

function applyTarget(resource: ResourceMapping, doc: Json, target: Target): void {
  const found = findSchemaAttribute(resource, target.path);
  if (!found) {
    if (!target.explicit && !resource.strict) return;
    throw ScimError.of('invalidPath', `"${describePath(target.path)}" is not an attribute of ${resource.name}.`);
  }
  const { schema, attribute } = found;
  const mapped = resource.attributes.some((a) => a.schema === schema.id && a.name === attribute.name);
  const virtual = attribute.name === 'id' || attribute.name === 'meta';
  if (!mapped && !virtual && attribute.mutability !== 'readOnly') {
    if (resource.strict) throw ScimError.of('invalidPath', `"${describePath(target.path)}" is not mapped by this server (strict mode).`);
    return; // like POST and PUT: attributes the mapping does not store are ignored
  }
  const container = schema.id === resource.core.id ? doc : ensureObject(doc, schema.id);
  const key = canonicalKey(container, attribute.name);
  const sub = subName(attribute, target.path.sub ?? target.subAttr);
  if (target.filter) applyFiltered(container, key, attribute, target, sub);
  else if (sub !== undefined) applySub(container, key, attribute, target.op, sub, target.value);
  else applyWhole(container, key, attribute, target.op, target.value);
}

function subName(attribute: SchemaAttribute, sub: string | undefined): string | undefined {
  if (sub === undefined) return undefined;
  const def = attribute.subAttributes?.find((s) => s.name.toLowerCase() === sub.toLowerCase());
  if (!def) throw ScimError.of('invalidPath', `"${sub}" is not a sub-attribute of ${attribute.name}.`);
  return def.name;
}

/** Renames a differently-cased key to the schema's spelling and returns that spelling. */
function canonicalKey(container: Json, name: string): string {
  const existing = Object.keys(container).find((k) => k.toLowerCase() === name.toLowerCase());
  if (existing !== undefined && existing !== name) {
    container[name] = container[existing];
    delete container[existing];
  }
  return name;
}

function ensureObject(container: Json, key: string): Json {
  const name = canonicalKey(container, key);
  if (!isObject(container[name])) container[name] = {};
  return container[name] as Json;
}

const elementsOf = (value: unknown): Json[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
  .map((v) => (isObject(v) ? v : { value: v }));

function subResolver(attribute: SchemaAttribute) {
  return (path: AttrPath): AttrInfo | undefined => {
    const def = attribute.subAttributes?.find((s) => s.name.toLowerCase() === path.name.toLowerCase());
    return def ? { type: def.type, caseExact: def.caseExact, multiValued: def.multiValued } : undefined;
  };
}

function applyFiltered(container: Json, key: string, attribute: SchemaAttribute, target: Target, sub: string | undefined): void {
  if (!attribute.multiValued) throw ScimError.of('invalidPath', `"${attribute.name}" is single-valued; a [filter] applies only to multi-valued attributes.`);
  const list = elementsOf(container[key]);
  const filter = target.filter as Filter;
  const resolve = subResolver(attribute);
  const hit = list.filter((e) => matches(filter, e, resolve));
  if (target.op === 'remove') {
    // Removing what is not there leaves the resource as it is (idempotent, as IdPs retry).
    const kept = sub === undefined ? list.filter((e) => !hit.includes(e)) : list;
    if (sub !== undefined) hit.forEach((e) => delete e[sub]);
    setList(container, key, kept);
    return;
  }
  if (hit.length === 0) {
    // Rule "filtered-replace-creates" (Entra): replacing `emails[type eq "work"].value` on a user
    // without a work email creates that element from the filter's equality tests.
    const created = constantsOf(filter);
    if (!created) throw ScimError.of('noTarget', `No value of "${attribute.name}" matches the filter.`);
    hit.push(created);
    list.push(created);
  }
  for (const element of hit) {
    if (sub !== undefined) element[sub] = unwrapSingle(target.value);
    else if (isObject(target.value)) Object.assign(element, target.value);
    else throw ScimError.of('invalidValue', `The value for "${attribute.name}[…]" must be an object of sub-attributes.`);
  }
  setList(container, key, list);
}

function constantsOf(filter: Filter): Json | undefined {
  if (filter.kind === 'and') {
    const l = constantsOf(filter.left);
    const r = constantsOf(filter.right);
    return l && r ? { ...l, ...r } : undefined;
  }
  return filter.kind === 'compare' && filter.op === 'eq' && filter.attrPath.sub === undefined ? { [filter.attrPath.name]: filter.value } : undefined;
}

function setList(container: Json, key: string, list: Json[]): void {
  if (list.length === 0) delete container[key];
  else container[key] = list;
}

/** Rule "single-element-arrays" (Entra): `["x"]` where a single value belongs is `"x"`. */
function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 && !isObject(value[0]) ? value[0] : value;
}

function applySub(container: Json, key: string, attribute: SchemaAttribute, op: PatchOpName, sub: string, value: unknown): void {
  if (attribute.multiValued) {
    // `emails.value` without a filter addresses that sub-attribute of every element.
    const list = elementsOf(container[key]);
    list.forEach((e) => { if (op === 'remove') delete e[sub]; else e[sub] = unwrapSingle(value); });
    setList(container, key, list);
    return;
  }
  const obj = isObject(container[key]) ? (container[key] as Json) : {};
  const v = unwrapSingle(value);
  if (op === 'remove' || v === null) delete obj[canonicalKey(obj, sub)];
  else obj[canonicalKey(obj, sub)] = v;
  if (Object.keys(obj).length === 0) delete container[key];
  else container[key] = obj;
}

function applyWhole(container: Json, key: string, attribute: SchemaAttribute, op: PatchOpName, value: unknown): void {
  if (attribute.multiValued) return applyMulti(container, key, op, value);
  const v = unwrapSingle(value);
  // Rule "empty-clears" (Entra clears manager with ""): an empty string or null removes the value.
  if (op === 'remove' || v === null || (attribute.type === 'complex' && v === '')) {
    delete container[key];
    return;
  }
  if (attribute.type !== 'complex') {
    container[key] = v;
    return;
  }
  // Rule "scalar-for-complex" (Entra sends manager as "id"): a scalar is the `value` sub-attribute.
  const subs = isObject(v) ? v : { value: v };
  const existing = isObject(container[key]) ? (container[key] as Json) : {};
  // RFC 7644 §3.5.2.3: sub-attributes not named in the value are left unchanged.
  const merged: Json = { ...existing };
  for (const [k, sv] of Object.entries(subs)) {
    const name = canonicalKey(merged, k);
    if (sv === null) delete merged[name];
    else merged[name] = sv;
  }
  container[key] = merged;
}

function applyMulti(container: Json, key: string, op: PatchOpName, value: unknown): void {
  const current = elementsOf(container[key]);
  if (op === 'remove') {
    // Rule "remove-with-value" (Entra): remove members with value [{value: id}] removes only those.
    if (value === undefined || value === null) return void delete container[key];
    const drop = elementsOf(value).map((e) => lookup(e, 'value'));
    return setList(container, key, current.filter((e) => !drop.some((d) => sameValue(d, lookup(e, 'value')))));
  }
  const incoming = elementsOf(value);
  if (incoming.some((e) => lookup(e, 'primary') === true)) {
    // RFC 7643 §2.4: at most one element is primary; the new one wins.
    current.forEach((e) => { if (lookup(e, 'primary') === true) e['primary'] = false; });
  }
  if (op === 'replace') return setList(container, key, incoming);
  const merged = [...current];
  for (const element of incoming) {
    const same = merged.findIndex((e) => lookup(e, 'value') !== undefined && sameValue(lookup(e, 'value'), lookup(element, 'value')) && sameValue(lookup(e, 'type'), lookup(element, 'type')));
    if (same >= 0) merged[same] = { ...merged[same], ...element };
    else merged.push(element);
  }
  setList(container, key, merged);
}

const sameValue = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

/** RFC 7644 §3.5.2: a PATCH that would change a readOnly attribute is 400 mutability; restating it is fine. */
function checkReadOnly(resource: ResourceMapping, before: Json, after: Json): void {
  const changed = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
  for (const name of ['id', 'meta']) {
    if (changed(before[name], after[name])) throw ScimError.of('mutability', `Attribute "${name}" is readOnly.`);
  }
  for (const attr of resource.attributes) {
    if (attr.characteristics.mutability !== 'readOnly' || attr.maintained) continue;
    const read = (doc: Json) => (attr.schema === resource.core.id ? doc[attr.name] : lookup(doc[attr.schema], attr.name));
    if (changed(read(before), read(after))) throw ScimError.of('mutability', `Attribute "${attr.key}" is readOnly.`);
  }
}
