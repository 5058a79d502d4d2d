/**
 * PATCH operations on a group's `members`, planned without loading the membership: a group with
 * 100,000 members takes an add or remove of three as three rows' work. What Okta and Entra send:
 * - Okta: `{"op":"add","path":"members","value":[{"value":"user-1"}]}`,
 *   `{"op":"remove","path":"members[value eq \"user-1\"]"}`, and `replace` with the full set.
 * - Entra: `{"op":"Add","path":"members","value":[{"value":"id"}, …]}` and
 *   `{"op":"Remove","path":"members","value":[{"value":"id"}]}` — removes only those (rule
 *   "remove-with-value"; a spec-literal server would remove every member).
 * Operations on other attributes pass through unchanged to the ordinary PATCH path.
 */
import { ScimError } from '../errors.js';
import type { MembershipRelation } from '../mapping/relations.js';
import type { Filter } from '../scim/filter/ast.js';
import type { PatchOperation } from '../scim/patch-request.js';
import { isObject, lookup } from './resource-values.js';

export type MembershipChange =
  | { readonly kind: 'add' | 'remove' | 'replace'; readonly ids: readonly string[] }
  | { readonly kind: 'clear' };

export interface SplitPatch {
  readonly membership: readonly MembershipChange[];
  readonly rest: readonly PatchOperation[];
}

const isMembers = (relation: MembershipRelation, name: string) => name.toLowerCase() === relation.name.toLowerCase();

/** The ids in `[{value: "user-1"}, …]` (or a single object, or bare strings). */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((item) => {
    const id = isObject(item) ? lookup(item, 'value') : item;
    if (typeof id !== 'string' && typeof id !== 'number') throw ScimError.of('invalidValue', 'Each member must be an object with a "value" holding the member\'s id.');
    return String(id);
  });
}

/** `value eq "a"`, or several joined by `or`: the ids a member filter names. */
function filterIds(filter: Filter): string[] | undefined {
  if (filter.kind === 'or') {
    const l = filterIds(filter.left);
    const r = filterIds(filter.right);
    return l && r ? [...l, ...r] : undefined;
  }
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.attrPath.name.toLowerCase() === 'value' && filter.attrPath.sub === undefined) {
    return typeof filter.value === 'string' || typeof filter.value === 'number' ? [String(filter.value)] : undefined;
  }
  return undefined;
}

function pathChange(relation: MembershipRelation, op: PatchOperation, removeWithValue: boolean): MembershipChange {
  const path = op.path;
  if (path?.subAttr !== undefined || path?.attrPath.sub !== undefined) {
    throw ScimError.of('invalidPath', `"${op.pathText}": sub-attributes of ${relation.name} cannot be changed; add or remove whole members.`);
  }
  if (path?.filter) {
    const ids = filterIds(path.filter);
    if (!ids) throw ScimError.of('invalidPath', `"${op.pathText}": filter ${relation.name} by value, e.g. ${relation.name}[value eq "…"].`);
    if (op.op !== 'remove') throw ScimError.of('invalidPath', `"${op.pathText}": a filtered ${relation.name} path can only be removed.`);
    return { kind: 'remove', ids };
  }
  if (op.op === 'remove') {
    return removeWithValue && op.value !== undefined && op.value !== null ? { kind: 'remove', ids: memberIds(op.value) } : { kind: 'clear' };
  }
  return { kind: op.op, ids: memberIds(op.value) };
}

/** Splits a PATCH into membership changes and everything else, keeping the order of the rest. */
export function splitMembership(relation: MembershipRelation, operations: readonly PatchOperation[], removeWithValue = true): SplitPatch {
  const membership: MembershipChange[] = [];
  const rest: PatchOperation[] = [];
  for (const op of operations) {
    if (op.path) {
      if (isMembers(relation, op.path.attrPath.name) && op.path.attrPath.uri === undefined) membership.push(pathChange(relation, op, removeWithValue));
      else rest.push(op);
      continue;
    }
    const value = op.value as Record<string, unknown>;
    const key = Object.keys(value).find((k) => isMembers(relation, k));
    if (key === undefined) { rest.push(op); continue; }
    membership.push({ kind: op.op === 'add' ? 'add' : 'replace', ids: memberIds(value[key]) });
    const others = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    if (Object.keys(others).length > 0) rest.push({ ...op, value: others });
  }
  return { membership, rest };
}
