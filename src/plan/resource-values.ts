/**
 * Reading SCIM request bodies through the mapping: where a mapped attribute's value sits in a
 * resource (case-insensitive names, RFC 7643 §2.1), which body attributes the mapping does not
 * know, and the normalisation of URN-qualified top-level keys.
 */
import { ScimError } from '../errors.js';
import { findSchemaAttribute, isMapped } from '../mapping/resolve.js';
import { rulesOf, type MappedAttribute, type ResourceMapping } from '../mapping/types.js';

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value of `name` in `obj`, matching the name case-insensitively. */
export function lookup(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

const sameValue = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

/**
 * The element of a multi-valued attribute a column-held element stands for. `sole`: the
 * compatibility rule soleElement is on.
 */
export function findElement(list: unknown, attr: MappedAttribute, siblings: number, sole = true): Json | undefined {
  const items = (Array.isArray(list) ? list : isObject(list) ? [list] : []).filter(isObject);
  const constants = Object.entries(attr.element?.constants ?? {});
  const exact = items.find((item) => constants.every(([k, v]) => sameValue(lookup(item, k), v)));
  if (exact || siblings > 1 || !sole) return exact;
  // Compatibility rule "sole-element" (docs/compatibility.md): with one element mapped, an IdP's
  // email without the configured type (or of another type) is still the user's email: take the
  // primary one, else the only one.
  return items.find((item) => lookup(item, 'primary') === true) ?? (items.length === 1 ? items[0] : undefined);
}

/** The value a body holds for one mapped attribute; `undefined` when the body does not mention it. */
export function valueAt(resource: ResourceMapping, body: Json, attr: MappedAttribute): unknown {
  const container = attr.schema === resource.core.id ? body : lookup(body, attr.schema);
  if (container === undefined || container === null) return container;
  const top = lookup(container, attr.name);
  if (attr.element) {
    if (top === null) return null;
    const siblings = new Set(resource.attributes.filter((a) => a.name === attr.name && a.schema === attr.schema).map((a) => JSON.stringify(a.element?.constants))).size;
    const element = findElement(top, attr, siblings, rulesOf(resource).soleElement);
    if (!element) return top === undefined ? undefined : null;
    return lookup(element, attr.sub as string);
  }
  if (attr.sub !== undefined) {
    if (top === null) return null;
    if (top !== undefined && !isObject(top)) throw ScimError.of('invalidValue', `Attribute "${attr.name}" must be an object with sub-attributes.`);
    return top === undefined ? undefined : lookup(top, attr.sub);
  }
  return top;
}

/**
 * Moves URN-qualified top-level keys (`"urn:…:enterprise:2.0:User:department": "x"`, which Entra
 * sends) into their schema's object, so every later step sees one shape.
 */
export function normalizeBody(resource: ResourceMapping, body: Json): Json {
  const out: Json = {};
  const schemas = [resource.core.id, ...resource.extensions.map((e) => e.id)];
  for (const [key, value] of Object.entries(body)) {
    const schema = schemas.find((s) => key.toLowerCase().startsWith(`${s.toLowerCase()}:`));
    if (!schema) { out[key] = out[key] !== undefined && isObject(out[key]) && isObject(value) ? { ...(out[key] as Json), ...value } : value; continue; }
    const name = key.slice(schema.length + 1);
    if (schema === resource.core.id) { out[name] = value; continue; }
    const existing = Object.keys(out).find((k) => k.toLowerCase() === schema.toLowerCase());
    const target = existing ?? schema;
    out[target] = { ...(isObject(out[target]) ? (out[target] as Json) : {}), [name]: value };
  }
  return out;
}

/** Attributes in a body that the mapping cannot store; readOnly ones are ignored per RFC 7644 §3.5.1. */
export function unknownAttributes(resource: ResourceMapping, body: Json): string[] {
  const unknown: string[] = [];
  const check = (key: string, uri: string | undefined, value: unknown) => {
    if (value === null || value === undefined) return;
    const found = findSchemaAttribute(resource, { name: key, ...(uri !== undefined ? { uri } : {}) });
    if (found?.attribute.mutability === 'readOnly') return;
    const mapped = found && isMapped(resource, found.schema.id, found.attribute.name);
    if (!mapped) unknown.push(uri ? `${uri}:${key}` : key);
  };
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = resource.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (extension && isObject(value)) Object.entries(value).forEach(([k, v]) => check(k, extension.id, v));
    else if (key.toLowerCase().startsWith('urn:') && isObject(value)) unknown.push(key);
    else check(key, undefined, value);
  }
  return unknown;
}

/** An element of a multi-valued attribute held in columns that no mapped element takes. */
export interface DroppedElement {
  readonly attribute: string;
  readonly type: unknown;
  /** The `type`s the mapping keeps for the attribute. */
  readonly kept: readonly string[];
}

/**
 * Elements a write would silently drop: `emails: [{type: "home", …}]` where only
 * `emails[type eq "work"].value` is mapped (and the compatibility rule soleElement does not take
 * it as the work email). Strict mode refuses them; lenient mode drops them (docs/compatibility.md).
 */
export function droppedElements(resource: ResourceMapping, body: Json): DroppedElement[] {
  const bySelector = new Map<string, Map<string, MappedAttribute>>();
  for (const attr of resource.attributes) {
    if (!attr.element) continue;
    const name = `${attr.schema}\u0000${attr.name}`;
    const selectors = bySelector.get(name) ?? new Map<string, MappedAttribute>();
    selectors.set(JSON.stringify(attr.element.constants), attr);
    bySelector.set(name, selectors);
  }
  const dropped: DroppedElement[] = [];
  for (const selectors of bySelector.values()) {
    const attrs = [...selectors.values()];
    const first = attrs[0] as MappedAttribute;
    const container = first.schema === resource.core.id ? body : lookup(body, first.schema);
    const top = lookup(container, first.name);
    const items = (Array.isArray(top) ? top : isObject(top) ? [top] : []).filter(isObject);
    const kept = new Set(attrs.map((a) => findElement(top, a, attrs.length, rulesOf(resource).soleElement)));
    const types = attrs.flatMap((a) => (typeof a.element?.constants['type'] === 'string' ? [a.element.constants['type']] : []));
    for (const item of items) {
      const value = lookup(item, 'value');
      if (!kept.has(item) && value !== undefined && value !== null && value !== '') dropped.push({ attribute: first.name, type: lookup(item, 'type'), kept: types });
    }
  }
  return dropped;
}
