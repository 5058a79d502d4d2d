/**
 * Reading and writing attributes held in other tables. Reads take a whole page of owners at once
 * (one query per relation, never one per row); membership writes touch only the rows named.
 */
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { ChildTableRelation, MembershipRelation, Relation } from '../mapping/relations.js';
import { deriveValue } from '../mapping/compile-derived.js';
import { isOwnerColumn, type ColumnRef, type ColumnValue, type InsertDefault, type Mapping, type ResourceMapping } from '../mapping/types.js';
import { columnToScim, normalizeColumnValue } from '../mapping/values.js';
import { scopePredicates } from '../plan/live.js';
import { all } from '../plan/predicate.js';
import { resolveValue } from './bind-values.js';
import { whereFragment } from './where.js';
import { idFromColumn, idToColumn, referenceToColumn } from '../plan/ids.js';
import type { Dialect } from './dialect.js';
import { liveRows, type Db } from './read.js';

export type Element = Record<string, unknown>;
/** Owner key (as text) → relation name → elements. */
export type RelationValues = Map<string, Map<string, Element[]>>;

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function add(values: RelationValues, owner: unknown, name: string, element: Element): void {
  const key = String(owner);
  const byName = values.get(key) ?? new Map<string, Element[]>();
  values.set(key, byName);
  const list = byName.get(name);
  if (list) list.push(element); // in place: copying would make a 100,000-member group quadratic
  else byName.set(name, [element]);
}

export function otherResource(mapping: Mapping, relation: MembershipRelation): ResourceMapping {
  const other = mapping.resources.find((r) => r.name === relation.other);
  if (!other) throw ScimError.status(500, `The mapping has ${relation.name} but no ${relation.other} resource.`);
  return other;
}

/** The other side's displayName attribute, where it is a column its queries can select (not a key-value row). */
function displayColumn(resource: ResourceMapping) {
  const display = resource.attributes.find((a) => a.name === 'displayName' && a.sub === undefined);
  return display?.column.keyed === undefined ? display : undefined;
}

/** Reads the given relations for a page of owners. */
export async function readRelations(db: Db, dialect: Dialect, mapping: Mapping, relations: readonly Relation[], keys: readonly unknown[], baseUrl: string): Promise<RelationValues> {
  const values: RelationValues = new Map();
  if (keys.length === 0) return values;
  for (const relation of relations) {
    for (const page of chunks(keys)) {
      if (relation.kind === 'children') await readChildren(db, relation, page, values);
      else await readMembership(db, dialect, mapping, relation, page, baseUrl, values);
    }
  }
  return values;
}

async function readChildren(db: Db, relation: ChildTableRelation, keys: readonly unknown[], values: RelationValues): Promise<void> {
  const fk = `${relation.table}.${relation.foreignKey.name}`;
  const rows: Record<string, unknown>[] = await db(relation.table)
    .select([`${fk} as __owner`, ...relation.fields.map((f) => `${relation.table}.${f.column.name}`)])
    .whereIn(fk, keys as Knex.Value[])
    .orderBy([fk, ...relation.fields.map((f) => `${relation.table}.${f.column.name}`)]);
  for (const row of rows) {
    const element: Element = {};
    for (const f of relation.fields) {
      const v = normalizeColumnValue(f.column.kind, row[f.column.name]);
      if (v === null) continue;
      element[f.sub] = f.def.type === 'boolean' ? Boolean(v) : v instanceof Date ? v.toISOString() : f.def.type === 'string' || f.def.type === 'reference' ? String(v) : v;
    }
    add(values, row['__owner'], relation.name, element);
  }
}

/** The membership rows of `keys` (owner, other key, the other's display name), live members only, in (owner, other) order. */
function membershipQuery(db: Db, dialect: Dialect, mapping: Mapping, relation: MembershipRelation, keys: readonly unknown[]): Knex.QueryBuilder {
  const other = otherResource(mapping, relation);
  const display = displayColumn(other);
  const own = `${relation.through}.${relation.ownColumn.name}`;
  const otherKey = `${relation.through}.${relation.otherColumn.name}`;
  const query = liveRows(db, dialect, other)
    .join(relation.through, otherKey, `${other.table}.${other.id.column.name}`)
    .select([`${own} as __owner`, `${otherKey} as __other`, ...(display ? [`${display.column.table ?? other.table}.${display.column.name} as __display`] : [])])
    .whereIn(own, keys as Knex.Value[])
    .orderBy([own, otherKey]);
  if (relation.where.length > 0) {
    const where = whereFragment(dialect, relation.through, all(scopePredicates(relation.where)));
    query.whereRaw(`(${where.sql})`, where.bindings as Knex.RawBinding[]);
  }
  return query;
}

/** Membership rows as SCIM elements (value, $ref, display, type); what they share is worked out once. */
function membershipElements(mapping: Mapping, relation: MembershipRelation, baseUrl: string): (row: Record<string, unknown>) => Element {
  const other = otherResource(mapping, relation);
  const display = displayColumn(other);
  const prefix = `${baseUrl}${other.endpoint}/`;
  const type = relation.name === 'members' ? other.name : 'direct';
  return (row) => {
    const id = idFromColumn(other.id, row['__other']);
    const shown = display ? columnToScim(display, row['__display']) : undefined;
    return { value: id, $ref: `${prefix}${encodeURIComponent(id)}`, ...(shown !== undefined ? { display: shown } : {}), type };
  };
}

/** Members (or a user's groups), with display names from the other side's displayName column. */
async function readMembership(db: Db, dialect: Dialect, mapping: Mapping, relation: MembershipRelation, keys: readonly unknown[], baseUrl: string, values: RelationValues): Promise<void> {
  const rows: Record<string, unknown>[] = await membershipQuery(db, dialect, mapping, relation, keys);
  const element = membershipElements(mapping, relation, baseUrl);
  for (const row of rows) add(values, row['__owner'], relation.name, element(row));
}

/**
 * Up to `limit` members of one owner after the other-side key `after` (keyset on the membership
 * table's key, which its primary key or index orders), for a response that writes a large group's
 * members as it reads them. `last` is where the next page starts.
 */
export async function readMembershipPage(db: Db, dialect: Dialect, mapping: Mapping, relation: MembershipRelation, owner: unknown, after: unknown, limit: number, baseUrl: string): Promise<{ elements: Element[]; last: unknown }> {
  const query = membershipQuery(db, dialect, mapping, relation, [owner]).limit(limit);
  if (after !== undefined) query.where(`${relation.through}.${relation.otherColumn.name}`, '>', after as Knex.Value);
  const rows: Record<string, unknown>[] = await query;
  return { elements: rows.map(membershipElements(mapping, relation, baseUrl)), last: rows[rows.length - 1]?.['__other'] };
}

/**
 * The owning row's columns that a relation's `$owner.<column>` defaults copy (one read per write),
 * or undefined when it has none.
 */
export async function ownerValues(trx: Knex.Transaction, owner: ResourceMapping, key: unknown, defaults: readonly InsertDefault[]): Promise<Record<string, unknown> | undefined> {
  const columns = [...new Set(defaults.flatMap((d) => (isOwnerColumn(d.value) ? [d.value.owner.name] : [])))];
  if (columns.length === 0) return undefined;
  return await trx(owner.table).where(owner.id.column.name, key as Knex.Value).first(columns) as Record<string, unknown> | undefined;
}

/** The relation's `defaults:` for one inserted row. */
function defaultValues(dialect: Dialect, defaults: readonly InsertDefault[], now: Date, ownerRow?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(defaults.map((d) => [d.column.name, resolveValue(dialect, d.column, d.value, now, ownerRow)]));
}

/**
 * Deletes the rows of `table` whose `column` holds `owner`, skipping the DELETE when there are
 * none. On InnoDB a DELETE that matches nothing still takes a next-key lock on the gap where the
 * owner's rows would go (for a new owner: the end of the index), and two transactions holding that
 * gap then deadlock on their INSERTs into it; the plain read takes no lock. It is safe because
 * the owner's rows are written only under the owner's row lock, or for an owner created in this
 * transaction, whose key no other transaction knows yet.
 */
export async function deleteOwnedRows(trx: Knex.Transaction, table: string, column: string, owner: unknown): Promise<void> {
  const rows = () => trx(table).where(column, owner as Knex.Value);
  if (await rows().first(column)) await rows().delete();
}

/** Replaces a child table's rows for one owner (PUT, PATCH, POST). */
export async function writeChildren(trx: Knex.Transaction, dialect: Dialect, relation: ChildTableRelation, owner: unknown, elements: readonly Element[], ownerRow?: Readonly<Record<string, unknown>>): Promise<void> {
  await deleteOwnedRows(trx, relation.table, relation.foreignKey.name, owner);
  if (elements.length === 0) return;
  const now = new Date();
  const rows = elements.map((e) => {
    const row: Record<string, unknown> = { ...defaultValues(dialect, relation.defaults, now, ownerRow), [relation.foreignKey.name]: owner };
    for (const f of relation.fields) {
      const v = e[f.sub];
      // An absent boolean (`primary` left out) is false, so NOT NULL flags take it.
      if (f.def.type === 'boolean') row[f.column.name] = dialect.bind(v === true || v === 'true', f.column);
      else row[f.column.name] = v === undefined || v === null ? null : dialect.bind(v as string | number, f.column);
    }
    for (const d of relation.derived) row[d.column.name] = deriveValue(d.transforms, row[d.from.name]);
    return row;
  });
  for (const part of chunks(rows)) await trx(relation.table).insert(part);
}

/**
 * SCIM member ids → the other side's keys; every id must name a live resource in the other side's
 * scope, whose key the join table's `column` can hold (else 400, nothing written: one answer for
 * every reason, so out-of-scope ids cannot be told from unknown ones).
 */
export async function memberKeys(db: Db, dialect: Dialect, other: ResourceMapping, ids: readonly string[], column?: ColumnRef): Promise<unknown[]> {
  const keys = ids.map((id) => ({ id, key: column && referenceToColumn(other.id, column, id) === undefined ? undefined : idToColumn(other.id, id) }));
  const unknown = keys.filter((k) => k.key === undefined).map((k) => k.id);
  const wanted = [...new Set(keys.filter((k) => k.key !== undefined).map((k) => k.key))];
  const found = new Set<string>();
  for (const page of chunks(wanted)) {
    const rows: Record<string, unknown>[] = await liveRows(db, dialect, other).select(`${other.table}.${other.id.column.name} as k`).whereIn(`${other.table}.${other.id.column.name}`, page as Knex.Value[]);
    rows.forEach((r) => found.add(String(r['k'])));
  }
  unknown.push(...keys.filter((k) => k.key !== undefined && !found.has(String(k.key))).map((k) => k.id));
  if (unknown.length > 0) {
    throw ScimError.of('invalidValue', `No ${other.name} with id ${unknown.slice(0, 5).map((u) => `"${u}"`).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}; nothing was changed.`);
  }
  return wanted as unknown[];
}

/**
 * Adds members that are not there yet (adding an existing member is not an error); join rows get
 * the relation's defaults and its `where:` values. A join row that exists but is not a membership
 * (pending, soft-deleted) is made one by writing the `where:` values into it.
 */
export async function addMembers(trx: Knex.Transaction, dialect: Dialect, relation: MembershipRelation, owner: unknown, keys: readonly unknown[], ownerRow?: Readonly<Record<string, unknown>>): Promise<void> {
  const now = new Date();
  const membership = Object.fromEntries(relation.where.filter((w) => w.write !== undefined).map((w) => [w.column.name, dialect.bind(w.write as ColumnValue, w.column)]));
  for (const page of chunks(keys)) {
    const existing: Record<string, unknown>[] = await trx(relation.through).select(`${relation.otherColumn.name} as k`)
      .where(relation.ownColumn.name, owner as Knex.Value).whereIn(relation.otherColumn.name, page as Knex.Value[]);
    const have = new Set(existing.map((r) => String(r['k'])));
    const rows = page.filter((k) => !have.has(String(k))).map((k) => ({
      ...defaultValues(dialect, relation.defaults, now, ownerRow), ...membership, [relation.ownColumn.name]: owner, [relation.otherColumn.name]: k,
    }));
    if (rows.length > 0) await trx(relation.through).insert(rows);
    const revived = page.filter((k) => have.has(String(k)));
    if (revived.length > 0 && Object.keys(membership).length > 0) {
      await trx(relation.through).where(relation.ownColumn.name, owner as Knex.Value).whereIn(relation.otherColumn.name, revived as Knex.Value[]).update(membership);
    }
  }
}

/** Removes the named members (removing an absent one is not an error); no keys = all members. */
export async function removeMembers(trx: Knex.Transaction, relation: MembershipRelation, owner: unknown, keys?: readonly unknown[]): Promise<void> {
  if (keys === undefined) {
    await deleteOwnedRows(trx, relation.through, relation.ownColumn.name, owner);
    return;
  }
  for (const page of chunks(keys)) {
    await trx(relation.through).where(relation.ownColumn.name, owner as Knex.Value).whereIn(relation.otherColumn.name, page as Knex.Value[]).delete();
  }
}

/** Display names of the given keys of `target` (its mapped displayName), for references such as the manager. */
export async function readDisplayNames(db: Db, dialect: Dialect, target: ResourceMapping, keys: readonly unknown[]): Promise<Map<string, unknown>> {
  const names = new Map<string, unknown>();
  const display = displayColumn(target);
  if (!display || keys.length === 0) return names;
  const idColumn = `${target.table}.${target.id.column.name}`;
  for (const page of chunks([...new Set(keys.map(String))])) {
    const rows: Record<string, unknown>[] = await liveRows(db, dialect, target)
      .select([`${idColumn} as __key`, `${display.column.table ?? target.table}.${display.column.name} as __display`]).whereIn(idColumn, page);
    for (const row of rows) names.set(String(row['__key']), columnToScim(display, row['__display']));
  }
  return names;
}
