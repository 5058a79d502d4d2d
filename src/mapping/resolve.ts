/**
 * The one index from a SCIM attribute path to what the mapping holds for it. Filters, sortBy,
 * attributes/excludedAttributes and PATCH paths all resolve through here (closed world: a path
 * that resolves to nothing is an error for the caller to raise, never a silent skip).
 */
import type { AttrPath } from '../scim/filter/ast.js';
import { COMMON_ATTRIBUTES, type SchemaAttribute, type SchemaDefinition } from './core-schemas.js';
import type { Relation } from './relations.js';
import { relationsOf, type MappedAttribute, type ResourceMapping } from './types.js';

export type Resolution =
  | { readonly kind: 'id' }
  /** meta.resourceType, meta.location, meta.version: computed, never stored. */
  | { readonly kind: 'virtual'; readonly name: 'resourceType' | 'location' | 'version' }
  | {
    readonly kind: 'attribute';
    readonly schema: string;
    readonly attribute: SchemaAttribute;
    readonly sub?: SchemaAttribute;
    /** The mapped columns under this path; empty when the schema has it but this mapping does not. */
    readonly mapped: readonly MappedAttribute[];
    /** Set when the attribute lives in another table (child table, group membership). */
    readonly relation?: Relation;
  };

/**
 * Every schema a resource type could have, mapped or not: to tell "unmapped" from "unknown". The
 * compiled, per-deployment list (built-in and `schemas:` extensions), never a global table.
 */
function schemasOf(resource: ResourceMapping): readonly SchemaDefinition[] {
  return [resource.core, ...(resource.knownExtensions ?? resource.extensions)];
}

function attributesOf(resource: ResourceMapping, schema: SchemaDefinition): readonly SchemaAttribute[] {
  return schema.id === resource.core.id ? [...schema.attributes, ...COMMON_ATTRIBUTES] : schema.attributes;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The schema and attribute a path names, searching the core schema first when no URN is given. */
export function findSchemaAttribute(resource: ResourceMapping, path: AttrPath): { schema: SchemaDefinition; attribute: SchemaAttribute } | undefined {
  for (const schema of schemasOf(resource)) {
    if (path.uri !== undefined && !same(schema.id, path.uri)) continue;
    const attribute = attributesOf(resource, schema).find((a) => same(a.name, path.name));
    if (attribute) return { schema, attribute };
  }
  return undefined;
}

/**
 * Resolves `path`; inside a value filter (`emails[type eq "work"]`) pass the multi-valued
 * attribute as `parent` and the inner path (`type`) as `path`.
 */
export function resolvePath(resource: ResourceMapping, path: AttrPath, parent?: AttrPath): Resolution | undefined {
  if (parent) {
    if (path.sub !== undefined || path.uri !== undefined) return undefined;
    return resolvePath(resource, { ...parent, sub: path.name });
  }
  const found = findSchemaAttribute(resource, path);
  if (!found) return undefined;
  const { schema, attribute } = found;
  if (attribute.name === 'id') return path.sub === undefined ? { kind: 'id' } : undefined;
  let sub: SchemaAttribute | undefined;
  if (path.sub !== undefined) {
    sub = attribute.subAttributes?.find((s) => same(s.name, path.sub as string));
    if (!sub) return undefined;
  }
  if (attribute.name === 'meta' && sub && (sub.name === 'resourceType' || sub.name === 'location' || sub.name === 'version')) {
    return { kind: 'virtual', name: sub.name };
  }
  const mapped = resource.attributes.filter((m) => m.schema === schema.id && m.name === attribute.name && (!sub || m.sub === sub.name));
  const relation = relationsOf(resource).find((r) => r.schema === schema.id && r.name === attribute.name);
  return { kind: 'attribute', schema: schema.id, attribute, ...(sub ? { sub } : {}), mapped, ...(relation ? { relation } : {}) };
}

/** Whether the mapping stores an attribute at all: in a column of its own table or in a relation. */
export function isMapped(resource: ResourceMapping, schema: string, name: string): boolean {
  return resource.attributes.some((a) => a.schema === schema && a.name === name)
    || relationsOf(resource).some((r) => r.schema === schema && r.name === name);
}

/** Display form of a resolved path for messages: `name.givenName`, `urn:…:User:department`. */
export function describePath(path: AttrPath): string {
  return `${path.uri ? `${path.uri}:` : ''}${path.name}${path.sub ? `.${path.sub}` : ''}`;
}

/** The elements of a multi-valued attribute held in columns, grouped by their constants. */
export function elementsOf(mapped: readonly MappedAttribute[]): readonly (readonly MappedAttribute[])[] {
  const groups = new Map<string, MappedAttribute[]>();
  for (const m of mapped) {
    const key = JSON.stringify(m.element?.constants ?? {});
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()];
}
