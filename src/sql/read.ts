/**
 * QueryPlan → rows. One SELECT for the page, and a COUNT only when neither the page nor a recent
 * count tells totalResults; every query is confined to the resource's scope and hides soft-deleted
 * rows (RFC 7644 §3.6: a deleted resource is gone for every operation).
 */
import type { Knex } from 'knex';
import { joinsOf, rowKey, type ColumnRef, type ResourceMapping } from '../mapping/types.js';
import { scopePredicates } from '../plan/live.js';
import type { QueryPlan } from '../plan/query-plan.js';
import { countedTotal, pageTotal, settledTotal } from '../plan/page-total.js';
import { all, type Predicate } from '../plan/predicate.js';
import type { Dialect } from './dialect.js';
import { applyOrder, keysetFragment } from './keyset.js';
import { whereFragment } from './where.js';

export type Row = Readonly<Record<string, unknown>>;
export type Db = Knex | Knex.Transaction;

/**
 * The columns a resource reads, once each: its key, the `wanted` columns (default: every mapped
 * column, as writes and ETags need) and the `order` columns (the next cursor is taken from them).
 * Side-table columns come under their alias; key-value columns as a correlated subquery (a
 * missing row reads as NULL). `wanted` names columns by their row key (see rowKey).
 */
export function selectedColumns(db: Db, resource: ResourceMapping, wanted?: readonly string[], order: QueryPlan['order'] = []): (string | Knex.Raw)[] {
  const known = readableColumns(resource);
  const keys = new Set([rowKey(resource.id.column), ...(wanted ?? known.mapped), ...order.map((t) => rowKey(t.column))]);
  return [...keys].flatMap((key) => {
    const c = known.byKey.get(key) ?? order.find((t) => rowKey(t.column) === key)?.column;
    return c === undefined ? [] : [selectColumn(db, resource, c)];
  });
}

interface Readable { readonly byKey: ReadonlyMap<string, ColumnRef>; readonly mapped: readonly string[] }
const READABLE = new WeakMap<ResourceMapping, Readable>();

/** A resource's columns by row key, and the mapped ones: the same on every request, so worked out once. */
function readableColumns(resource: ResourceMapping): Readable {
  let found = READABLE.get(resource);
  if (found === undefined) {
    const byKey = new Map<string, ColumnRef>();
    for (const c of [resource.id.column, ...resource.attributes.flatMap((a) => [a.column, ...(a.also ?? []).map((x) => x.column)]), ...joinsOf(resource).map((j) => j.own)]) {
      if (!byKey.has(rowKey(c))) byKey.set(rowKey(c), c);
    }
    found = { byKey, mapped: resource.attributes.flatMap((a) => [rowKey(a.column), ...(a.also ?? []).map((x) => rowKey(x.column))]) };
    READABLE.set(resource, found);
  }
  return found;
}

function selectColumn(db: Db, resource: ResourceMapping, c: ColumnRef): string | Knex.Raw {
  if (c.keyed) {
    const k = c.keyed;
    const keys = k.where.map(() => ' and ?? = ?').join('');
    return db.raw(`(select max(??) from ?? where ?? = ??${keys}) as ??`, [
      `${k.table}.${c.name}`, k.table, `${k.table}.${k.owner.name}`, `${resource.table}.${resource.id.column.name}`,
      ...k.where.flatMap((w) => [`${k.table}.${w.column.name}`, w.value]), rowKey(c),
    ]);
  }
  return c.alias !== undefined ? `${c.table}.${c.name} as ${c.alias}` : `${resource.table}.${c.name}`;
}

/** Rows that exist for SCIM: inside the scope, not soft-deleted; one-to-one side tables left-joined. */
export function liveRows(db: Db, dialect: Dialect, resource: ResourceMapping): Knex.QueryBuilder {
  const query = db(resource.table);
  for (const j of joinsOf(resource)) query.leftJoin(j.table, `${resource.table}.${j.own.name}`, `${j.table}.${j.side.name}`);
  if (resource.scope.length > 0) {
    const scope = whereFragment(dialect, resource.table, all(scopePredicates(resource.scope)));
    query.whereRaw(`(${scope.sql})`, scope.bindings as Knex.RawBinding[]);
  }
  const del = resource.delete;
  if (del.mode === 'soft') {
    const column = `${resource.table}.${del.column.name}`;
    if (del.live === null) query.whereNull(column);
    else query.where((q) => { q.where(column, dialect.bind(del.live, del.column) as Knex.Value).orWhereNull(column); });
  }
  return query;
}

/** Live rows matching the predicate (the WHERE shared by the page and the count). */
export function filtered(db: Db, dialect: Dialect, resource: ResourceMapping, predicate: Predicate): Knex.QueryBuilder {
  const query = liveRows(db, dialect, resource);
  if (predicate.kind === 'const' && predicate.value) return query;
  const fragment = whereFragment(dialect, resource.table, predicate, resource.id.column.name);
  // Parenthesised: knex pastes raw SQL as is, and a top-level `or` would otherwise escape the
  // scope and soft-delete conditions before it (`tenant = 1 and a or b`).
  return query.whereRaw(`(${fragment.sql})`, fragment.bindings as Knex.RawBinding[]);
}

/** How many live rows match the predicate (totalResults). */
export async function countRows(db: Db, dialect: Dialect, resource: ResourceMapping, predicate: Predicate): Promise<number> {
  const [counted] = await filtered(db, dialect, resource, predicate).count({ n: '*' });
  return Number((counted as { n: unknown } | undefined)?.n ?? 0);
}

/** A list page and its total: the page's lookahead row included, how the total was known. */
export interface ListedRows { readonly rows: Row[]; readonly total: number; readonly counted: boolean }

/**
 * The page (plan.limit includes the lookahead row), then totalResults: from the page when it
 * proves it, else `remembered` when that agrees with the page, else a COUNT. `before` is how many
 * results precede the page (plan.offset, or where a keyset page starts; undefined: not known).
 */
export async function listRows(db: Db, dialect: Dialect, resource: ResourceMapping, plan: QueryPlan, before: number | undefined = plan.offset, remembered?: number): Promise<ListedRows> {
  const rows: Row[] = plan.limit === 0 ? [] : await pageQuery(db, dialect, resource, plan);
  const proof = pageTotal(before, Math.max(0, plan.limit - 1), rows.length, plan.after !== undefined);
  const known = settledTotal(proof, remembered);
  if (known !== undefined) return { rows, total: known, counted: false };
  return { rows, total: countedTotal(proof, await countRows(db, dialect, resource, plan.predicate)), counted: true };
}

/** The page's SELECT: filter, keyset position (cursor paging), order, window. */
export function pageQuery(db: Db, dialect: Dialect, resource: ResourceMapping, plan: QueryPlan): Knex.QueryBuilder {
  const query = filtered(db, dialect, resource, plan.predicate).select(selectedColumns(db, resource, plan.columns, plan.order));
  if (plan.after) {
    const keyset = keysetFragment(dialect, resource.table, plan.order, plan.after);
    query.whereRaw(`(${keyset.sql})`, keyset.bindings as Knex.RawBinding[]);
  }
  applyOrder(query, dialect, resource.table, plan.order);
  return plan.offset > 0 ? query.offset(plan.offset).limit(plan.limit) : query.limit(plan.limit);
}

/** One live row by key; with `lock`, the row is locked for the rest of the transaction. */
export async function findRow(db: Db, dialect: Dialect, resource: ResourceMapping, key: string | number, lock = false): Promise<Row | undefined> {
  const query = liveRows(db, dialect, resource).select(selectedColumns(db, resource, withLinks(resource)))
    .where(`${resource.table}.${resource.id.column.name}`, key).limit(1);
  const rows: Row[] = await (lock ? dialect.lockForUpdate(query, resource.table) : query);
  return rows[0];
}

/** Every mapped column, and the columns that link side rows (a side row created later needs them). */
function withLinks(resource: ResourceMapping): string[] {
  return [...resource.attributes.flatMap((a) => [rowKey(a.column), ...(a.also ?? []).map((x) => rowKey(x.column))]), ...joinsOf(resource).map((j) => rowKey(j.own))];
}
