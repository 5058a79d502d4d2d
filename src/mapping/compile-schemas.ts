/**
 * `schemas:` → SchemaDefinitions: custom extensions and the core schemas of custom resource types,
 * checked once at start-up (URN shape, clashes with the schemas scim-bridge serves itself, attribute
 * definitions) and merged with the built-in RFC 7643 schemas into one registry keyed by URN.
 */
import type { RawSchema, RawSchemaAttribute, RawSchemaSubAttribute, RawScimType } from '../config/raw-types.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, type SchemaAttribute, type SchemaDefinition, type ScimAttrType } from './core-schemas.js';
import type { Problems } from './problems.js';

/** Every schema a deployment can use, keyed by lower-cased URN (RFC 7644 §3.10: URIs compare case-insensitively). */
export type SchemaRegistry = ReadonlyMap<string, SchemaDefinition>;

/** The schemas scim-bridge ships: RFC 7643 §4.1 User, §4.2 Group, §4.3 EnterpriseUser. */
export const BUILT_IN_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

/** The registry of a config without `schemas:`. */
export const BUILT_IN_REGISTRY: SchemaRegistry = new Map(BUILT_IN_SCHEMAS.map((s) => [s.id.toLowerCase(), s]));

/** Namespaces of the protocol's own schemas and messages (RFC 7643 §10.2, RFC 7644 §3.1). */
const RESERVED_PREFIXES = ['urn:ietf:params:scim:schemas:core:', 'urn:ietf:params:scim:api:'];

/** RFC 7643 §3.1: carried by every resource, never defined by a schema. */
const COMMON_NAMES = ['id', 'externalId', 'meta', 'schemas'];

const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const EXAMPLE_URN = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

/**
 * Compiles `schemas:`. Problems are collected; a schema with a problem is still registered (with
 * the attributes that compiled), so resources naming it do not report it a second time.
 */
export function compileSchemas(raw: readonly RawSchema[], problems: Problems): SchemaRegistry {
  const registry = new Map(BUILT_IN_REGISTRY);
  const declaredAt = new Map<string, number>();
  raw.forEach((spec, i) => {
    const key = spec.id.toLowerCase();
    const problem = urnProblem(spec.id) ?? clashProblem(spec.id, declaredAt.get(key));
    if (problem) problems.add(['schemas', i, 'id'], problem.problem, problem.hint);
    if (registry.has(key)) return;
    declaredAt.set(key, i);
    registry.set(key, compileSchema(spec, i, problems));
  });
  checkPrefixes(raw, problems);
  return registry;
}

interface Problem { readonly problem: string; readonly hint: string }

/**
 * The shape a schema URN needs here: `urn:`, a namespace, `:`-separated segments, and a last
 * segment that is an ATTRNAME, so that `urn:…:User` parses as a PATCH path naming the schema and
 * `urn:…:User:attr.sub` splits at its last `:` (scim/path.ts).
 */
export function urnProblem(urn: string): Problem | undefined {
  const segments = urn.split(':');
  const fix = `write a URN such as ${EXAMPLE_URN}`;
  if (segments[0]?.toLowerCase() !== 'urn') return { problem: `"${urn}" is not a URN`, hint: fix };
  if (segments.some((s) => s === '')) return { problem: `"${urn}" has an empty segment ("::" or a trailing ":")`, hint: fix };
  if (segments.length < 3) return { problem: `"${urn}" needs a namespace and a name after "urn:"`, hint: fix };
  const bad = segments.slice(1).find((s) => !SEGMENT.test(s));
  if (bad !== undefined) return { problem: `segment "${bad}" of "${urn}" has a character other than letters, digits, ".", "-" and "_"`, hint: fix };
  const last = segments[segments.length - 1] ?? '';
  if (!ATTRNAME.test(last)) {
    return { problem: `"${urn}" ends in "${last}", which is not a name`, hint: `end the URN with a name that starts with a letter, such as User or Device (${EXAMPLE_URN})` };
  }
  return undefined;
}

/** A built-in URN, a reserved namespace, or a URN declared before. */
function clashProblem(urn: string, earlier: number | undefined): Problem | undefined {
  const lower = urn.toLowerCase();
  const builtIn = BUILT_IN_SCHEMAS.find((s) => s.id.toLowerCase() === lower);
  if (builtIn) {
    return { problem: `"${urn}" is the built-in ${builtIn.name} schema`, hint: `remove this entry: its attributes are mapped without declaring them; declare your own attributes under a URN of your own, e.g. ${EXAMPLE_URN}` };
  }
  const reserved = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (reserved) return { problem: `"${urn}" is in the namespace ${reserved}… reserved for the SCIM protocol's own schemas`, hint: `use a namespace of your own, e.g. ${EXAMPLE_URN}` };
  if (earlier !== undefined) return { problem: `schema "${urn}" is declared twice (first as schemas[${earlier}])`, hint: 'merge the two entries' };
  return undefined;
}

/**
 * `urn:a:B` and `urn:a:B:c` cannot both be schemas: `urn:a:B:c` would also read as attribute `c`
 * of `urn:a:B` in every filter and PATCH path.
 */
function checkPrefixes(raw: readonly RawSchema[], problems: Problems): void {
  const all = [...BUILT_IN_SCHEMAS.map((s) => s.id), ...raw.map((s) => s.id)];
  raw.forEach((spec, i) => {
    const prefix = all.find((other) => spec.id.toLowerCase().startsWith(`${other.toLowerCase()}:`));
    if (prefix === undefined) return;
    problems.add(['schemas', i, 'id'], `"${spec.id}" extends the schema URN "${prefix}", so "${spec.id}" would also read as an attribute of "${prefix}"`,
      'give the schema a URN that no other schema URN is a prefix of');
  });
}

function compileSchema(spec: RawSchema, index: number, problems: Problems): SchemaDefinition {
  const attributes = Object.entries(spec.attributes).flatMap(([name, raw]) => {
    const at = ['schemas', index, 'attributes', name];
    if (COMMON_NAMES.some((n) => n.toLowerCase() === name.toLowerCase())) {
      problems.add(at, `"${name}" is a common attribute of every resource (RFC 7643 §3.1), not a schema attribute`, 'remove it; map id with resources.<Name>.id and externalId / meta.* in attributes:', true);
      return [];
    }
    const attribute = compileAttributeDef(name, raw, at, problems);
    return attribute ? [attribute] : [];
  });
  checkDuplicateNames(Object.keys(spec.attributes), ['schemas', index, 'attributes'], problems);
  return { id: spec.id, name: spec.name, description: spec.description ?? spec.name, attributes };
}

/** One attribute: a type name or its definition, complex ones with their sub-attributes. */
function compileAttributeDef(name: string, raw: RawScimType | RawSchemaAttribute, at: readonly (string | number)[], problems: Problems): SchemaAttribute | undefined {
  const spec: RawSchemaAttribute = typeof raw === 'string' ? { type: raw } : raw;
  const subs = spec.subAttributes;
  const type: ScimAttrType = spec.type ?? (subs ? 'complex' : 'string');
  if (type === 'complex' && !subs) {
    problems.add([...at, 'type'], `${name} is complex but has no subAttributes`, 'add subAttributes: { value: string, type: string }, or give it a simple type');
    return undefined;
  }
  if (type !== 'complex' && subs) {
    problems.add([...at, 'subAttributes'], `${name} is a ${type}: only a complex attribute has sub-attributes`, 'set type: complex, or remove subAttributes', true);
    return undefined;
  }
  checkDuplicateNames(Object.keys(subs ?? {}), [...at, 'subAttributes'], problems);
  const subAttributes = Object.entries(subs ?? {}).map(([sub, def]) => {
    const subSpec: RawSchemaSubAttribute = typeof def === 'string' ? { type: def } : def;
    return withDefaults(sub, subSpec, subSpec.type ?? 'string', false);
  });
  return { ...withDefaults(name, spec, type, spec.multiValued ?? false), ...(subs ? { subAttributes } : {}) };
}

/** RFC 7643 §2.2 defaults: optional, case-insensitive, readWrite, returned by default, not unique. */
function withDefaults(name: string, spec: RawSchemaSubAttribute | RawSchemaAttribute, type: ScimAttrType, multiValued: boolean): SchemaAttribute {
  return {
    name, type, multiValued,
    description: spec.description ?? '',
    required: spec.required ?? false,
    caseExact: spec.caseExact ?? false,
    mutability: spec.mutability ?? 'readWrite',
    returned: spec.returned ?? 'default',
    uniqueness: spec.uniqueness ?? 'none',
    ...(spec.canonicalValues ? { canonicalValues: spec.canonicalValues } : {}),
    ...(spec.referenceTypes ? { referenceTypes: spec.referenceTypes } : {}),
  };
}

/** YAML keys are unique, but SCIM names compare case-insensitively (RFC 7644 §3.10). */
function checkDuplicateNames(names: readonly string[], at: readonly (string | number)[], problems: Problems): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) problems.add([...at, name], `"${name}" and "${other}" are the same name (SCIM names are case-insensitive)`, 'keep one of them', true);
    seen.set(name.toLowerCase(), name);
  }
}
