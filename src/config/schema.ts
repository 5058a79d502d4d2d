/**
 * The config's JSON Schema (`config/scim-bridge.schema.json`, shipped with the package for editors)
 * and the one Ajv instance that validates against it.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';

/** The subset of draft-07 that the config schema uses. */
export interface SchemaNode {
  readonly $id?: string;
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly propertyNames?: SchemaNode;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/** Ajv options: all errors (we report every problem), verbose (messages need the schema and data). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

// Works from src/config (tsx) and from dist/config (compiled): both sit two levels below the package.
const SCHEMA_URL = new URL('../../config/scim-bridge.schema.json', import.meta.url);

let cached: { readonly root: SchemaNode; readonly ajv: Ajv; readonly validate: ValidateFunction; readonly pointers: Map<object, string> } | undefined;

function compiled(): NonNullable<typeof cached> {
  if (cached === undefined) {
    const root = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaNode;
    const ajv = new Ajv(AJV_OPTIONS);
    const validate = ajv.compile(root);
    cached = { root, ajv, validate, pointers: indexPointers(root) };
  }
  return cached;
}

/** The parsed schema. */
export function configSchema(): SchemaNode {
  return compiled().root;
}

/** The compiled validator of the whole config. */
export function configValidator(): ValidateFunction {
  return compiled().validate;
}

/**
 * A validator for `branch`, a subschema object of the config schema (e.g. one `oneOf` branch taken
 * from an Ajv error's `schema`). Found by identity so that `$ref`s inside it still resolve.
 */
export function subschemaValidator(branch: SchemaNode): ValidateFunction | undefined {
  const { root, ajv, pointers } = compiled();
  const pointer = pointers.get(branch);
  return pointer === undefined ? undefined : ajv.getSchema(`${root.$id ?? ''}#${pointer}`);
}

/** Follows a local `$ref` (`#/definitions/x`); other schemas are returned as they are. */
export function deref(schema: SchemaNode): SchemaNode {
  if (schema.$ref === undefined) return schema;
  let node: unknown = configSchema();
  for (const part of schema.$ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
  return node as SchemaNode;
}

/** The JSON type names `schema` accepts (empty: any). */
export function typesOf(schema: SchemaNode): readonly string[] {
  const s = deref(schema);
  if (s.type !== undefined) return typeof s.type === 'string' ? [s.type] : s.type;
  const branches = s.oneOf ?? s.anyOf ?? [];
  return branches.flatMap((b) => typesOf(b));
}

/** The JSON type of a value, with `integer` for whole numbers. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `value`'s JSON type is one `schema` allows. */
export function acceptsType(schema: SchemaNode, value: unknown): boolean {
  const types = typesOf(schema);
  const type = jsonType(value);
  return types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'));
}

/**
 * Turns strings into numbers or booleans where the schema wants only a number or a boolean: after
 * env expansion `port: ${PORT:-8080}` is the string "8080". Nothing else changes, so a `map` or
 * `scope` value (which may be a string) stays exactly what the YAML said. Returns a new value.
 */
export function coerce(value: unknown, schema: SchemaNode = configSchema()): unknown {
  const s = deref(schema);
  const branches = s.oneOf ?? s.anyOf;
  if (branches !== undefined) {
    const branch = branches.find((b) => acceptsType(b, value));
    return branch === undefined ? value : coerce(value, branch);
  }
  if (typeof value === 'string') return coerceString(value, typesOf(s));
  if (Array.isArray(value)) return s.items === undefined ? value : value.map((v) => coerce(v, s.items));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const child = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      out[key] = child === undefined ? v : coerce(v, child);
    }
    return out;
  }
  return value;
}

function coerceString(value: string, types: readonly string[]): unknown {
  if (types.length === 0 || types.includes('string')) return value;
  if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
  if (types.includes('number') && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** JSON pointer of every subschema object, so an Ajv error's `schema` can be located again. */
function indexPointers(root: SchemaNode): Map<object, string> {
  const pointers = new Map<object, string>();
  const visit = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      // `enum`, `examples` and `default` hold data, not subschemas.
      if (key === 'enum' || key === 'examples' || key === 'default') continue;
      visit(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  visit(root, '');
  return pointers;
}
