/**
 * Filter AST × ResourceMapping → Predicate over columns (plain data, no knex).
 *
 * The predicate is built in negation normal form: `not` is pushed down to the leaves, and a negated
 * leaf also matches SQL NULL. That gives SCIM's two-valued logic (RFC 7644 §3.4.2.2: a missing
 * value is not equal to anything, so `title ne "x"` and `not (title eq "x")` match users without a
 * title), where SQL's three-valued NOT would drop them.
 */
import { ScimError } from '../errors.js';
import { elementsOf, describePath, resolvePath } from '../mapping/resolve.js';
import { mapReads } from '../mapping/values.js';
import { checkFilterValue } from './filter-values.js';
import type { ColumnRef, ColumnValue, MappedAttribute, ResourceMapping } from '../mapping/types.js';
import type { AttrPath, CompareOp, Compare, Filter } from '../scim/filter/ast.js';
import { assertNever } from '../util/assert-never.js';
import { idToColumn } from './ids.js';
import { booleanLeaf } from './boolean-predicate.js';
import { compileRelationExp, compileRelationValuePath } from './relation-predicate.js';

export type LeafOp = 'eq' | 'gt' | 'ge' | 'lt' | 'le' | 'co' | 'sw' | 'ew';

/** How strings compare: case-folded, exactly, or not as strings at all. */
export type TextMode = 'ci' | 'exact' | 'none';

export type Predicate =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Predicate[] }
  | { readonly kind: 'compare'; readonly column: ColumnRef; readonly op: LeafOp; readonly value: ColumnValue; readonly text: TextMode; readonly negated: boolean }
  /** One of these column values (null and "any non-null" included; `except` values are not among the non-null ones). */
  | { readonly kind: 'in'; readonly column: ColumnRef; readonly values: readonly ColumnValue[]; readonly anyNonNull: boolean; readonly negated: boolean; readonly except?: readonly ColumnValue[] }
  /** Has a value: not NULL, and not '' for text columns. */
  | { readonly kind: 'present'; readonly column: ColumnRef; readonly negated: boolean }
  /**
   * Some row of `table` whose `link` column holds the owner's `ownerKey` satisfies `inner`; with
   * `join`, each row is joined to `join.table` (where `table.on` = `join.table.key`), so `inner`
   * can ask whether the row on the other side of a membership is live.
   */
  | { readonly kind: 'exists'; readonly table: string; readonly link: string; readonly ownerKey: string; readonly inner: Predicate; readonly negated: boolean;
    readonly join?: { readonly table: string; readonly on: string; readonly key: string;
      /** The joined table's one-to-one side tables (left joined: `side.key` = `join.table.on`), for conditions on their columns. */
      readonly sides?: readonly { readonly table: string; readonly on: string; readonly key: string }[] } }
  /** A timestamp column holds a time after now (a suspension still running); negated: NULL or not after now. */
  | { readonly kind: 'future'; readonly column: ColumnRef; readonly negated: boolean };

export const TRUE: Predicate = { kind: 'const', value: true };
export const FALSE: Predicate = { kind: 'const', value: false };

/** Folds constants so `x and false` disappears before it reaches SQL. */
export function all(items: readonly Predicate[]): Predicate {
  if (items.some((p) => p.kind === 'const' && !p.value)) return FALSE;
  const rest = items.filter((p) => !(p.kind === 'const' && p.value));
  return rest.length === 0 ? TRUE : rest.length === 1 ? (rest[0] as Predicate) : { kind: 'and', items: rest };
}

export function any(items: readonly Predicate[]): Predicate {
  if (items.some((p) => p.kind === 'const' && p.value)) return TRUE;
  const rest = items.filter((p) => !(p.kind === 'const' && !p.value));
  return rest.length === 0 ? FALSE : rest.length === 1 ? (rest[0] as Predicate) : { kind: 'or', items: rest };
}

/** The negation of a predicate, kept in negation normal form (leaves flip, and ↔ or). */
export function negation(p: Predicate): Predicate {
  switch (p.kind) {
    case 'const': return { kind: 'const', value: !p.value };
    case 'and': return any(p.items.map(negation));
    case 'or': return all(p.items.map(negation));
    default: return { ...p, negated: !p.negated };
  }
}

/** `and` under negation is `or` (De Morgan), which keeps the predicate in negation normal form. */
export const junction = (negate: boolean, items: readonly Predicate[]) => (negate ? any(items) : all(items));
export const disjunction = (negate: boolean, items: readonly Predicate[]) => (negate ? all(items) : any(items));

/**
 * Where an attribute the resource type does not have (or does not map) is reported, when it is not
 * an error: a root search (RFC 7644 §3.4.3) runs one filter over every type, and a type without
 * the attribute holds no value for it.
 */
export type MissingAttribute = (path: AttrPath) => void;

/**
 * Compiles a filter; unknown or unmapped attributes are 400 invalidFilter (never an empty list),
 * unless `missing` is given: then they are reported to it and read as having no value (a
 * comparison is false, `not` of it true, as for any missing value, RFC 7644 §3.4.2.2).
 */
export function compileFilter(resource: ResourceMapping, filter: Filter, negate = false, missing?: MissingAttribute): Predicate {
  switch (filter.kind) {
    case 'and':
      return junction(negate, [compileFilter(resource, filter.left, negate, missing), compileFilter(resource, filter.right, negate, missing)]);
    case 'or':
      return disjunction(negate, [compileFilter(resource, filter.left, negate, missing), compileFilter(resource, filter.right, negate, missing)]);
    case 'not':
      return compileFilter(resource, filter.filter, !negate, missing);
    case 'compare':
    case 'present':
      return compileAttrExp(resource, filter.attrPath, filter.kind === 'present' ? undefined : filter, negate, missing);
    case 'valuePath':
      return compileValuePath(resource, filter.attrPath, filter.filter, negate, missing);
    default:
      return assertNever(filter, 'filter');
  }
}

/** An attribute this type lacks: an error, or (root search) no value. */
function lacking(path: AttrPath, error: ScimError, negate: boolean, missing: MissingAttribute | undefined): Predicate {
  if (!missing) throw error;
  missing(path);
  return { kind: 'const', value: negate };
}

function invalidFilter(detail: string): ScimError {
  return ScimError.of('invalidFilter', detail);
}

/** Where a sub-attribute's value comes from within one element: a constant, a column, or nowhere. */
type Operand = { kind: 'constant'; value: string | boolean } | { kind: 'column'; attr: MappedAttribute } | { kind: 'missing' };

function compileAttrExp(resource: ResourceMapping, path: AttrPath, compare: Compare | undefined, negate: boolean, missing?: MissingAttribute): Predicate {
  // `x eq null` means "x has no value" (≡ not (x pr)), also for multi-valued and complex x.
  if (compare?.value === null) {
    if (compare.op !== 'eq' && compare.op !== 'ne') throw invalidFilter(`"${compare.op}" cannot compare with null.`);
    return compileAttrExp(resource, path, undefined, compare.op === 'eq' ? !negate : negate, missing);
  }
  // `x ne v` is `not (x eq v)` (RFC 7644: a missing value is not equal), so on a multi-valued x it
  // holds when no element equals, including when there are no elements at all.
  if (compare?.op === 'ne') return compileAttrExp(resource, path, { ...compare, op: 'eq' }, !negate, missing);
  const resolution = resolvePath(resource, path);
  const shown = describePath(path);
  if (!resolution) return lacking(path, invalidFilter(`"${shown}" is not an attribute of ${resource.name}.`), negate, missing);
  if (resolution.kind === 'id') return compileId(resource, compare, negate);
  if (resolution.kind === 'virtual') {
    if (resolution.name !== 'resourceType' || (compare && compare.op !== 'eq')) throw invalidFilter(`"${shown}" cannot be filtered on; it is computed, not stored.`);
    const value = compare ? typeof compare.value === 'string' && compare.value.toLowerCase() === resource.name.toLowerCase() : true;
    return { kind: 'const', value: negate ? !value : value };
  }
  if (resolution.relation) return compileRelationExp(resource, resolution.relation, resolution.sub?.name, compare, negate);
  const { attribute, sub } = resolution;
  // `emails.type` is served by the elements' constants (`emails[type eq "work"].value: email`), not a column.
  const suppliedByElement = attribute.multiValued && sub !== undefined && resolution.mapped.length === 0
    && elementsOf(mappedUnder(resource, path)).some((e) => operandIn(e, sub.name).kind === 'constant');
  if (resolution.mapped.length === 0 && !suppliedByElement) return lacking(path, invalidFilter(`"${shown}" is not mapped to a column in this deployment, so it cannot be filtered on.`), negate, missing);
  // A filter is an oracle: matching on a value that is never returned (a password) would reveal it.
  if (resolution.mapped.some((m) => m.characteristics.returned === 'never' || m.characteristics.mutability === 'writeOnly')) {
    throw invalidFilter(`"${shown}" is never returned, so it cannot be filtered on.`);
  }
  if (!attribute.multiValued) {
    if (!sub && attribute.type === 'complex') {
      // meta always carries resourceType, location and version, so it is always present.
      if (!compare && attribute.name === 'meta') return { kind: 'const', value: !negate };
      if (compare) throw invalidFilter(`"${shown}" is complex; compare one of its sub-attributes, e.g. ${shown}.${attribute.subAttributes?.[0]?.name ?? 'value'}.`);
      return disjunction(negate, resolution.mapped.map((m) => leaf({ kind: 'column', attr: m }, undefined, negate)));
    }
    return leaf({ kind: 'column', attr: resolution.mapped[0] as MappedAttribute }, compare, negate);
  }
  // Multi-valued: the filter matches when any element matches (RFC 7644 §3.4.2.2).
  const elements = elementsOf(mappedUnder(resource, path));
  const subName = sub?.name ?? (compare ? 'value' : undefined);
  return disjunction(negate, elements.map((element) => {
    if (!subName) return junction(negate, [elementExists(element, negate)]);
    const operand = operandIn(element, subName);
    const test = leaf(operand, compare, negate);
    return operand.kind === 'constant' ? junction(negate, [elementExists(element, negate), test]) : test;
  }));
}

/** Every mapped column under the top-level attribute of `path` (all sub-attributes of all elements). */
function mappedUnder(resource: ResourceMapping, path: AttrPath): readonly MappedAttribute[] {
  const whole = resolvePath(resource, { name: path.name, ...(path.uri !== undefined ? { uri: path.uri } : {}) });
  return whole?.kind === 'attribute' ? whole.mapped : [];
}

function operandIn(element: readonly MappedAttribute[], subName: string): Operand {
  const column = element.find((m) => m.sub === subName);
  if (column) return { kind: 'column', attr: column };
  const constant = element[0]?.element?.constants[subName];
  return constant === undefined ? { kind: 'missing' } : { kind: 'constant', value: constant };
}

/**
 * An element held in columns exists when any of its columns is not NULL: that is when the renderer
 * emits it (an empty string still renders `{type: "work", value: ""}`), so `emails[type eq "work"]`
 * agrees with the resource the client sees. Whether the element's value is non-empty is `pr`'s job.
 */
function elementExists(element: readonly MappedAttribute[], negate: boolean): Predicate {
  return disjunction(negate, element.map((m): Predicate => ({ kind: 'in', column: m.column, values: [], anyNonNull: true, negated: negate })));
}

function compileValuePath(resource: ResourceMapping, path: AttrPath, inner: Filter, negate: boolean, missing?: MissingAttribute): Predicate {
  const resolution = resolvePath(resource, path);
  if (!resolution && path.sub === undefined) return lacking(path, invalidFilter(`"${describePath(path)}" is not an attribute of ${resource.name}.`), negate, missing);
  if (!resolution || resolution.kind !== 'attribute' || !resolution.attribute.multiValued || path.sub !== undefined) {
    throw invalidFilter(`"${describePath(path)}[…]" needs a multi-valued attribute before the brackets, such as emails or phoneNumbers.`);
  }
  if (resolution.relation) return compileRelationValuePath(resource, resolution.relation, inner, negate);
  if (resolution.mapped.length === 0) return lacking(path, invalidFilter(`"${describePath(path)}" is not mapped to a column in this deployment, so it cannot be filtered on.`), negate, missing);
  return disjunction(negate, elementsOf(resolution.mapped).map((element) =>
    junction(negate, [elementExists(element, negate), compileElementFilter(resource, path, element, inner, negate)])));
}

function compileElementFilter(resource: ResourceMapping, parent: AttrPath, element: readonly MappedAttribute[], filter: Filter, negate: boolean): Predicate {
  switch (filter.kind) {
    case 'and':
      return junction(negate, [compileElementFilter(resource, parent, element, filter.left, negate), compileElementFilter(resource, parent, element, filter.right, negate)]);
    case 'or':
      return disjunction(negate, [compileElementFilter(resource, parent, element, filter.left, negate), compileElementFilter(resource, parent, element, filter.right, negate)]);
    case 'not':
      return compileElementFilter(resource, parent, element, filter.filter, !negate);
    case 'valuePath':
      throw invalidFilter('Value filters cannot be nested inside another value filter.');
    case 'compare':
    case 'present': {
      const resolution = resolvePath(resource, filter.attrPath, parent);
      if (!resolution || resolution.kind !== 'attribute' || !resolution.sub) {
        throw invalidFilter(`"${filter.attrPath.name}" is not a sub-attribute of ${describePath(parent)}.`);
      }
      return leaf(operandIn(element, resolution.sub.name), filter.kind === 'compare' ? filter : undefined, negate);
    }
    default:
      return assertNever(filter, 'filter');
  }
}

/** One comparison (or `pr` when `compare` is undefined) against one operand. */
function leaf(operand: Operand, compare: Compare | undefined, negate: boolean): Predicate {
  if (operand.kind === 'missing') return { kind: 'const', value: negate };
  if (operand.kind === 'constant') {
    const value = compare ? compareConstant(operand.value, compare) : true;
    return { kind: 'const', value: negate ? !value : value };
  }
  const attr = operand.attr;
  if (attr.suspension || attr.also) return booleanLeaf(attr, compare, negate);
  if (!compare) return presentLeaf(attr, negate);
  const op: CompareOp = compare.op;
  const negated = op === 'ne' ? !negate : negate;
  if (compare.value === null) {
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`"${op}" cannot compare with null.`);
    return presentLeaf(attr, !negated);
  }
  const checked = checkFilterValue(attr, op, compare.value);
  if (checked.kind === 'in') return { kind: 'in', column: attr.column, values: checked.values, anyNonNull: checked.anyNonNull, negated, ...(checked.except?.length ? { except: checked.except } : {}) };
  return { kind: 'compare', column: attr.column, op: checked.op ?? (op === 'ne' ? 'eq' : op), value: checked.value, text: checked.text, negated };
}

function presentLeaf(attr: MappedAttribute, negate: boolean): Predicate {
  if (!attr.valueMap) return { kind: 'present', column: attr.column, negated: negate };
  // A mapped column "has a value" when its value reads as some SCIM value.
  const reads = mapReads(attr.valueMap, () => true);
  return { kind: 'in', column: attr.column, values: reads.values, anyNonNull: reads.anyNonNull, negated: negate, ...(reads.except.length ? { except: reads.except } : {}) };
}

/** A constant (an element's `type`, a membership's "direct") against a literal; text folds case. */
export function compareConstant(constant: string | boolean, compare: Compare): boolean {
  const { op, value } = compare;
  if (typeof constant === 'boolean' || typeof value !== 'string') return (op === 'eq' && value === constant) || (op === 'ne' && value !== constant);
  const a = constant.toLowerCase();
  const b = value.toLowerCase();
  switch (op) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'co': return a.includes(b);
    case 'sw': return a.startsWith(b);
    case 'ew': return a.endsWith(b);
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    default: return assertNever(op, 'operator');
  }
}

function compileId(resource: ResourceMapping, compare: Compare | undefined, negate: boolean): Predicate {
  if (!compare) return { kind: 'const', value: !negate };
  if (compare.op !== 'eq' && compare.op !== 'ne') throw invalidFilter('"id" supports only eq and ne.');
  if (typeof compare.value !== 'string') throw invalidFilter('"id" is a string; quote the value.');
  const negated = compare.op === 'ne' ? !negate : negate;
  const key = idToColumn(resource.id, compare.value);
  if (key === undefined) return { kind: 'const', value: negated };
  return { kind: 'compare', column: resource.id.column, op: 'eq', value: key, text: 'exact', negated };
}
