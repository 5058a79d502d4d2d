/**
 * Row → SCIM resource, through the mapping. `renderResource` builds the full internal view (every
 * mapped attribute, writeOnly ones included, as PATCH needs them); `projectResource` then applies
 * `returned` and the request's attributes/excludedAttributes for the response.
 */
import { createHash } from 'node:crypto';
import { rowKey, type MappedAttribute, type ResourceMapping } from '../mapping/types.js';
import { columnToScim, conditionHolds } from '../mapping/values.js';
import { idFromColumn } from '../plan/ids.js';

export type ScimResource = Record<string, unknown>;
export type Row = Readonly<Record<string, unknown>>;

export interface RenderContext {
  /** Absolute URL of the SCIM base, e.g. `https://idp-bridge.example.com/scim/v2`. */
  readonly baseUrl: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function renderResource(resource: ResourceMapping, row: Row, ctx: RenderContext): ScimResource {
  const id = idFromColumn(resource.id, row[resource.id.column.name]);
  const out: ScimResource = { schemas: [resource.core.id], id };
  const meta: Record<string, unknown> = { resourceType: resource.name };
  for (const attr of resource.attributes) {
    const value = valueOf(attr, row);
    if (value === undefined) continue;
    if (attr.maintained) meta[attr.maintained] = value;
    else place(out, resource, attr, value);
  }
  for (const ext of resource.extensions) {
    // RFC 7643 §6: a resource MUST carry a required extension, so its URN is listed even when empty.
    if (isObject(out[ext.id]) || resource.requiredExtensions?.includes(ext.id)) (out['schemas'] as string[]).push(ext.id);
  }
  meta['location'] = `${ctx.baseUrl}${resource.endpoint}/${encodeURIComponent(id)}`;
  const version = versionOf(resource, row);
  if (version !== undefined) meta['version'] = version;
  out['meta'] = meta;
  return out;
}

/** An attribute's SCIM value from its column (and, for a boolean with `also`, every other column it needs). */
export function valueOf(attr: MappedAttribute, row: Row): unknown {
  const value = columnToScim(attr, row[rowKey(attr.column)]);
  if (attr.also === undefined || value === undefined) return value;
  return value === true && attr.also.every((c) => conditionHolds(c, row[rowKey(c.column)]));
}

/** Sets one attribute's value at its path; elements of multi-valued attributes carry their constants. */
function place(out: ScimResource, resource: ResourceMapping, attr: MappedAttribute, value: unknown): void {
  const container = attr.schema === resource.core.id ? out : ensureObject(out, attr.schema);
  if (attr.element) {
    const list = (container[attr.name] ??= []) as Record<string, unknown>[];
    const key = JSON.stringify(attr.element.constants);
    let element = list.find((e) => elementKey(e) === key);
    if (!element) {
      element = { ...attr.element.constants };
      Object.defineProperty(element, ELEMENT_KEY, { value: key, enumerable: false });
      list.push(element);
    }
    element[attr.sub as string] = value;
  } else if (attr.sub !== undefined) {
    ensureObject(container, attr.name)[attr.sub] = value;
  } else {
    container[attr.name] = value;
  }
}

const ELEMENT_KEY = Symbol('element');
const elementKey = (e: Record<string, unknown>) => (e as Record<symbol, unknown>)[ELEMENT_KEY];

function ensureObject(container: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = container[key];
  if (isObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  container[key] = created;
  return created;
}

/**
 * meta.version: a weak ETag over every mapped column, so any change to what SCIM shows changes
 * the version (RFC 7644 §3.14), whether or not the table has a version column, and whoever wrote
 * the row. Not meta.lastModified alone: second-precision columns (MariaDB DATETIME, Laravel's
 * TIMESTAMP) keep the same value across two writes in one second, and the ETag would not change.
 * Undefined when the row was read without some of those columns (a projected list row whose
 * response carries no meta): a version from part of the row would be a wrong one.
 */
const VERSION_KEYS = new WeakMap<ResourceMapping, readonly string[]>();

/** The row keys a version covers, once per resource. */
function versionKeys(resource: ResourceMapping): readonly string[] {
  let keys = VERSION_KEYS.get(resource);
  if (keys === undefined) {
    keys = resource.attributes.flatMap((a) => [a.column, ...(a.also ?? []).map((c) => c.column)]).map(rowKey);
    VERSION_KEYS.set(resource, keys);
  }
  return keys;
}

export function versionOf(resource: ResourceMapping, row: Row): string | undefined {
  // One string, hashed once: an update() per column costs more than the hashing.
  let text = '';
  for (const key of versionKeys(resource)) {
    if (!Object.hasOwn(row, key)) return undefined;
    const value = row[key];
    text += `${key}=${value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null)};`;
  }
  return `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;
}
