/**
 * List and search (RFC 7644 §3.4.2, §3.4.3; RFC 9865 cursors): parse → plan → one COUNT and one
 * SELECT per resource type → render → ListResponse.
 */
import type { Context } from 'koa';
import { ScimError } from '../errors.js';
import { rowKey, type ResourceMapping } from '../mapping/types.js';
import { cursorKey, decodeCursor, encodeCursor, type CursorPosition, type KeyValue } from '../plan/cursor.js';
import { cursorQueryOf, planEveryType, planQuery, type QueryPlan } from '../plan/query-plan.js';
import { columnsFor, projectResource } from '../render/projection.js';
import type { ScimResource } from '../render/resource.js';
import { parseListRequest, type ListParams, type ListRequest } from '../scim/list-request.js';
import { LIST_RESPONSE_URN } from '../scim/messages.js';
import { listRows, pageQuery, type Row } from '../sql/read.js';
import { SCIM_JSON } from './errors.js';
import type { Deps } from './handlers.js';
import { relationsFor, renderRows } from './render-rows.js';

function send(ctx: Context, payload: unknown): void {
  ctx.status = 200;
  ctx.type = SCIM_JSON;
  ctx.body = JSON.stringify(payload);
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

/** The position of the last row served, for the next cursor. */
function positionOf(plan: QueryPlan, row: Row): CursorPosition {
  const idTerm = plan.order[plan.order.length - 1];
  const sortTerm = plan.order.length > 1 ? plan.order[0] : undefined;
  const value = (name: string | undefined) => (name === undefined ? null : (row[name] ?? null) as KeyValue);
  return { id: value(idTerm ? rowKey(idTerm.column) : undefined), ...(sortTerm ? { sort: value(rowKey(sortTerm.column)) } : {}) };
}

/** GET /{Resource} and POST /{Resource}/.search. */
export async function listResource(deps: Deps, resource: ResourceMapping, ctx: Context, params: ListParams): Promise<void> {
  const request = parseListRequest(params, deps.mapping.server);
  if (request.cursor === undefined) {
    const { rows, total } = await listRows(deps.knex, deps.dialect, resource, planFor(resource, request));
    const resources = await render(deps, ctx, resource, request, rows);
    send(ctx, { schemas: [LIST_RESPONSE_URN], totalResults: total, startIndex: request.startIndex, itemsPerPage: resources.length, Resources: resources });
    return;
  }
  const key = cursorKey(deps.mapping.auth, resource.name, deps.tenant);
  const query = cursorQueryOf(request);
  const after = request.cursor === '' ? undefined : decodeCursor(key, query, request.cursor);
  const plan = planFor(resource, request, after);
  const { rows, total } = await listRows(deps.knex, deps.dialect, resource, plan);
  const page = rows.slice(0, request.count);
  const last = page[page.length - 1];
  const next = rows.length > request.count && last !== undefined ? encodeCursor(key, query, positionOf(plan, last)) : undefined;
  const resources = await render(deps, ctx, resource, request, page);
  send(ctx, { schemas: [LIST_RESPONSE_URN], totalResults: total, itemsPerPage: resources.length, ...(next ? { nextCursor: next } : {}), Resources: resources });
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
