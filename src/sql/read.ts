/**
 * QueryPlan → rows. One SELECT for the page and one COUNT for totalResults; every query is
 * confined to the resource's scope and hides soft-deleted rows (RFC 7644 §3.6: a deleted
 * resource is gone for every operation).
 */
import type { Knex } from 'knex';
import type { ResourceMapping } from '../mapping/types.js';
import type { QueryPlan } from '../plan/query-plan.js';
import type { Predicate } from '../plan/predicate.js';
import type { Dialect } from './dialect.js';
import { applyOrder, keysetFragment } from './keyset.js';
import { whereFragment } from './where.js';

export type Row = Readonly<Record<string, unknown>>;
export type Db = Knex | Knex.Transaction;

/**
 * The columns a resource reads, once each: its key, the `wanted` columns (default: every mapped
 * column, as writes and ETags need) and the `order` columns (the next cursor is taken from them).
 */
export function selectedColumns(resource: ResourceMapping, wanted?: readonly string[], order: QueryPlan['order'] = []): string[] {
  const names = new Set([resource.id.column.name, ...(wanted ?? resource.attributes.map((a) => a.column.name)), ...order.map((t) => t.column.name)]);
  return [...names].map((name) => `${resource.table}.${name}`);
}

/** Rows that exist for SCIM: inside the scope, not soft-deleted. */
export function liveRows(db: Db, dialect: Dialect, resource: ResourceMapping): Knex.QueryBuilder {
  const query = db(resource.table);
  for (const s of resource.scope) query.where(`${resource.table}.${s.column.name}`, dialect.bind(s.value, s.column) as Knex.Value);
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
  const fragment = whereFragment(dialect, resource.table, predicate);
  // Parenthesised: knex pastes raw SQL as is, and a top-level `or` would otherwise escape the
  // scope and soft-delete conditions before it (`tenant = 1 and a or b`).
  return query.whereRaw(`(${fragment.sql})`, fragment.bindings as Knex.RawBinding[]);
}

export async function listRows(db: Db, dialect: Dialect, resource: ResourceMapping, plan: QueryPlan): Promise<{ rows: Row[]; total: number }> {
  const countQuery = filtered(db, dialect, resource, plan.predicate).count({ n: '*' });
  const [counted] = await countQuery;
  const total = Number((counted as { n: unknown } | undefined)?.n ?? 0);
  if (plan.limit === 0 || plan.offset >= total) return { rows: [], total };
  const rows = await pageQuery(db, dialect, resource, plan);
  return { rows, total };
}

/** The page's SELECT: filter, keyset position (cursor paging), order, window. */
export function pageQuery(db: Db, dialect: Dialect, resource: ResourceMapping, plan: QueryPlan): Knex.QueryBuilder {
  const query = filtered(db, dialect, resource, plan.predicate).select(selectedColumns(resource, plan.columns, plan.order));
  if (plan.after) {
    const keyset = keysetFragment(dialect, resource.table, plan.order, plan.after);
    query.whereRaw(`(${keyset.sql})`, keyset.bindings as Knex.RawBinding[]);
  }
  applyOrder(query, dialect, resource.table, plan.order);
  return plan.offset > 0 ? query.offset(plan.offset).limit(plan.limit) : query.limit(plan.limit);
}

/** One live row by key; with `lock`, the row is locked for the rest of the transaction. */
export async function findRow(db: Db, dialect: Dialect, resource: ResourceMapping, key: string | number, lock = false): Promise<Row | undefined> {
  const query = liveRows(db, dialect, resource).select(selectedColumns(resource))
    .where(`${resource.table}.${resource.id.column.name}`, key).limit(1);
  const rows: Row[] = await (lock ? dialect.lockForUpdate(query) : query);
  return rows[0];
}
