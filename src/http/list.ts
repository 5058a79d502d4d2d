/**
 * List and search (RFC 7644 §3.4.2, §3.4.3; RFC 9865 cursors): parse → plan → the page's SELECT
 * (and a COUNT only when the page and recent pages cannot tell the total) → render → ListResponse.
 */
import type { Context } from 'koa';
import { ScimError } from '../errors.js';
import { rowKey, type ResourceMapping } from '../mapping/types.js';
import { cursorKey, decodeCursor, encodeCursor, type CursorPosition, type KeyValue } from '../plan/cursor.js';
import { cursorQueryOf, filterQueryOf, planEveryType, planQuery, type QueryPlan } from '../plan/query-plan.js';
import { columnsFor, projectResource } from '../render/projection.js';
import type { ScimResource } from '../render/resource.js';
import { parseListRequest, type ListParams, type ListRequest } from '../scim/list-request.js';
import { LIST_RESPONSE_URN } from '../scim/messages.js';
import { listRows, pageQuery, type Row } from '../sql/read.js';
import { SCIM_JSON } from './errors.js';
import { baseUrl, type Deps } from './handlers.js';
import { sendStreamedList, streamedRelation } from './streamed-members.js';
import { relationsFor, renderRows } from './render-rows.js';

function send(ctx: Context, payload: unknown): void {
  ctx.status = 200;
  ctx.type = SCIM_JSON;
  ctx.body = JSON.stringify(payload);
}

/**
 * The page rendered and sent under `header` (everything a ListResponse carries before Resources).
 * A group's members, when shown, follow as they are read (streamed-members.ts).
 */
async function respond(deps: Deps, ctx: Context, resource: ResourceMapping, request: ListRequest, rows: readonly Row[], header: Record<string, unknown>): Promise<void> {
  const streamed = streamedRelation(resource, request);
  if (streamed === undefined) {
    send(ctx, { ...header, Resources: await render(deps, ctx, resource, request, rows) });
    return;
  }
  const relations = relationsFor(resource, request).filter((r) => r !== streamed);
  const full = await renderRows(deps.knex, deps, ctx, resource, rows, relations);
  const items = full.map((r, i) => ({ projected: projectResource(resource, r, request), key: rows[i]?.[resource.id.column.name] }));
  sendStreamedList(ctx, { deps, db: deps.knex, resource, relation: streamed, projection: request, baseUrl: baseUrl(ctx, deps) }, header, items);
}

/** The page's resources with the relations the request wants (one query per relation), projected. */
async function render(deps: Deps, ctx: Context, resource: ResourceMapping, request: ListRequest, rows: readonly Row[]): Promise<ScimResource[]> {
  const full = await renderRows(deps.knex, deps, ctx, resource, rows, relationsFor(resource, request));
  return full.map((r) => projectResource(resource, r, request));
}

/** The query plan, reading only the columns the response shows (projection prunes the SELECT). */
function planFor(resource: ResourceMapping, request: ListRequest, after?: CursorPosition): QueryPlan {
  return { ...planQuery(resource, request, after), columns: columnsFor(resource, request) };
}

/** The position of the last row served, for the next cursor or the next page of a walk. */
function positionOf(plan: QueryPlan, row: Row, served: number | undefined): CursorPosition {
  const idTerm = plan.order[plan.order.length - 1];
  const sortTerm = plan.order.length > 1 ? plan.order[0] : undefined;
  const value = (name: string | undefined) => (name === undefined ? null : (row[name] ?? null) as KeyValue);
  return { id: value(idTerm ? rowKey(idTerm.column) : undefined), ...(sortTerm ? { sort: value(rowKey(sortTerm.column)) } : {}), ...(served !== undefined ? { served } : {}) };
}

/** What the memory of recent pages is keyed by: the resource, the caller's tenant, and the query. */
function memoryKeys(deps: Deps, resource: ResourceMapping, request: ListRequest): { total: string; walk: string } {
  const who = JSON.stringify([resource.name, deps.tenant ?? null]);
  return { total: `${who}${filterQueryOf(request)}`, walk: `${who}${cursorQueryOf(request)}` };
}

/**
 * The page after `before` results (read with its lookahead row) and totalResults, counting only
 * when neither the page nor a total counted moments ago for the same filter can tell it.
 */
async function readPage(deps: Deps, resource: ResourceMapping, plan: QueryPlan, before: number | undefined, totalKey: string): Promise<{ page: Row[]; more: boolean; total: number }> {
  const snapshot = deps.lists?.snapshot();
  const listed = await listRows(deps.knex, deps.dialect, resource, plan, before, deps.lists?.total(totalKey));
  if (listed.counted && snapshot !== undefined) deps.lists?.rememberTotal(totalKey, listed.total, snapshot);
  const count = Math.max(0, plan.limit - 1);
  return { page: listed.rows.slice(0, count), more: listed.rows.length > count, total: listed.total };
}

/**
 * GET /{Resource} and POST /{Resource}/.search. A startIndex page that continues the page before
 * it (an IdP import walking `startIndex=1, 101, 201…`) is read by keyset from where that page
 * ended, so page 10,000 costs what page 1 does (RFC 7644 §3.4.2.4: index paging is not stateful,
 * and a walk that continues after the last row served skips nothing when rows before it change).
 */
export async function listResource(deps: Deps, resource: ResourceMapping, ctx: Context, params: ListParams): Promise<void> {
  const request = parseListRequest(params, deps.mapping.server);
  const keys = memoryKeys(deps, resource, request);
  if (request.cursor === undefined) {
    const before = request.startIndex - 1;
    const after = before > 0 ? deps.lists?.endAt(keys.walk, before) : undefined;
    const plan = planFor(resource, request, after);
    const { page, more, total } = await readPage(deps, resource, plan, before, keys.total);
    const last = page[page.length - 1];
    if (more && last !== undefined) deps.lists?.rememberEnd(keys.walk, before + page.length, positionOf(plan, last, before + page.length));
    await respond(deps, ctx, resource, request, page, { schemas: [LIST_RESPONSE_URN], totalResults: total, startIndex: request.startIndex, itemsPerPage: page.length });
    return;
  }
  const key = cursorKey(deps.mapping.auth, resource.name, deps.tenant);
  const query = cursorQueryOf(request);
  const after = request.cursor === '' ? undefined : decodeCursor(key, query, request.cursor);
  const before = after === undefined ? 0 : after.served;
  const plan = planFor(resource, request, after);
  const { page, more, total } = await readPage(deps, resource, plan, before, keys.total);
  const last = page[page.length - 1];
  const served = before === undefined ? undefined : before + page.length;
  const next = more && last !== undefined ? encodeCursor(key, query, positionOf(plan, last, served)) : undefined;
  await respond(deps, ctx, resource, request, page, { schemas: [LIST_RESPONSE_URN], totalResults: total, itemsPerPage: page.length, ...(next ? { nextCursor: next } : {}) });
}

/**
 * POST /.search (RFC 7644 §3.4.3): every resource type, concatenated in the order of the config,
 * each sorted on its own; startIndex/count window the concatenation. An attribute a type lacks
 * reads as no value there (planEveryType); one no type has is 400. Cursors are per resource
 * type, so they are refused here.
 */
export async function searchAll(deps: Deps, ctx: Context, params: ListParams): Promise<void> {
  const request = parseListRequest(params, deps.mapping.server);
  if (request.cursor !== undefined) {
    throw ScimError.of('invalidValue', 'Cursor paging is per resource type: use POST /{ResourceType}/.search with "cursor".');
  }
  const counting = planEveryType(deps.mapping.resources, { ...request, startIndex: 1, count: 0 });
  const plans = deps.mapping.resources.map((resource, i) => ({ resource, plan: counting[i] as QueryPlan }));
  const totals = await Promise.all(plans.map(({ resource, plan }) => listRows(deps.knex, deps.dialect, resource, plan).then((r) => r.total)));
  const resources: ScimResource[] = [];
  let skip = request.startIndex - 1;
  for (const [i, { resource }] of plans.entries()) {
    const total = totals[i] ?? 0;
    const want = request.count - resources.length;
    if (skip >= total || want <= 0) { skip = Math.max(0, skip - total); continue; }
    const plan = { ...(plans[i]?.plan as QueryPlan), offset: skip, limit: want, columns: columnsFor(resource, request) };
    // The total is already known: only the page's SELECT runs (no second COUNT).
    const rows: Row[] = await pageQuery(deps.knex, deps.dialect, resource, plan);
    resources.push(...(await render(deps, ctx, resource, request, rows)));
    skip = 0;
  }
  const totalResults = totals.reduce((a, b) => a + b, 0);
  send(ctx, { schemas: [LIST_RESPONSE_URN], totalResults, startIndex: request.startIndex, itemsPerPage: resources.length, Resources: resources });
}
