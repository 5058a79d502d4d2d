/**
 * Filters on attributes held in other tables compile to EXISTS over that table, correlated with
 * the owner's key: `phoneNumbers[type eq "work" and value co "555"]` is "some phone row of this
 * user matches", `members.value eq "user-7"` is "a join row links this group to user 7". A
 * negated test is NOT EXISTS, which is SCIM's "no element matches" (RFC 7644 §3.4.2.2).
 */
import { ScimError } from '../errors.js';
import type { MembershipRelation, Relation } from '../mapping/relations.js';
import type { ColumnRef, ColumnValue, MappedAttribute, ResourceMapping } from '../mapping/types.js';
import type { Compare, Filter } from '../scim/filter/ast.js';
import { assertNever } from '../util/assert-never.js';
import { checkFilterValue } from './filter-values.js';
import { scopePredicates } from './live.js';
import { TRUE, all, any, compareConstant, disjunction, junction, type Predicate } from './predicate.js';


function exists(resource: ResourceMapping, relation: Relation, inner: Predicate, negated: boolean): Predicate {
  const ownerKey = resource.id.column.name;
  if (relation.kind === 'children') return { kind: 'exists', table: relation.table, link: relation.foreignKey.name, ownerKey, inner, negated };
  const other = relation.otherRows;
  // Only the join rows that are memberships (a `where:` such as user_pending = 0) count.
  const rows = all([inner, ...scopePredicates(relation.where)]);
  if (!other) return { kind: 'exists', table: relation.through, link: relation.ownColumn.name, ownerKey, inner: rows, negated };
  // A deleted (or out-of-scope) group is no one's group: reads join the other side's live rows,
  // so the filter does too, or `groups pr` would match a user whose only group was deleted.
  return {
    kind: 'exists', table: relation.through, link: relation.ownColumn.name, ownerKey, negated,
    join: {
      table: other.table, on: relation.otherColumn.name, key: other.key.name,
      ...(other.joins.length > 0 ? { sides: other.joins.map((j) => ({ table: j.table, on: j.own.name, key: j.side.name })) } : {}),
    },
    inner: all([rows, ...liveOther(other)]),
  };
}

/** The other side's liveness (scope and soft delete, as sql/read.ts liveRows) as predicates on its table. */
function liveOther(other: NonNullable<MembershipRelation['otherRows']>): Predicate[] {
  const on = (column: ColumnRef): ColumnRef => ({ ...column, table: other.table });
  const isIn = (column: ColumnRef, values: readonly ColumnValue[]): Predicate => ({ kind: 'in', column: on(column), values, anyNonNull: false, negated: false });
  const live = scopePredicates(other.scope, other.table);
  const del = other.delete;
  if (del.mode === 'soft') live.push(isIn(del.column, del.live === null ? [null] : [del.live, null]));
  return live;
}

/** The field behind a sub-attribute, as a column attribute of the child (or join) table. */
function fieldOf(relation: Relation, sub: string): MappedAttribute | { constant: string } | undefined {
  if (relation.kind === 'membership') {
    if (sub === 'type') return { constant: relation.name === 'members' ? relation.other : 'direct' };
    if (sub !== 'value') return undefined;
    const def = relation.attribute.subAttributes?.find((s) => s.name === 'value');
    if (!def) return undefined;
    return {
      key: `${relation.name}.value`, schema: relation.schema, name: relation.name, sub: 'value', attribute: relation.attribute, leaf: def,
      type: 'string', characteristics: { mutability: def.mutability, returned: def.returned, required: false, uniqueness: 'none', caseExact: true },
      column: { ...relation.otherColumn, table: relation.through }, position: relation.position,
      ...(relation.otherId ? { reference: relation.otherId } : {}),
    };
  }
  const field = relation.fields.find((f) => f.sub === sub);
  if (!field) return undefined;
  return {
    key: `${relation.name}.${sub}`, schema: relation.schema, name: relation.name, sub, attribute: relation.attribute, leaf: field.def,
    type: field.def.type, characteristics: field.characteristics, column: { ...field.column, table: relation.table }, position: relation.position,
  };
}

/** One test on one sub-attribute of an element row; `compare` undefined is `pr`. */
function fieldLeaf(relation: Relation, sub: string, compare: Compare | undefined, negate: boolean): Predicate {
  const field = fieldOf(relation, sub);
  if (!field) {
    if (relation.attribute.subAttributes?.some((s) => s.name === sub)) {
      throw ScimError.of('invalidFilter', `"${relation.name}.${sub}" is not stored, so it cannot be filtered on.`);
    }
    throw ScimError.of('invalidFilter', `"${sub}" is not a sub-attribute of ${relation.name}.`);
  }
  if ('constant' in field) {
    // Every operator, as for constants held in columns' elements (`groups.type sw "dir"`).
    const matched = compare ? compareConstant(field.constant, compare) : true;
    return { kind: 'const', value: negate ? !matched : matched };
  }
  if (!compare) return { kind: 'present', column: field.column, negated: negate };
  if (compare.value === null && compare.op !== 'eq' && compare.op !== 'ne') throw ScimError.of('invalidFilter', `"${compare.op}" cannot compare with null.`);
  if (compare.value === null) return { kind: 'present', column: field.column, negated: compare.op === 'eq' ? !negate : negate };
  const negated = compare.op === 'ne' ? !negate : negate;
  const checked = checkFilterValue(field, compare.op, compare.value);
  if (checked.kind === 'in') return { kind: 'in', column: field.column, values: checked.values, anyNonNull: checked.anyNonNull, negated, ...(checked.except?.length ? { except: checked.except } : {}) };
  return { kind: 'compare', column: field.column, op: checked.op ?? (compare.op === 'ne' ? 'eq' : compare.op), value: checked.value, text: checked.text, negated };
}

const subOf = (name: string, relation: Relation) =>
  relation.attribute.subAttributes?.find((s) => s.name.toLowerCase() === name.toLowerCase())?.name ?? name;

/**
 * `phoneNumbers pr`: some element has a non-empty value (RFC 7644 §3.4.2.2 `pr`), so a child row
 * whose fields are all NULL or '' does not count; a membership row always carries its id.
 */
function someField(relation: Relation): Predicate {
  if (relation.kind === 'membership') return TRUE;
  return any(relation.fields.map((f): Predicate => ({ kind: 'present', column: { ...f.column, table: relation.table }, negated: false })));
}

/** `phoneNumbers.value co "5"`, `members eq "user-1"` (the value sub-attribute), `emails pr`. */
export function compileRelationExp(resource: ResourceMapping, relation: Relation, sub: string | undefined, compare: Compare | undefined, negate: boolean): Predicate {
  if (compare === undefined && sub === undefined) return exists(resource, relation, someField(relation), negate);
  // A multi-valued attribute matches when some element does; `ne` is "no element equals".
  // `x eq null` is "no element has x" (NOT EXISTS x present); `x ne null` is "some element has x".
  if (compare?.value === null && compare.op !== 'eq' && compare.op !== 'ne') throw ScimError.of('invalidFilter', `"${compare.op}" cannot compare with null.`);
  const flip = compare?.value === null ? compare.op === 'eq' : compare?.op === 'ne';
  const positive: Compare | undefined = compare && compare.value !== null ? { ...compare, op: compare.op === 'ne' ? 'eq' : compare.op } : undefined;
  const inner = fieldLeaf(relation, subOf(sub ?? 'value', relation), positive, false);
  return exists(resource, relation, inner, flip ? !negate : negate);
}

/** `phoneNumbers[type eq "work" and value sw "+1"]`. */
export function compileRelationValuePath(resource: ResourceMapping, relation: Relation, filter: Filter, negate: boolean): Predicate {
  return exists(resource, relation, element(relation, filter, false), negate);
}

function element(relation: Relation, filter: Filter, negate: boolean): Predicate {
  switch (filter.kind) {
    case 'and':
      return junction(negate, [element(relation, filter.left, negate), element(relation, filter.right, negate)]);
    case 'or':
      return disjunction(negate, [element(relation, filter.left, negate), element(relation, filter.right, negate)]);
    case 'not':
      return element(relation, filter.filter, !negate);
    case 'valuePath':
      throw ScimError.of('invalidFilter', 'Value filters cannot be nested inside another value filter.');
    case 'compare':
    case 'present':
      if (filter.attrPath.sub !== undefined || filter.attrPath.uri !== undefined) {
        throw ScimError.of('invalidFilter', `"${filter.attrPath.name}" inside ${relation.name}[…] must be a sub-attribute name.`);
      }
      return fieldLeaf(relation, subOf(filter.attrPath.name, relation), filter.kind === 'compare' ? filter : undefined, negate);
    default:
      return assertNever(filter, 'filter');
  }
}
