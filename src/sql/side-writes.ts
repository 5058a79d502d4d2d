/**
 * Writes to the columns of a resource that live outside its own table, inside the write's
 * transaction: one-to-one side tables (`join:`) and key-value rows. A side row the resource's row
 * points at is inserted before it (its key goes into the link column); a side row that points at
 * the resource's key is inserted after it; a side row that is missing when an update names one of
 * its columns is created then. Key-value rows are upserted, and deleted when the value is cleared.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { joinsOf, type ColumnRef, type JoinedTable, type ResourceMapping } from '../mapping/types.js';
import { resolveValue } from './bind-values.js';
import type { Dialect } from './dialect.js';

/** One column of a write with its driver value. */
export interface BoundColumn {
  readonly ref: ColumnRef;
  readonly value: unknown;
}

const valuesIn = (columns: readonly BoundColumn[], table: string): Record<string, unknown> =>
  Object.fromEntries(columns.filter((c) => c.ref.table === table && c.ref.keyed === undefined).map((c) => [c.ref.name, c.value]));

/** The side row to insert: the join's defaults, then the values the write gives. */
function sideRow(dialect: Dialect, join: JoinedTable, given: Record<string, unknown>, now: Date): Record<string, unknown> {
  const defaults = Object.fromEntries(join.defaults.map((d) => [d.column.name, resolveValue(dialect, d.column, d.value, now)]));
  return { ...defaults, ...given };
}

/** Inserts a side row the resource's row will point at; returns its key. */
async function insertPointedAt(trx: Knex.Transaction, dialect: Dialect, join: JoinedTable, row: Record<string, unknown>): Promise<unknown> {
  if (join.sideKey === 'uuid') {
    const key = randomUUID();
    await trx(join.table).insert({ ...row, [join.side.name]: key });
    return key;
  }
  return dialect.insertReturningKey(trx, join.table, row, join.side.name);
}

/**
 * Before the resource's row: the side rows it points at (`users.account_id → accounts.id`).
 * Returns the link columns to put in the resource's row.
 */
export async function insertSideFirst(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, columns: readonly BoundColumn[], now: Date): Promise<Record<string, unknown>> {
  const links: Record<string, unknown> = {};
  for (const join of joinsOf(resource).filter((j) => j.sideFirst)) {
    const given = valuesIn(columns, join.table);
    if (Object.keys(given).length === 0 && join.defaults.length === 0 && join.own.nullable) continue;
    links[join.own.name] = await insertPointedAt(trx, dialect, join, sideRow(dialect, join, given, now));
  }
  return links;
}

/** After the resource's row: side rows that point at its key, and its key-value rows. */
export async function insertSideLater(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: unknown, columns: readonly BoundColumn[], now: Date): Promise<void> {
  for (const join of joinsOf(resource).filter((j) => !j.sideFirst)) {
    const given = valuesIn(columns, join.table);
    if (Object.keys(given).length === 0 && join.defaults.length === 0) continue;
    await trx(join.table).insert({ ...sideRow(dialect, join, given, now), [join.side.name]: key });
  }
  for (const c of columns) if (c.ref.keyed && c.value !== null && c.value !== undefined) await upsertKeyed(trx, dialect, c.ref, key, c.value);
}

/** An update's side-table and key-value columns; a side row that does not exist yet is created. */
export async function updateSides(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number, columns: readonly BoundColumn[], now: Date): Promise<void> {
  for (const join of joinsOf(resource)) {
    const given = valuesIn(columns, join.table);
    if (Object.keys(given).length > 0) await updateSide(trx, dialect, resource, join, key, given, now);
  }
  for (const c of columns) if (c.ref.keyed) await upsertKeyed(trx, dialect, c.ref, key, c.value);
}

async function updateSide(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, join: JoinedTable, key: string | number, given: Record<string, unknown>, now: Date): Promise<void> {
  if (!join.sideFirst) {
    const exists = await trx(join.table).where(join.side.name, key).first(join.side.name);
    if (exists) await trx(join.table).where(join.side.name, key).update(given);
    else await trx(join.table).insert({ ...sideRow(dialect, join, given, now), [join.side.name]: key });
    return;
  }
  const own = await trx(resource.table).where(resource.id.column.name, key).first(join.own.name) as Record<string, unknown> | undefined;
  const link = own?.[join.own.name];
  if (link !== null && link !== undefined) {
    await trx(join.table).where(join.side.name, link as Knex.Value).update(given);
    return;
  }
  const created = await insertPointedAt(trx, dialect, join, sideRow(dialect, join, given, now));
  await trx(resource.table).where(resource.id.column.name, key).update({ [join.own.name]: created });
}

/** Sets (or, for null, deletes) the key-value row of `owner` that `column` reads. */
async function upsertKeyed(trx: Knex.Transaction, dialect: Dialect, column: ColumnRef, owner: unknown, value: unknown): Promise<void> {
  const keyed = column.keyed;
  if (keyed === undefined) return;
  const match: Record<string, unknown> = { [keyed.owner.name]: owner };
  for (const w of keyed.where) match[w.column.name] = dialect.bind(w.value, w.column);
  const rows = () => trx(keyed.table).where(match);
  if (value === null || value === undefined) {
    await rows().delete();
    return;
  }
  if (await rows().first(keyed.owner.name)) await rows().update({ [column.name]: value });
  else await trx(keyed.table).insert({ ...match, [column.name]: value, ...(keyed.newKey ? { [keyed.newKey.name]: randomUUID() } : {}) });
}

/**
 * A hard delete's other rows: side rows that point at the resource and its key-value rows go
 * `before` it (their foreign keys would refuse the delete); side rows it pointed at go `after`,
 * found through the link values read before the delete.
 */
export async function deleteSideRows(trx: Knex.Transaction, resource: ResourceMapping, key: unknown, phase: 'before' | 'after', links?: Readonly<Record<string, unknown>>): Promise<void> {
  for (const join of joinsOf(resource)) {
    if (phase === 'before' && !join.sideFirst) await trx(join.table).where(join.side.name, key as Knex.Value).delete();
    const link = links?.[join.own.name];
    if (phase === 'after' && join.sideFirst && link !== null && link !== undefined) await trx(join.table).where(join.side.name, link as Knex.Value).delete();
  }
  if (phase !== 'before') return;
  for (const companion of resource.onCreate ?? []) {
    // A row the resource points at (keyInto) goes after it; the resource's row is deleted first by the caller.
    if (companion.link && companion.keyInto === undefined) await trx(companion.table).where(companion.link.name, key as Knex.Value).delete();
  }
  const keyedTables = new Map(resource.attributes.flatMap((a) => (a.column.keyed ? [[a.column.keyed.table, a.column.keyed.owner.name] as const] : [])));
  for (const [table, owner] of keyedTables) await trx(table).where(owner, key as Knex.Value).delete();
}
