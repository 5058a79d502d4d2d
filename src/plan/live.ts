/**
 * Which rows of a table exist for SCIM, as predicates: the resource's `scope` (its tenant, its row
 * type, its people-only conditions). Used for the resource's own queries (sql/read.ts liveRows) and
 * for the other side of a membership inside EXISTS (relation-predicate.ts), so both agree.
 */
import type { ColumnRef, ScopeCondition } from '../mapping/types.js';
import type { Predicate } from './predicate.js';

/**
 * One scope condition. A single value is an equality; a list (or null) an IN; `{ not: … }` its
 * negation, under which a NULL column matches unless null itself is excluded (`type: { not: bot }`
 * keeps rows without a type). `table` qualifies the resource's own columns (side columns carry theirs).
 */
export function scopePredicate(scope: ScopeCondition, table?: string): Predicate {
  const column: ColumnRef = scope.column.table === undefined && table !== undefined ? { ...scope.column, table } : scope.column;
  const [only, more] = scope.values;
  if (only !== undefined && only !== null && more === undefined && !scope.negated) {
    return { kind: 'compare', column, op: 'eq', value: only, text: 'none', negated: false };
  }
  return { kind: 'in', column, values: scope.values, anyNonNull: false, negated: scope.negated };
}

export function scopePredicates(scope: readonly ScopeCondition[], table?: string): Predicate[] {
  return scope.map((s) => scopePredicate(s, table));
}
