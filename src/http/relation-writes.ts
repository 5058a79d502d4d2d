/**
 * Writes to attributes held in other tables, inside the write's transaction: child-table elements
 * are replaced as a set when they change; group members are added and removed row by row, so a
 * membership change never loads a 100,000-member group.
 */
import type { Knex } from 'knex';
import type { ChildTableRelation, MembershipRelation, Relation } from '../mapping/relations.js';
import { relationsOf, rulesOf, type ResourceMapping } from '../mapping/types.js';
import { referenceToColumn } from '../plan/ids.js';
import { memberIds, splitMembership, type MembershipChange } from '../plan/membership-plan.js';
import { checkElements, elementsIn } from '../plan/child-elements.js';
import { lookup, type Json } from '../plan/resource-values.js';
import type { PatchOperation } from '../scim/patch-request.js';
import { addMembers, memberKeys, otherResource, ownerValues, removeMembers, writeChildren } from '../sql/relations.js';
import type { Deps } from './handlers.js';

function valueIn(resource: ResourceMapping, doc: Json, relation: Relation): unknown {
  const container = relation.schema === resource.core.id ? doc : lookup(doc, relation.schema);
  return lookup(container, relation.name);
}

const writable = (r: Relation) => r.kind === 'children' || r.name === 'members';

/** Applies membership changes in order; every id must name a live member (else 400, nothing written). */
export async function applyMembership(trx: Knex.Transaction, deps: Deps, resource: ResourceMapping, relation: MembershipRelation, owner: unknown, changes: readonly MembershipChange[]): Promise<void> {
  const other = otherResource(deps.mapping, relation);
  let ownerRow: Record<string, unknown> | undefined;
  for (const change of changes) {
    if (change.kind === 'clear') { await removeMembers(trx, relation, owner); continue; }
    if (change.kind === 'replace') await removeMembers(trx, relation, owner);
    if (change.kind === 'remove') {
      // Removing an absent member is not an error; unknown ids simply match no row.
      const keys = change.ids.map((id) => referenceToColumn(other.id, relation.otherColumn, id)).filter((k) => k !== undefined);
      await removeMembers(trx, relation, owner, keys);
      continue;
    }
    const keys = await memberKeys(trx, deps.dialect, other, change.ids, relation.otherColumn);
    ownerRow ??= await ownerValues(trx, resource, owner, relation.defaults);
    await addMembers(trx, deps.dialect, relation, owner, keys, ownerRow);
  }
}

/** POST and PUT: every writable relation takes the body's value (absent clears it on PUT). */
export async function writeRelationsFromBody(trx: Knex.Transaction, deps: Deps, resource: ResourceMapping, owner: unknown, body: Json, replacing: boolean): Promise<boolean> {
  let changed = false;
  for (const relation of relationsOf(resource).filter(writable)) {
    const value = valueIn(resource, body, relation);
    if (value === undefined && !replacing) continue;
    if (relation.kind === 'children') {
      const elements = elementsIn(relation, value);
      checkElements(relation, elements);
      await writeChildren(trx, deps.dialect, relation, owner, elements, await ownerValues(trx, resource, owner, relation.defaults));
    }
    else await applyMembership(trx, deps, resource, relation, owner, [{ kind: 'replace', ids: memberIds(value) }]);
    changed = true;
  }
  return changed;
}

/** A group's writable members relation, if the resource has one. */
export function membersOf(resource: ResourceMapping): MembershipRelation | undefined {
  return relationsOf(resource).find((r): r is MembershipRelation => r.kind === 'membership' && r.name === 'members');
}

/** The membership part of a PATCH, and the operations left for the ordinary path. */
export function splitPatch(resource: ResourceMapping, operations: readonly PatchOperation[]): { membership?: { relation: MembershipRelation; changes: readonly MembershipChange[] }; rest: readonly PatchOperation[] } {
  const relation = membersOf(resource);
  if (!relation) return { rest: operations };
  const split = splitMembership(relation, operations, rulesOf(resource).removeWithValue);
  return { ...(split.membership.length > 0 ? { membership: { relation, changes: split.membership } } : {}), rest: split.rest };
}

/**
 * The child tables a PATCH's operations may touch, which must be read before applying them (an
 * `add` to emails merges into the stored ones). Decided from the text of each operation's path and
 * value, so a doubt reads a table rather than skips it; Okta's deactivation (`active: false`)
 * touches none, and is applied without reading any.
 */
export function touchedChildren(resource: ResourceMapping, operations: readonly PatchOperation[]): ChildTableRelation[] {
  const text = operations.map((o) => `${o.pathText ?? ''} ${JSON.stringify(o.value ?? null)}`).join(' ').toLowerCase();
  return relationsOf(resource).filter((r): r is ChildTableRelation => r.kind === 'children' && text.includes(r.name.toLowerCase()));
}

/** PATCH on child tables: the elements after the operations replace the rows if they differ (only the tables read before). */
export async function writeChangedChildren(trx: Knex.Transaction, deps: Deps, resource: ResourceMapping, owner: unknown, before: Json, after: Json, read: readonly Relation[]): Promise<boolean> {
  let changed = false;
  for (const relation of relationsOf(resource)) {
    if (relation.kind !== 'children' || !read.includes(relation)) continue;
    const next = elementsIn(relation, valueIn(resource, after, relation));
    const previous = elementsIn(relation, valueIn(resource, before, relation));
    if (JSON.stringify(next) === JSON.stringify(previous)) continue;
    checkElements(relation, next, previous);
    await writeChildren(trx, deps.dialect, relation, owner, next, await ownerValues(trx, resource, owner, relation.defaults));
    changed = true;
  }
  return changed;
}

/**
 * Before a hard delete: the owner's child rows and join rows go first, so a schema without
 * ON DELETE CASCADE does not turn a DELETE into a foreign-key error.
 */
export async function deleteRelated(trx: Knex.Transaction, resource: ResourceMapping, owner: unknown): Promise<void> {
  for (const relation of relationsOf(resource)) {
    if (relation.kind === 'children') await trx(relation.table).where(relation.foreignKey.name, owner as Knex.Value).delete();
    else await removeMembers(trx, relation, owner);
  }
}
