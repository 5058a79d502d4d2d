/**
 * Filters on a boolean read from more than one thing: a suspension timestamp (`inactiveWhile:
 * future`: true unless its time is in the future) and `also` conditions (`active` is true only
 * when the flag is true and every other condition holds). The predicate says exactly what
 * rendering says (render/resource.ts valueOf): `active eq false` is "the column reads false, or it
 * reads true and some other condition fails"; a row whose column reads nothing has no `active`.
 */
import { ScimError } from '../errors.js';
import type { Condition, MappedAttribute } from '../mapping/types.js';
import { mapReads } from '../mapping/values.js';
import type { Compare } from '../scim/filter/ast.js';
import { all, any, negation, type Predicate } from './predicate.js';

/** The predicate "this condition reads `value`" (true or false). */
function reads(condition: Condition, value: boolean): Predicate {
  const { column } = condition;
  if (condition.suspension) return { kind: 'future', column, negated: value };
  if (condition.valueMap) {
    const reads = mapReads(condition.valueMap, (e) => e.scim === value);
    return { kind: 'in', column, values: reads.values, anyNonNull: reads.anyNonNull, negated: false, ...(reads.except.length ? { except: reads.except } : {}) };
  }
  const bound = column.kind === 'integer' ? Number(value) : value;
  return { kind: 'compare', column, op: 'eq', value: bound, text: 'none', negated: false };
}

/** Whether the boolean has a value at all (`active pr`): its own column reads something. */
function present(main: Condition): Predicate {
  if (main.suspension) return { kind: 'const', value: true };
  return any([reads(main, true), reads(main, false)]);
}

/** `attr eq true|false`, `attr ne …`, `attr pr` (compare undefined), under `negate`. */
export function booleanLeaf(attr: MappedAttribute, compare: Compare | undefined, negate: boolean): Predicate {
  const main: Condition = { column: attr.column, ...(attr.valueMap ? { valueMap: attr.valueMap } : {}), ...(attr.suspension ? { suspension: true } : {}) };
  const also = attr.also ?? [];
  let positive: Predicate;
  if (compare === undefined) {
    positive = present(main);
  } else {
    if (typeof compare.value !== 'boolean' || (compare.op !== 'eq' && compare.op !== 'ne')) {
      throw ScimError.of('invalidFilter', `"${attr.key}" is a boolean; compare it with eq or ne and true or false.`);
    }
    const want = (compare.op === 'eq') === compare.value;
    // As conditionHolds: an `also` condition holds only when it reads true (NULL or an unmapped value fails it).
    const holds = all([reads(main, true), ...also.map((c) => reads(c, true))]);
    positive = want ? holds : any([reads(main, false), all([reads(main, true), any(also.map((c) => negation(reads(c, true))))])]);
  }
  return negate ? negation(positive) : positive;
}
