/**
 * PATCH operations applied to a rendered resource, in memory (RFC 7644 §3.5.2). Pure: the result
 * is diffed against the stored row by write-plan.ts. Leniencies for what identity providers really
 * send are named compatibility rules (docs/compatibility.md), each switchable in `compatibility:`;
 * with a rule off the RFC-literal behaviour applies.
 */
import { ScimError } from '../errors.js';
import type { SchemaAttribute } from '../mapping/core-schemas.js';
import { describePath, findSchemaAttribute, isMapped } from '../mapping/resolve.js';
import { relationsOf, rulesOf, type CompatibilityRules, type ResourceMapping } from '../mapping/types.js';
import type { AttrPath, Filter } from '../scim/filter/ast.js';
import { matches, type AttrInfo } from '../scim/filter/evaluate.js';
import type { PatchOpName, PatchOperation } from '../scim/patch-request.js';
import { parsePatchPath } from '../scim/path.js';
import { ElementLists, filterCandidates, normalizeElements, type ElementList } from './element-list.js';
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

/** What one target is applied with: the attribute's schema, the rules in force, the indexed lists of the PATCH. */
interface Apply {
  readonly attribute: SchemaAttribute;
  readonly rules: CompatibilityRules;
  readonly lists: ElementLists;
}

/**
 * RFC 7644 §3.5.2: the operations are applied in order to a copy of `current`; any failure fails
 * the whole request (nothing is written). Returns the new resource for write-plan.ts to diff.
 */
export function applyPatch(resource: ResourceMapping, current: Json, operations: readonly PatchOperation[]): Json {
  const doc = structuredClone(current);
  // Multi-valued attributes stay indexed across operations, so the cost is linear in the PATCH's size.
  const lists = new ElementLists();
  for (const operation of operations) {
    for (const target of targetsOf(resource, operation)) applyTarget(resource, doc, target, lists);
  }
  lists.flush();
  checkReadOnly(resource, current, doc);
  return doc;
}

/** A no-path add/replace names its attributes as the keys of `value` (RFC 7644 §3.5.2.1, §3.5.2.3). */
function targetsOf(resource: ResourceMapping, operation: PatchOperation): Target[] {
  if (operation.path) {
    const { attrPath, filter, subAttr } = operation.path;
    const extension = resource.extensions.find((e) => e.id.toLowerCase() === `${attrPath.uri}:${attrPath.name}`.toLowerCase());
    // A path naming a whole extension schema: its value is an object of that schema's attributes;
    // removing it removes every attribute the mapping stores under it (RFC 7644 §3.5.2.2).
    if (extension && !filter && attrPath.sub === undefined) {
      if (operation.op === 'remove') return storedNames(resource, extension.id).map((name) => ({ op: 'remove', path: { uri: extension.id, name }, value: undefined, explicit: false }));
      return keysAsTargets(operation.op, { [extension.id]: operation.value }, resource);
    }
    return [{ op: operation.op, path: attrPath, ...(filter ? { filter } : {}), ...(subAttr !== undefined ? { subAttr } : {}), value: operation.value, explicit: true }];
  }
  return keysAsTargets(operation.op, operation.value as Json, resource);
}

/** The attributes of schema `uri` the mapping stores (in columns or other tables) and a client may change, once each. */
function storedNames(resource: ResourceMapping, uri: string): string[] {
  const columns = resource.attributes.filter((a) => a.schema === uri && a.characteristics.mutability !== 'readOnly' && !a.maintained);
  const relations = relationsOf(resource).filter((r) => r.schema === uri && r.attribute.mutability !== 'readOnly');
  return [...new Set([...columns, ...relations].map((a) => a.name))];
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
    // Rule "dotted-keys": Entra writes `"name.givenName"` and `"emails[type eq \"work\"].value"` as
    // keys (test/idp/entra/add-no-path-dotted-keys.json). RFC 7644 §3.5.2.1: the keys are attributes.
    const dotted = /[.[]/.test(key);
    if (dotted && !rulesOf(resource).dottedKeys) {
      throw ScimError.of('invalidPath', `"${key}" is a path, not an attribute name; with no "path", the keys of "value" must be attribute names (compatibility rule dottedKeys is off).`);
    }
    const parsed = dotted ? parsePatchPath(key) : { attrPath: { name: key } };
    targets.push({ op, path: parsed.attrPath, ...(parsed.filter ? { filter: parsed.filter } : {}), ...(parsed.subAttr !== undefined ? { subAttr: parsed.subAttr } : {}), value: inner, explicit: false });
  }
  return targets;
}

function applyTarget(resource: ResourceMapping, doc: Json, target: Target, lists: ElementLists): void {
  const found = findSchemaAttribute(resource, target.path);
  if (!found) {
    if (!target.explicit && !resource.strict) return;
    throw ScimError.of('invalidPath', `"${describePath(target.path)}" is not an attribute of ${resource.name}.`);
  }
  const { schema, attribute } = found;
  const mapped = isMapped(resource, schema.id, attribute.name);
  const virtual = attribute.name === 'id' || attribute.name === 'meta';
  if (!mapped && !virtual && attribute.mutability !== 'readOnly') {
    if (resource.strict) throw ScimError.of('invalidPath', `"${describePath(target.path)}" is not mapped by this server (strict mode).`);
    return; // like POST and PUT: attributes the mapping does not store are ignored
  }
  const container = schema.id === resource.core.id ? doc : ensureObject(doc, schema.id);
  const key = canonicalKey(container, attribute.name);
  const sub = subName(attribute, target.path.sub ?? target.subAttr);
  const how: Apply = { attribute, rules: rulesOf(resource), lists };
  if (target.filter) applyFiltered(container, key, how, target, sub);
  else if (sub !== undefined) applySub(container, key, how, target.op, sub, target.value);
  else applyWhole(container, key, how, target.op, target.value);
  if (schema.id !== resource.core.id && Object.keys(container).length === 0) delete doc[schema.id];
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

function subResolver(attribute: SchemaAttribute) {
  return (path: AttrPath): AttrInfo | undefined => {
    const def = attribute.subAttributes?.find((s) => s.name.toLowerCase() === path.name.toLowerCase());
    return def ? { type: def.type, caseExact: def.caseExact, multiValued: def.multiValued } : undefined;
  };
}

/**
 * `attr[filter]` and `attr[filter].sub` (RFC 7644 §3.5.2): remove drops the matching elements (or
 * their sub-attribute); add/replace change the matching ones. Replace with no match is noTarget
 * (§3.5.2.3) unless rule "filtered-replace-creates" applies.
 */
function applyFiltered(container: Json, key: string, how: Apply, target: Target, sub: string | undefined): void {
  const { attribute, rules } = how;
  if (!attribute.multiValued) throw ScimError.of('invalidPath', `"${attribute.name}" is single-valued; a [filter] applies only to multi-valued attributes.`);
  const list = how.lists.of(container, key);
  const filter = target.filter as Filter;
  const resolve = subResolver(attribute);
  const hits = filterCandidates(list, filter, resolve({ name: 'value' })?.type).filter((i) => matches(filter, list.at(i), resolve));
  if (target.op === 'remove') {
    // Removing what is not there leaves the resource as it is (idempotent, as IdPs retry).
    if (sub === undefined) hits.forEach((i) => list.remove(i));
    else hits.forEach((i) => list.update(i, (e) => { delete e[sub]; }));
    return;
  }
  if (hits.length === 0) {
    // Rule "filtered-replace-creates" (Entra): replacing `emails[type eq "work"].value` on a user
    // without a work email creates that element from the filter's equality tests
    // (test/unit/plan/compatibility.test.ts; test/idp/entra/filtered-replace-email.json). `add` always may (§3.5.2.1).
    const created = target.op === 'add' || rules.filteredReplaceCreates ? constantsOf(filter) : undefined;
    if (!created) throw ScimError.of('noTarget', `No value of "${attribute.name}" matches the filter (RFC 7644 §3.5.2.3).`);
    hits.push(list.push(created));
  }
  for (const i of hits) {
    if (sub !== undefined) list.update(i, (e) => { e[sub] = unwrapSingle(target.value, rules); });
    else if (isObject(target.value)) list.update(i, (e) => { Object.assign(e, target.value); });
    else throw ScimError.of('invalidValue', `The value for "${attribute.name}[…]" must be an object of sub-attributes.`);
  }
  // RFC 7643 §2.4: at most one element is primary; the one just made primary wins.
  if (hits.some((i) => lookup(list.at(i), 'primary') === true)) {
    for (const p of list.primaryPositions()) if (!hits.includes(p)) list.update(p, (e) => { e['primary'] = false; });
  }
}

function constantsOf(filter: Filter): Json | undefined {
  if (filter.kind === 'and') {
    const l = constantsOf(filter.left);
    const r = constantsOf(filter.right);
    return l && r ? { ...l, ...r } : undefined;
  }
  return filter.kind === 'compare' && filter.op === 'eq' && filter.attrPath.sub === undefined ? { [filter.attrPath.name]: filter.value } : undefined;
}

/**
 * Rule "single-element-arrays" (Entra without aadOptscim062020): `["x"]` where a single value
 * belongs is `"x"` (test/idp/entra/add-single-element-array.json). Off: the array stays and the
 * type check in mapping/values.ts refuses it (invalidValue).
 */
function unwrapSingle(value: unknown, rules: CompatibilityRules): unknown {
  return rules.singleElementArrays && Array.isArray(value) && value.length === 1 && !isObject(value[0]) ? value[0] : value;
}

function applySub(container: Json, key: string, how: Apply, op: PatchOpName, sub: string, value: unknown): void {
  if (how.attribute.multiValued) {
    // `emails.value` without a filter addresses that sub-attribute of every element.
    const list = how.lists.of(container, key);
    for (const i of list.positions()) list.update(i, (e) => { if (op === 'remove') delete e[sub]; else e[sub] = unwrapSingle(value, how.rules); });
    return;
  }
  const obj = isObject(container[key]) ? (container[key] as Json) : {};
  const v = unwrapSingle(value, how.rules);
  if (op === 'remove' || v === null) delete obj[canonicalKey(obj, sub)];
  else obj[canonicalKey(obj, sub)] = v;
  if (Object.keys(obj).length === 0) delete container[key];
  else container[key] = obj;
}

/** The attribute itself (no sub-attribute, no filter): RFC 7644 §3.5.2.1-3 for singular values. */
function applyWhole(container: Json, key: string, how: Apply, op: PatchOpName, value: unknown): void {
  const { attribute, rules } = how;
  if (attribute.multiValued) return applyMulti(how.lists.of(container, key), op, value, rules);
  const v = unwrapSingle(value, rules);
  // Rule "empty-clears" (Entra clears manager with ""; test/idp/entra/manager-set-and-clear.json):
  // an empty string for a complex attribute removes it. null always does (RFC 7643 §2.5: unassigned).
  const empty = attribute.type === 'complex' && v === '';
  if (empty && !rules.emptyClears) throw ScimError.of('invalidValue', `"${attribute.name}" is complex: send an object of sub-attributes or "remove" it (compatibility rule emptyClears is off).`);
  if (op === 'remove' || v === null || empty) {
    delete container[key];
    return;
  }
  if (attribute.type !== 'complex') {
    container[key] = v;
    return;
  }
  const subs = complexValue(attribute, v, rules);
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

/**
 * A complex singular value: an object of sub-attributes (RFC 7644 §3.5.2.1). Rule
 * "scalar-for-complex" (Entra sends `manager` as the manager's id): a bare value is the `value`
 * sub-attribute, for attributes that have one.
 */
function complexValue(attribute: SchemaAttribute, v: unknown, rules: CompatibilityRules): Json {
  if (isObject(v)) return v;
  const hasValue = attribute.subAttributes?.some((s) => s.name === 'value') ?? false;
  if (rules.scalarForComplex && hasValue && !Array.isArray(v)) return { value: v };
  throw ScimError.of('invalidValue', `"${attribute.name}" is complex: its value must be an object of sub-attributes, e.g. {${(attribute.subAttributes ?? []).slice(0, 2).map((s) => `"${s.name}": …`).join(', ')}}.`);
}

function applyMulti(list: ElementList, op: PatchOpName, value: unknown, rules: CompatibilityRules): void {
  if (op === 'remove') {
    // Rule "remove-with-value" (Entra: remove members with value [{value: id}] removes only those;
    // test/unit/plan/compatibility.test.ts). Off: RFC 7644 §3.5.2.2 literally, all values go.
    if (value === undefined || value === null || !rules.removeWithValue) return list.replaceAll([]);
    for (const drop of normalizeElements(value).map((e) => lookup(e, 'value'))) list.withValue(drop).forEach((i) => list.remove(i));
    return;
  }
  const incoming = normalizeElements(value);
  if (incoming.some((e) => lookup(e, 'primary') === true)) {
    // RFC 7643 §2.4: at most one element is primary; the new one wins.
    for (const p of list.primaryPositions()) list.update(p, (e) => { e['primary'] = false; });
  }
  if (op === 'replace') return list.replaceAll(incoming);
  // RFC 7644 §3.5.2.1: an element already there (same value and type) is merged, not duplicated.
  for (const element of incoming) {
    const same = list.findSame(element);
    if (same !== undefined) list.update(same, (e) => ({ ...e, ...element }));
    else list.push(element);
  }
}


/**
 * RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability readOnly"; doing so
 * is 400 mutability. Restating the current value is fine (Okta sends the id in a group rename).
 */
function checkReadOnly(resource: ResourceMapping, before: Json, after: Json): void {
  const changed = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
  for (const name of ['id', 'meta']) {
    if (changed(before[name], after[name])) throw ScimError.of('mutability', `Attribute "${name}" is readOnly.`);
  }
  // Unmapped readOnly attributes of the schema (User `groups`): never stored, so never changed.
  for (const attribute of resource.core.attributes) {
    if (attribute.mutability !== 'readOnly' || resource.attributes.some((a) => a.schema === resource.core.id && a.name === attribute.name)) continue;
    if (changed(lookup(before, attribute.name), lookup(after, attribute.name))) throw ScimError.of('mutability', `Attribute "${attribute.name}" is readOnly.`);
  }
  for (const attr of resource.attributes) {
    if (attr.characteristics.mutability !== 'readOnly' || attr.maintained) continue;
    const read = (doc: Json) => (attr.schema === resource.core.id ? doc[attr.name] : lookup(doc[attr.schema], attr.name));
    if (changed(read(before), read(after))) throw ScimError.of('mutability', `Attribute "${attr.key}" is readOnly.`);
  }
}
