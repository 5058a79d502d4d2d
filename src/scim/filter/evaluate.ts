/**
 * The in-memory filter evaluator: the reference semantics of RFC 7644 §3.4.2.2 that SQL results
 * are compared against in property tests, and that PATCH value-path filters use.
 *
 * The resource is SCIM JSON: core attributes at the top level, extension attributes under their
 * schema URN key. "Attribute names and attribute operators used in filters are case insensitive"
 * (§3.4.2.2), so keys are matched case-insensitively.
 */
import type { AttrPath, CompValue, Compare, Filter, ValuePath } from './ast.js';
import { ScimError } from '../../errors.js';
import { assertNever } from '../../util/assert-never.js';
import { printAttrPath } from './print.js';

/** The characteristics of an attribute that decide how it compares (RFC 7643 §2.2–§2.4). */
export interface AttrInfo {
  readonly type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  readonly caseExact: boolean;
  readonly multiValued: boolean;
  /**
   * The schema URN the attribute belongs to, when the resolver knows it: an unqualified path
   * (`department`) that the resolver finds in an extension is then looked up under that
   * extension's key, as the SQL side resolves it.
   */
  readonly schema?: string;
}

/** Resolve a path (relative to `parent` inside value paths). Undefined = unknown attribute. */
export type AttrResolver = (path: AttrPath, parent?: AttrPath) => AttrInfo | undefined;

interface Scope {
  readonly resolve: AttrResolver;
  readonly parent?: AttrPath;
}

type Json = Record<string, unknown>;
type OrderOp = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:';
/** `emails eq "x"` compares `emails.value` (RFC 7643 §2.4); used when `value` is not in the schema. */
const DEFAULT_VALUE_INFO: AttrInfo = { type: 'string', caseExact: false, multiValued: false };

/**
 * Whether `resource` satisfies `filter`. Logical operators: "and" — both true; "or" — either;
 * "not" — "The filter is a match if the expression evaluates to false", i.e. simply `!x`.
 *
 * An attribute the resolver does not know throws ScimError invalidFilter (closed world: unknown
 * means 400, never "no match"). A value whose JSON type differs from the attribute's type is
 * simply not equal; the evaluator never throws on values.
 */
export function matches(filter: Filter, resource: Record<string, unknown>, resolve: AttrResolver): boolean {
  return evaluate(filter, resource, { resolve });
}

function evaluate(f: Filter, obj: Json, scope: Scope): boolean {
  switch (f.kind) {
    case 'and':
      return evaluate(f.left, obj, scope) && evaluate(f.right, obj, scope);
    case 'or':
      return evaluate(f.left, obj, scope) || evaluate(f.right, obj, scope);
    case 'not':
      return !evaluate(f.filter, obj, scope);
    case 'present':
      return isPresent(f.attrPath, obj, scope);
    case 'compare':
      return compare(f, obj, scope);
    case 'valuePath':
      return valuePath(f, obj, scope);
    default:
      return assertNever(f, 'filter node');
  }
}

function infoOf(path: AttrPath, scope: Scope): AttrInfo {
  const info = scope.resolve(path, scope.parent);
  if (info !== undefined) return info;
  const where = scope.parent !== undefined ? ` in "${printAttrPath(scope.parent)}[…]"` : '';
  throw ScimError.of('invalidFilter', `Unknown attribute "${printAttrPath(path)}"${where}`);
}

/**
 * `pr`: "If the attribute has a non-empty value, or if it contains a non-empty node for complex
 * attributes, there is a match." Null, "", [] and objects with only empty members are not values.
 */
function isPresent(path: AttrPath, obj: Json, scope: Scope): boolean {
  const info = infoOf(path, scope);
  return valuesAt(obj, qualified(path, info, scope), scope).some(isNonEmpty);
}

function isNonEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (Array.isArray(v)) return v.some(isNonEmpty);
  if (typeof v === 'object') return Object.values(v).some(isNonEmpty);
  return true;
}

/**
 * attrExp with a compareOp. Multi-valued attributes match if ANY value matches (§3.4.2.2: "for
 * multi-valued attributes … matches if any of the values match"); a complex attribute without a
 * sub-attribute compares its `value` sub-attribute (`emails eq "a@x"` ≡ `emails.value eq "a@x"`).
 *
 * - A missing value makes every comparison false except `ne`: `ne` is `not eq`, so
 *   "a missing value is not equal to anything" and, on multi-valued attributes, `ne` is true when
 *   no value equals.
 * - `eq null` means "has no value" (≡ `not (x pr)`) and `ne null` means "has a value".
 */
function compare(f: Compare, obj: Json, scope: Scope): boolean {
  if (f.op === 'ne') return !compare({ ...f, op: 'eq' }, obj, scope);
  if (f.value === null) return f.op === 'eq' && !isPresent(f.attrPath, obj, scope);
  let path = f.attrPath;
  let info = infoOf(path, scope);
  if (info.type === 'complex' && path.sub === undefined) {
    path = { ...path, sub: 'value' };
    info = scope.resolve(path, scope.parent) ?? DEFAULT_VALUE_INFO;
  }
  const op = f.op;
  const expected = f.value;
  return valuesAt(obj, qualified(path, info, scope), scope).some((actual) => compareOne(op, actual, expected, info));
}

function compareOne(op: Compare['op'], actual: unknown, expected: CompValue, info: AttrInfo): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return compareStrings(op, actual, expected, info);
  if (typeof actual === 'number' && typeof expected === 'number') {
    return op === 'co' || op === 'sw' || op === 'ew' || op === 'ne' ? false : order(op, actual, expected);
  }
  // Booleans support only eq (ne is handled as not-eq); gt/lt/… on booleans are false.
  if (typeof actual === 'boolean' && typeof expected === 'boolean') return op === 'eq' && actual === expected;
  return false;
}

/**
 * Strings: "co" — the operator value is a substring; "sw"/"ew" — a prefix/suffix; gt/ge/lt/le —
 * "for string attribute types, this is a lexicographical comparison" (UTF-16 code units here);
 * "for DateTime types, it is a chronological comparison" (instants by Date.parse; an unparsable
 * dateTime compares false). Strings fold case (toLowerCase) unless the attribute is caseExact.
 */
function compareStrings(op: Compare['op'], actual: string, expected: string, info: AttrInfo): boolean {
  if (info.type === 'dateTime' && op !== 'co' && op !== 'sw' && op !== 'ew' && op !== 'ne') {
    const a = Date.parse(actual);
    const e = Date.parse(expected);
    return Number.isNaN(a) || Number.isNaN(e) ? false : order(op, a, e);
  }
  const a = info.caseExact ? actual : actual.toLowerCase();
  const e = info.caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    case 'ne':
      return a !== e;
    default:
      return order(op, a, e);
  }
}

function order<T extends string | number>(op: OrderOp, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return assertNever(op, 'operator');
  }
}

/**
 * `attrPath[valFilter]`: matches if any element of the (multi-valued) attribute satisfies the
 * inner filter, whose paths are relative to the element. Elements of a multi-valued simple
 * attribute are seen as `{ value: element }`.
 */
function valuePath(f: ValuePath, obj: Json, scope: Scope): boolean {
  const info = infoOf(f.attrPath, scope);
  const inner: Scope = { resolve: scope.resolve, parent: f.attrPath };
  return valuesAt(obj, qualified(f.attrPath, info, scope), scope).some((element) => evaluate(f.filter, isObject(element) ? element : { value: element }, inner));
}

/** `path` with the schema URN the resolver found for it, when the client wrote none (top level only). */
function qualified(path: AttrPath, info: AttrInfo, scope: Scope): AttrPath {
  if (path.uri !== undefined || info.schema === undefined || scope.parent !== undefined) return path;
  return { ...path, uri: info.schema };
}

/** Every non-null value at `path`, with multi-valued attributes flattened (`emails.value` looks into every element). */
function valuesAt(obj: Json, path: AttrPath, scope: Scope): unknown[] {
  const root = scope.parent === undefined ? container(obj, path.uri) : obj;
  if (root === undefined) return [];
  const top = flatten(get(root, path.name));
  const sub = path.sub;
  if (sub === undefined) return top;
  return top.flatMap((element) => (isObject(element) ? flatten(get(element, sub)) : []));
}

/**
 * Where attributes of schema `uri` live: under the URN key when present (extensions); at the top
 * level for no URI, a core schema (`urn:ietf:params:scim:schemas:core:…`) or the resource's first
 * `schemas` entry; otherwise nowhere (an extension with no values on this resource).
 */
function container(obj: Json, uri: string | undefined): Json | undefined {
  if (uri === undefined) return obj;
  const nested = get(obj, uri);
  if (isObject(nested)) return nested;
  const schemas = get(obj, 'schemas');
  const primary = Array.isArray(schemas) && typeof schemas[0] === 'string' ? schemas[0] : undefined;
  const lower = uri.toLowerCase();
  return lower.startsWith(CORE_SCHEMA_PREFIX) || lower === primary?.toLowerCase() ? obj : undefined;
}

function get(obj: Json, key: string): unknown {
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : obj[found];
}

function flatten(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : [v];
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
