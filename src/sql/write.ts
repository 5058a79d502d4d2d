/**
 * WritePlan → INSERT / UPDATE / DELETE inside one transaction. A plan's columns may live in the
 * resource's own table, in one-to-one side tables (`join:`) and in key-value rows; side-writes.ts
 * writes those in the order their foreign keys need. Uniqueness is checked in the same
 * transaction as the write (and backed by the database's own unique index where one exists: its
 * violation is translated by transaction.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import { NOW, joinsOf, rowKey, type ColumnRef, type ColumnValue, type DefaultColumnValue, type ResourceMapping } from '../mapping/types.js';
import { randomKey, resolveValue } from './bind-values.js';
import type { UniqueCheck, WritePlan } from '../plan/write-plan.js';
import type { Predicate } from '../plan/predicate.js';
import type { Dialect } from './dialect.js';
import { liveRows } from './read.js';
import { ownerValues } from './relations.js';
import { deleteSideRows, insertSideFirst, insertSideLater, updateSides, type BoundColumn } from './side-writes.js';
import { whereFragment } from './where.js';

/** Every column a write may name, by row key: attributes, `also` columns, scope, defaults, derived, side-table defaults. */
function columnRefs(resource: ResourceMapping): Map<string, ColumnRef> {
  const refs = new Map<string, ColumnRef>();
  const add = (c: ColumnRef) => { if (!refs.has(rowKey(c))) refs.set(rowKey(c), c); };
  resource.attributes.forEach((a) => { add(a.column); (a.also ?? []).forEach((c) => add(c.column)); });
  resource.scope.forEach((s) => add(s.column));
  (resource.insertDefaults ?? []).forEach((d) => add(d.column));
  (resource.derived ?? []).forEach((d) => add(d.column));
  return refs;
}

/** A plan's columns with their refs and driver values. */
function boundColumns(dialect: Dialect, resource: ResourceMapping, columns: Readonly<Record<string, DefaultColumnValue>>, now: Date): BoundColumn[] {
  const refs = columnRefs(resource);
  return Object.entries(columns).map(([key, value]) => {
    const ref = refs.get(key) ?? { name: key, kind: 'string' as const, nullable: true };
    return { ref, value: resolveValue(dialect, ref, value, now) };
  });
}

const ownRow = (columns: readonly BoundColumn[]): Record<string, unknown> =>
  Object.fromEntries(columns.filter((c) => c.ref.table === undefined).map((c) => [c.ref.name, c.value]));

/**
 * The lock key of one unique value: table, column, scope and the value as compared (folded when
 * caseExact is false), hashed so it fits every dialect's lock name.
 */
function uniqueLockKey(resource: ResourceMapping, check: UniqueCheck): string {
  const value = check.value instanceof Date ? check.value.toISOString() : String(check.value);
  const folded = check.attr.characteristics.caseExact ? value : value.toLowerCase();
  const scope = resource.scope.map((s) => `${rowKey(s.column)}${s.negated ? '!' : '='}${JSON.stringify(s.values)}`).join('&');
  return createHash('sha256').update(JSON.stringify([resource.table, rowKey(check.attr.column), scope, folded])).digest('hex');
}

/** The predicate "this attribute's column holds `value`", compared as the attribute compares. */
function equals(check: UniqueCheck): Predicate {
  const { attr } = check;
  const textual = attr.column.kind === 'string' || attr.column.kind === 'other';
  const text = textual ? (attr.characteristics.caseExact ? 'exact' : 'ci') : 'none';
  return { kind: 'compare', column: attr.column, op: 'eq', value: check.value as ColumnValue, text, negated: false };
}

/**
 * RFC 7643 §2.4 uniqueness, checked inside the write's transaction. Each value is locked first
 * (Dialect.lockKey, in key order so two writers cannot deadlock), so two concurrent POSTs of the
 * same userName serialise: the second sees the first's committed row and gets 409, with or
 * without a unique index in the database.
 */
export async function checkUnique(db: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, checks: readonly UniqueCheck[], exceptKey?: string | number): Promise<void> {
  const live = checks.filter((c) => c.value !== NOW);
  for (const key of [...new Set(live.map((c) => uniqueLockKey(resource, c)))].sort()) await dialect.lockKey(db, key);
  const idColumn = `${resource.table}.${resource.id.column.name}`;
  for (const check of live) {
    const match = whereFragment(dialect, resource.table, equals(check), resource.id.column.name);
    const query = liveRows(db, dialect, resource).first(idColumn).whereRaw(`(${match.sql})`, match.bindings as Knex.RawBinding[]);
    if (exceptKey !== undefined) query.whereNot(idColumn, exceptKey);
    if (await query) {
      const { attr } = check;
      throw ScimError.of('uniqueness', `A ${resource.name} with this ${attr.key} already exists${attr.characteristics.caseExact ? '' : ' (compared case-insensitively)'}.`);
    }
  }
}

export async function insertRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, plan: WritePlan): Promise<string | number> {
  await checkUnique(trx, dialect, resource, plan.uniqueChecks);
  const now = new Date();
  const columns = boundColumns(dialect, resource, plan.columns, now);
  const row = { ...ownRow(columns), ...(await insertSideFirst(trx, dialect, resource, columns, now)) };
  const idColumn = resource.id.column.name;
  let key: string | number;
  if (resource.id.generate !== 'database') {
    key = resource.id.generate === 'uuid' ? randomUUID() : randomKey(resource.id.column.maxLength ?? 26);
    await trx(resource.table).insert({ ...row, [idColumn]: key });
  } else {
    key = (await dialect.insertReturningKey(trx, resource.table, row, idColumn)) as string | number;
  }
  await insertSideLater(trx, dialect, resource, key, columns, now);
  await insertCompanions(trx, dialect, resource, key, now);
  return key;
}

/** `onCreate:` rows, with `$owner.<column>` read from the row just written. */
async function insertCompanions(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number, now: Date): Promise<void> {
  for (const companion of resource.onCreate ?? []) {
    const owner = await ownerValues(trx, resource, key, companion.values);
    const row = Object.fromEntries(companion.values.map((v) => [v.column.name, resolveValue(dialect, v.column, v.value, now, owner)]));
    if (companion.keyInto === undefined) {
      await trx(companion.table).insert(row);
      continue;
    }
    // A row the new resource points at and that points back (Zulip's PERSONAL recipient): insert, then link.
    const made = await dialect.insertReturningKey(trx, companion.table, row, companion.keyInto.key.name);
    await trx(resource.table).where(resource.id.column.name, key).update({ [companion.keyInto.column.name]: made });
  }
}

export async function updateRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number, plan: WritePlan): Promise<void> {
  if (Object.keys(plan.columns).length === 0) return;
  await checkUnique(trx, dialect, resource, plan.uniqueChecks, key);
  const now = new Date();
  const columns = boundColumns(dialect, resource, plan.columns, now);
  const own = ownRow(columns);
  if (Object.keys(own).length > 0) await trx(resource.table).where(resource.id.column.name, key).update(own);
  await updateSides(trx, dialect, resource, key, columns, now);
}

/**
 * Hard delete removes the row (its side rows and key-value rows too, in foreign-key order); soft
 * delete sets the marker (the rows stay in the application's tables). The caller has already
 * found and locked the live row, so the statements address it by key alone.
 */
export async function deleteRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number): Promise<void> {
  const del = resource.delete;
  const rows = () => trx(resource.table).where(resource.id.column.name, key);
  if (del.mode === 'soft') {
    const value = del.deleted === NOW ? new Date() : del.deleted;
    await rows().update({ [del.column.name]: dialect.bind(value, del.column) });
    return;
  }
  const pointed = (resource.onCreate ?? []).flatMap((c) => (c.keyInto ? [c] : []));
  const linkColumns = [...joinsOf(resource).map((j) => j.own.name), ...pointed.map((c) => c.keyInto?.column.name as string)];
  const links = linkColumns.length > 0 ? await rows().first(linkColumns) as Record<string, unknown> | undefined : undefined;
  await deleteSideRows(trx, resource, key, 'before');
  await rows().delete();
  await deleteSideRows(trx, resource, key, 'after', links);
  // onCreate rows the resource pointed at (keyInto) go once nothing points at them.
  for (const c of pointed) {
    const made = links?.[c.keyInto?.column.name as string];
    if (made !== null && made !== undefined && c.keyInto) await trx(c.table).where(c.keyInto.key.name, made as Knex.Value).delete();
  }
}
