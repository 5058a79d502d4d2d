/**
 * One short function per endpoint: parse → plan → execute → render. Writes run in one
 * transaction that locks the row first, so a concurrent write waits rather than being lost.
 */
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { Mapping, ResourceMapping } from '../mapping/types.js';
import { idFromColumn, idToColumn } from '../plan/ids.js';
import { applyPatch } from '../plan/patch-apply.js';
import { planQuery } from '../plan/query-plan.js';
import { isObject, normalizeBody, type Json } from '../plan/resource-values.js';
import { checkSchemas, planCreate, planUpdate } from '../plan/write-plan.js';
import { FULL, projectResource, type Projection } from '../render/projection.js';
import { renderResource, type ScimResource } from '../render/resource.js';
import { parseListRequest, type ListParams } from '../scim/list-request.js';
import { LIST_RESPONSE_URN } from '../scim/messages.js';
import { parsePatchRequest } from '../scim/patch-request.js';
import { parseAttrPathList } from '../scim/path.js';
import type { Dialect } from '../sql/dialect.js';
import { findRow, listRows, type Db } from '../sql/read.js';
import { inTransaction } from '../sql/transaction.js';
import { deleteRow, insertRow, updateRow } from '../sql/write.js';
import { checkIfMatch, notModified } from './etag.js';
import { SCIM_JSON } from './errors.js';

export interface Deps {
  readonly mapping: Mapping;
  readonly knex: Knex;
  readonly dialect: Dialect;
}

export function baseUrl(ctx: Context, deps: Deps): string {
  return `${ctx.protocol}://${ctx.host}${deps.mapping.server.basePath}`;
}

function keyOf(ctx: Context, resource: ResourceMapping): string | number {
  const id = String(ctx.params['id'] ?? '');
  const key = idToColumn(resource.id, id);
  if (key === undefined) throw ScimError.notFound(resource.name, id);
  return key;
}

function body(ctx: Context, resource: ResourceMapping): Json {
  const raw: unknown = (ctx.request as { body?: unknown }).body;
  if (!isObject(raw)) throw ScimError.of('invalidSyntax', `The request body must be a JSON object (a ${resource.name} resource).`);
  return normalizeBody(resource, raw);
}

/** `?attributes=` / `?excludedAttributes=` on single-resource endpoints (RFC 7644 §3.9). */
function projectionOf(ctx: Context): Projection {
  const text = (name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : '');
  return { attributes: parseAttrPathList(text('attributes'), 'invalidValue'), excludedAttributes: parseAttrPathList(text('excludedAttributes'), 'invalidValue') };
}

function send(ctx: Context, status: number, payload: unknown, etag?: string): void {
  ctx.status = status;
  ctx.type = SCIM_JSON;
  if (etag) ctx.set('ETag', etag);
  ctx.body = JSON.stringify(payload);
}

async function load(db: Db, deps: Deps, resource: ResourceMapping, ctx: Context, key: string | number, lock: boolean): Promise<ScimResource> {
  const row = await findRow(db, deps.dialect, resource, key, lock);
  if (!row) throw ScimError.notFound(resource.name, idFromColumn(resource.id, key));
  return renderResource(resource, row, { baseUrl: baseUrl(ctx, deps) });
}

function sendResource(ctx: Context, resource: ResourceMapping, full: ScimResource, status = 200, projection: Projection = FULL): void {
  send(ctx, status, projectResource(resource, full, projection), (full['meta'] as { version: string }).version);
}

export async function list(deps: Deps, resource: ResourceMapping, ctx: Context, params: ListParams): Promise<void> {
  const request = parseListRequest(params, deps.mapping.server);
  const { rows, total } = await listRows(deps.knex, deps.dialect, resource, planQuery(resource, request));
  const resources = rows.map((row) => projectResource(resource, renderResource(resource, row, { baseUrl: baseUrl(ctx, deps) }), request));
  send(ctx, 200, { schemas: [LIST_RESPONSE_URN], totalResults: total, startIndex: request.startIndex, itemsPerPage: resources.length, Resources: resources });
}

export async function get(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const projection = projectionOf(ctx);
  const full = await load(deps.knex, deps, resource, ctx, keyOf(ctx, resource), false);
  if (notModified(ctx, (full['meta'] as { version: string }).version)) return;
  sendResource(ctx, resource, full, 200, projection);
}

export async function create(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const input = body(ctx, resource);
  checkSchemas(resource, input);
  const plan = planCreate(resource, input);
  const full = await inTransaction(deps.knex, deps.dialect, async (trx) => {
    const key = await insertRow(trx, deps.dialect, resource, plan);
    return load(trx, deps, resource, ctx, key, false);
  });
  ctx.set('Location', (full['meta'] as { location: string }).location);
  sendResource(ctx, resource, full, 201, projectionOf(ctx));
}

/** PUT and PATCH share this: lock, render, compute the new resource, diff, write, re-read. */
async function update(deps: Deps, resource: ResourceMapping, ctx: Context, next: (before: ScimResource) => Json): Promise<ScimResource> {
  const key = keyOf(ctx, resource);
  return inTransaction(deps.knex, deps.dialect, async (trx) => {
    const before = await load(trx, deps, resource, ctx, key, true);
    checkIfMatch(ctx, (before['meta'] as { version: string }).version);
    const plan = planUpdate(resource, before, next(before));
    if (Object.keys(plan.columns).length === 0) return before;
    await updateRow(trx, deps.dialect, resource, key, plan);
    return load(trx, deps, resource, ctx, key, false);
  });
}

export async function replace(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const input = body(ctx, resource);
  checkSchemas(resource, input);
  sendResource(ctx, resource, await update(deps, resource, ctx, () => input), 200, projectionOf(ctx));
}

export async function patch(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const operations = parsePatchRequest((ctx.request as { body?: unknown }).body);
  const projection = projectionOf(ctx);
  const after = await update(deps, resource, ctx, (before) => applyPatch(resource, before, operations));
  sendResource(ctx, resource, after, 200, projection);
}

export async function remove(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  if (resource.delete.mode === 'forbid') {
    throw ScimError.status(403, `Deleting ${resource.name} resources is disabled on this server (delete: forbid); deactivate with PATCH active=false instead.`);
  }
  const key = keyOf(ctx, resource);
  await inTransaction(deps.knex, deps.dialect, async (trx) => {
    const before = await load(trx, deps, resource, ctx, key, true);
    checkIfMatch(ctx, (before['meta'] as { version: string }).version);
    await deleteRow(trx, deps.dialect, resource, key);
  });
  ctx.status = 204;
}
