/**
 * Which schemas a resource type has: its core schema (`schema:`, by default RFC 7643 User or Group
 * by the resource's name) and its extensions (`extensions:`, plus the enterprise extension for
 * User), looked up in the deployment's schema registry; and where it is served (`endpoint`).
 */
import type { RawExtensionRef, RawResource } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import type { SchemaRegistry } from './compile-schemas.js';
import { GROUP_SCHEMA, RESOURCE_SCHEMAS, USER_SCHEMA, type SchemaDefinition } from './core-schemas.js';
import type { Problems } from './problems.js';

export interface ResourceSchemas {
  readonly core: SchemaDefinition;
  /** Every extension the resource type may carry, defaults first. */
  readonly extensions: readonly SchemaDefinition[];
  /** URNs of the extensions listed with `required: true`. */
  readonly required: readonly string[];
  readonly endpoint: string;
}

type Path = readonly (string | number)[];

/** RFC 7644 §4 endpoints (and §3.4.3 `/.search`, §3.11 `/Me`, §3.7 `/Bulk`) a resource type cannot take. */
const RESERVED_ENDPOINTS = ['/Schemas', '/ResourceTypes', '/ServiceProviderConfig', '/Bulk', '/Me', '/.search'];

/** Resolves a resource's core schema, extensions and endpoint; undefined (with problems added) when one is unknown. */
export function resourceSchemas(name: string, raw: RawResource, registry: SchemaRegistry, problems: Problems): ResourceSchemas | undefined {
  const builtIn = RESOURCE_SCHEMAS[name];
  const core = raw.schema === undefined ? builtIn?.core : lookup(raw.schema, ['resources', name, 'schema'], registry, problems);
  if (!core) {
    if (raw.schema === undefined) {
      problems.add(['resources', name], `"${name}" is not a built-in resource type, so it needs a core schema`,
        `add schema: <URN> naming one of the schemas declared under schemas: (${declared(registry).join(', ') || 'none yet'}), or call the resource User or Group`, true);
    }
    return undefined;
  }
  const listed = compileExtensionList(name, raw.extensions ?? [], core, registry, problems);
  if (!listed) return undefined;
  const defaults = builtIn?.extensions ?? [];
  const extensions = [...defaults, ...listed.map((l) => l.schema).filter((s) => !defaults.includes(s))];
  return {
    core,
    extensions,
    required: listed.filter((l) => l.required).map((l) => l.schema.id),
    endpoint: raw.endpoint ?? builtIn?.endpoint ?? `/${name}s`,
  };
}

/** The URNs of the schemas declared in the config (not the built-in ones). */
function declared(registry: SchemaRegistry): string[] {
  const builtIn = new Set(Object.values(RESOURCE_SCHEMAS).flatMap((r) => [r.core, ...r.extensions]));
  return [...registry.values()].filter((s) => !builtIn.has(s)).map((s) => s.id);
}

function lookup(urn: string, at: Path, registry: SchemaRegistry, problems: Problems): SchemaDefinition | undefined {
  const found = registry.get(urn.toLowerCase());
  if (!found) {
    const known = [...registry.values()].map((s) => s.id);
    problems.add(at, `schema "${urn}" is not declared`, `${suggestion(urn, known)}declare it under schemas: with id, name and attributes`);
  }
  return found;
}

interface ListedExtension { readonly schema: SchemaDefinition; readonly required: boolean }

function compileExtensionList(name: string, raw: readonly (string | RawExtensionRef)[], core: SchemaDefinition, registry: SchemaRegistry,
  problems: Problems): ListedExtension[] | undefined {
  const before = problems.count;
  const out: ListedExtension[] = [];
  raw.forEach((entry, i) => {
    const urn = typeof entry === 'string' ? entry : entry.schema;
    const at = typeof entry === 'string' ? ['resources', name, 'extensions', i] : ['resources', name, 'extensions', i, 'schema'];
    const schema = lookup(urn, at, registry, problems);
    if (!schema) return;
    if (schema === core || schema === USER_SCHEMA || schema === GROUP_SCHEMA) {
      problems.add(at, `"${urn}" is ${schema === core ? `the core schema of ${name}` : 'a core schema'}, not an extension`, 'list extension schemas only');
    } else if (out.some((o) => o.schema === schema)) {
      problems.add(at, `"${urn}" is listed twice`, 'keep one entry');
    } else {
      out.push({ schema, required: typeof entry !== 'string' && entry.required === true });
    }
  });
  return problems.count > before ? undefined : out;
}

/** Two resource types on one endpoint, or one on a discovery endpoint, could never both be served. */
export function checkEndpoints(resources: readonly { readonly name: string; readonly endpoint: string }[],
  raw: Readonly<Record<string, RawResource>>, problems: Problems): void {
  const seen = new Map<string, string>();
  for (const { name, endpoint } of resources) {
    const at: Path = raw[name]?.endpoint === undefined ? ['resources', name] : ['resources', name, 'endpoint'];
    const isKey = raw[name]?.endpoint === undefined;
    const reserved = RESERVED_ENDPOINTS.find((e) => e.toLowerCase() === endpoint.toLowerCase());
    const other = seen.get(endpoint.toLowerCase());
    if (reserved) problems.add(at, `${name}'s endpoint ${endpoint} is a SCIM discovery or protocol endpoint`, `set endpoint: to another path, e.g. /${name}Resources`, isKey);
    else if (other) problems.add(at, `${name} and ${other} are both served at ${endpoint}`, `give one of them another endpoint:`, isKey);
    seen.set(endpoint.toLowerCase(), name);
  }
}
