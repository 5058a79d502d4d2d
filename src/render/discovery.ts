/**
 * RFC 7644 §4 discovery, generated from the compiled mapping so it tells the truth about this
 * deployment: only mapped attributes appear in /Schemas, with the characteristics the mapping
 * gives them, and /ServiceProviderConfig states the limits actually enforced.
 */
import type { SchemaAttribute, SchemaDefinition } from '../mapping/core-schemas.js';
import type { Relation } from '../mapping/relations.js';
import { relationsOf, type MappedAttribute, type Mapping, type ResourceMapping } from '../mapping/types.js';
import { CURSOR_TIMEOUT_SECONDS } from '../plan/cursor.js';
import { RESOURCE_TYPE_URN, SCHEMA_URN, SERVICE_PROVIDER_CONFIG_URN } from '../scim/messages.js';

type Json = Record<string, unknown>;

export function serviceProviderConfig(mapping: Mapping, baseUrl: string): Json {
  const passwordWritable = mapping.resources.some((r) => r.attributes.some((a) => a.name === 'password' && a.characteristics.mutability !== 'readOnly'));
  const schemes: Json[] = [];
  if (mapping.auth.bearer.length > 0) schemes.push({ type: 'oauthbearertoken', name: 'Bearer token', description: 'A static bearer token from the server configuration (Authorization: Bearer <token>).', primary: true });
  if (mapping.auth.basic.length > 0) schemes.push({ type: 'httpbasic', name: 'HTTP Basic', description: 'HTTP Basic authentication with a username and password from the server configuration.', primary: schemes.length === 0 });
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_URN],
    documentationUri: 'https://www.npmjs.com/package/scim-bridge',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: mapping.server.maxResults },
    // RFC 9865 §5: both paging methods; cursors are stateless (keyset + HMAC), valid for cursorTimeout seconds.
    pagination: {
      cursor: true, index: true, defaultPaginationMethod: 'index',
      defaultPageSize: mapping.server.defaultCount, maxPageSize: mapping.server.maxResults, cursorTimeout: CURSOR_TIMEOUT_SECONDS,
    },
    changePassword: { supported: passwordWritable },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: schemes,
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceType(resource: ResourceMapping, baseUrl: string): Json {
  return {
    schemas: [RESOURCE_TYPE_URN],
    id: resource.name,
    name: resource.name,
    endpoint: resource.endpoint,
    description: resource.core.description,
    schema: resource.core.id,
    schemaExtensions: resource.extensions.map((e) => ({ schema: e.id, required: (resource.requiredExtensions ?? []).includes(e.id) })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${resource.name}` },
  };
}

/** Every schema some resource uses, restricted to the attributes mapped under it. */
export function schemas(mapping: Mapping, baseUrl: string): Json[] {
  const out = new Map<string, Json>();
  for (const resource of mapping.resources) {
    for (const schema of [resource.core, ...resource.extensions]) {
      if (out.has(schema.id)) continue;
      const mapped = resource.attributes.filter((a) => a.schema === schema.id && a.name !== 'meta' && a.name !== 'externalId');
      const related = relationsOf(resource).filter((r) => r.schema === schema.id);
      out.set(schema.id, schemaResource(schema, mapped, related, baseUrl, referenceSubs(mapping, mapped)));
    }
  }
  return [...out.values()];
}

/**
 * Sub-attributes a reference carries besides its mapped `value` (render-rows.ts fills them on
 * reads): `$ref` always, `displayName` when the referenced User has one in a column. A client that
 * builds its model from /Schemas must find every key a resource carries (RFC 7643 §7).
 */
function referenceSubs(mapping: Mapping, mapped: readonly MappedAttribute[]): ReadonlyMap<string, readonly string[]> {
  const subs = new Map<string, string[]>();
  for (const attr of mapped) {
    if (!attr.reference) continue;
    const target = mapping.resources.find((r) => r.id === attr.reference) ?? mapping.resources.find((r) => r.name === 'User');
    const display = target?.attributes.some((a) => a.name === 'displayName' && a.sub === undefined && a.column.keyed === undefined) ?? false;
    subs.set(attr.name, ['$ref', ...(display ? ['displayName'] : [])]);
  }
  return subs;
}

function schemaResource(schema: SchemaDefinition, mapped: readonly MappedAttribute[], related: readonly Relation[], baseUrl: string,
  extraSubs: ReadonlyMap<string, readonly string[]>): Json {
  const attributes = schema.attributes.flatMap((def) => {
    const relation = related.find((r) => r.name === def.name);
    if (relation) return [describeRelation(def, relation)];
    const columns = mapped.filter((m) => m.name === def.name);
    return columns.length > 0 ? [describeAttribute(def, columns, extraSubs.get(def.name) ?? [])] : [];
  });
  return {
    schemas: [SCHEMA_URN], id: schema.id, name: schema.name, description: schema.description, attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

function characteristicsOf(def: SchemaAttribute, column: MappedAttribute | undefined, kept?: readonly string[]): Json {
  const c = column?.characteristics;
  const canonical = kept ?? (column?.valueMap && column.type === 'string' ? column.valueMap.entries.map((e) => String(e.scim)) : def.canonicalValues);
  return {
    name: def.name, type: column?.type ?? def.type, multiValued: def.multiValued, description: def.description,
    required: c?.required ?? def.required, caseExact: c?.caseExact ?? def.caseExact,
    mutability: c?.mutability ?? def.mutability, returned: c?.returned ?? def.returned, uniqueness: c?.uniqueness ?? def.uniqueness,
    ...(canonical ? { canonicalValues: canonical } : {}),
    ...(def.referenceTypes ? { referenceTypes: def.referenceTypes } : {}),
  };
}

/** Child-table fields are the sub-attributes served; membership serves value, $ref, display and type. */
function describeRelation(def: SchemaAttribute, relation: Relation): Json {
  const subs = relation.kind === 'children'
    ? (def.subAttributes ?? []).filter((s) => relation.fields.some((f) => f.sub === s.name))
    : def.subAttributes ?? [];
  // A child table's column that allows only some values (an enum, a CHECK) keeps only those.
  const allowed = (name: string) => (relation.kind === 'children' ? relation.fields.find((f) => f.sub === name)?.column.allowed : undefined);
  return { ...characteristicsOf(def, undefined), subAttributes: subs.map((s) => characteristicsOf(s, undefined, allowed(s.name))) };
}

/** The values of a sub-attribute the elements' constants supply (emails.type: "work", "home"), if they supply it. */
function constantValues(columns: readonly MappedAttribute[], sub: string): string[] | undefined {
  const values = columns.flatMap((c) => (c.element?.constants[sub] !== undefined ? [String(c.element.constants[sub])] : []));
  return values.length > 0 ? [...new Set(values)] : undefined;
}

function describeAttribute(def: SchemaAttribute, columns: readonly MappedAttribute[], extraSubs: readonly string[] = []): Json {
  if (def.type !== 'complex') return characteristicsOf(def, columns[0]);
  // Sub-attributes served: the mapped ones, those an element's constants supply (type, primary),
  // and those a reference carries ($ref, displayName). canonicalValues of a constant-supplied one
  // are the values the mapping keeps (RFC 7643 §7: emails.type "work" only, not "home", "other").
  const constants = new Set(columns.flatMap((c) => Object.keys(c.element?.constants ?? {})));
  const subAttributes = (def.subAttributes ?? [])
    .filter((s) => constants.has(s.name) || extraSubs.includes(s.name) || columns.some((c) => c.sub === s.name))
    .map((s) => {
      const column = columns.find((c) => c.sub === s.name);
      const kept = column === undefined && s.canonicalValues !== undefined ? constantValues(columns, s.name) : undefined;
      return characteristicsOf(s, column, kept);
    });
  const writable = columns.some((c) => c.characteristics.mutability !== 'readOnly');
  return { ...characteristicsOf(def, undefined), mutability: writable ? def.mutability : 'readOnly', subAttributes };
}
