/**
 * One short function per endpoint: parse → plan → execute → render. Writes run in one
 * transaction that locks the row first, so a concurrent write waits rather than being lost.
 */
import { sendStreamedResource, streamedRelation } from './streamed-members.js';
import type { ListMemory } from './list-memory.js';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { Relation } from '../mapping/relations.js';
import { DEFAULT_LIMITS, rulesOf, type Mapping, type ResourceMapping } from '../mapping/types.js';
import { idFromColumn, idToColumn } from '../plan/ids.js';
import { applyPatch } from '../plan/patch-apply.js';
import { isObject, normalizeBody, type Json } from '../plan/resource-values.js';
import { checkSchemas, planCreate, planUpdate, touched } from '../plan/write-plan.js';
import { FULL, projectResource, type Projection } from '../render/projection.js';
import type { ScimResource } from '../render/resource.js';
import type { ListParams } from '../scim/list-request.js';
import { parsePatchRequest } from '../scim/patch-request.js';
import { parseAttrPathList } from '../scim/path.js';
import type { Dialect } from '../sql/dialect.js';
import { findRow, type Db } from '../sql/read.js';
import { checkReferences } from '../sql/references.js';
import { inTransaction } from '../sql/transaction.js';
import { deleteRow, insertRow, updateRow } from '../sql/write.js';
import { baseUrlOf } from './base-url.js';
import { checkIfMatch, notModified } from './etag.js';
import { SCIM_JSON } from './errors.js';
import { listResource } from './list.js';
import { applyMembership, deleteRelated, membersOf, splitPatch, touchedChildren, writeChangedChildren, writeRelationsFromBody } from './relation-writes.js';
import { relationsFor, renderRows } from './render-rows.js';

export interface Deps {
  readonly mapping: Mapping;
  readonly knex: Knex;
  readonly dialect: Dialect;
  /** The caller's tenant, when the mapping is bound to one (mapping/tenant.ts). */
  readonly tenant?: string | number;
  /** What recent list pages taught (totals, where walks stand): see list-memory.ts. */
  readonly lists?: ListMemory;
}

/** Where this server's SCIM base path is, as clients should be told (see base-url.ts). */
export function baseUrl(ctx: Context, deps: Deps): string {
  return baseUrlOf(ctx, deps.mapping.server);
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

async function load(db: Db, deps: Deps, resource: ResourceMapping, ctx: Context, key: string | number, lock: boolean, relations: readonly Relation[] = []): Promise<ScimResource> {
  const row = await findRow(db, deps.dialect, resource, key, lock);
  if (!row) throw ScimError.notFound(resource.name, idFromColumn(resource.id, key));
  const [full] = await renderRows(db, deps, ctx, resource, [row], relations);
  return full as ScimResource;
}

function sendResource(ctx: Context, resource: ResourceMapping, full: ScimResource, status = 200, projection: Projection = FULL): void {
  send(ctx, status, projectResource(resource, full, projection), (full['meta'] as { version: string }).version);
}

/** GET /{Resource} and POST /{Resource}/.search: see list.ts. */
export async function list(deps: Deps, resource: ResourceMapping, ctx: Context, params: ListParams): Promise<void> {
  await listResource(deps, resource, ctx, params);
}

export async function get(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const projection = projectionOf(ctx);
  const key = keyOf(ctx, resource);
  const streamed = streamedRelation(resource, projection);
  const full = await load(deps.knex, deps, resource, ctx, key, false, relationsFor(resource, projection).filter((r) => r !== streamed));
  const version = (full['meta'] as { version: string }).version;
  if (notModified(ctx, version)) return;
  if (streamed === undefined) { sendResource(ctx, resource, full, 200, projection); return; }
  // A group's members follow as they are read (streamed-members.ts); meta.version covers the group's own row.
  if (version) ctx.set('ETag', version);
  sendStreamedResource(ctx, { deps, db: deps.knex, resource, relation: streamed, projection, baseUrl: baseUrl(ctx, deps) }, { projected: projectResource(resource, full, projection), key });
}

export async function create(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const input = body(ctx, resource);
  checkSchemas(resource, input);
  const plan = planCreate(resource, input);
  const projection = projectionOf(ctx);
  const full = await inTransaction(deps.knex, deps.dialect, async (trx) => {
    await checkReferences(trx, deps.dialect, deps.mapping, plan.referenceChecks);
    const key = await insertRow(trx, deps.dialect, resource, plan);
    await writeRelationsFromBody(trx, deps, resource, key, input, false);
    return load(trx, deps, resource, ctx, key, false, relationsFor(resource, projection));
  });
  ctx.set('Location', (full['meta'] as { location: string }).location);
  sendResource(ctx, resource, full, 201, projection);
}

/** What an update does besides the row's own columns; true when it changed something. */
type RelationWork = (trx: Knex.Transaction, key: string | number, before: ScimResource, after: Json) => Promise<boolean>;

/**
 * PUT and PATCH share this: lock the row, render it with the child tables `read` (the ones the
 * write may change; never members), check If-Match (RFC 7644 §3.14), compute the new resource,
 * diff, write, all in one transaction (a concurrent write waits). Returns the new resource, or
 * undefined when `reread` is false.
 */
async function update(deps: Deps, resource: ResourceMapping, ctx: Context, kind: 'put' | 'patch', read: readonly Relation[],
  next: (before: ScimResource) => Json, relationWork: RelationWork, reread: Projection | undefined): Promise<ScimResource | undefined> {
  const key = keyOf(ctx, resource);
  return inTransaction(deps.knex, deps.dialect, async (trx) => {
    const before = await load(trx, deps, resource, ctx, key, true, read);
    checkIfMatch(ctx, (before['meta'] as { version: string }).version);
    const after = next(before);
    const plan = planUpdate(resource, before, after, kind);
    await checkReferences(trx, deps.dialect, deps.mapping, plan.referenceChecks);
    const related = await relationWork(trx, key, before, after);
    const columns = Object.keys(plan.columns).length > 0 ? plan : related ? touched(resource) : undefined;
    if (columns) await updateRow(trx, deps.dialect, resource, key, columns);
    return reread ? load(trx, deps, resource, ctx, key, false, relationsFor(resource, reread)) : undefined;
  });
}

/**
 * PUT (RFC 7644 §3.5.1): the body replaces the readWrite attributes. `id`, `meta` and other
 * readOnly attributes in the body are ignored ("SHALL be ignored"); immutable ones must match.
 */
export async function replace(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const input = body(ctx, resource);
  checkSchemas(resource, input);
  const projection = projectionOf(ctx);
  const work: RelationWork = (trx, key) => writeRelationsFromBody(trx, deps, resource, key, input, true);
  sendResource(ctx, resource, await update(deps, resource, ctx, 'put', relationsFor(resource, 'write'), () => input, work, projection) as ScimResource, 200, projection);
}

/**
 * PATCH (RFC 7644 §3.5.2): the operations applied to the locked, rendered resource; membership
 * operations go straight to the join table. A group answers 204 No Content unless the request
 * names attributes (§3.5.2: the server may return 204), so a membership change never renders it.
 */
export async function patch(deps: Deps, resource: ResourceMapping, ctx: Context): Promise<void> {
  const limits = deps.mapping.server.limits ?? DEFAULT_LIMITS;
  const operations = parsePatchRequest((ctx.request as { body?: unknown }).body, rulesOf(resource), limits.maxOperations);
  const { membership, rest } = splitPatch(resource, operations);
  const projection = projectionOf(ctx);
  const quiet = membersOf(resource) !== undefined && ctx.query['attributes'] === undefined && ctx.query['excludedAttributes'] === undefined;
  const read = touchedChildren(resource, rest);
  const work: RelationWork = async (trx, key, before, after) => {
    const children = await writeChangedChildren(trx, deps, resource, key, before, after, read);
    if (membership) await applyMembership(trx, deps, resource, membership.relation, key, membership.changes);
    return children || membership !== undefined;
  };
  const after = await update(deps, resource, ctx, 'patch', read, (before) => applyPatch(resource, before, rest), work, quiet ? undefined : projection);
  if (!after) { ctx.status = 204; return; }
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
    if (resource.delete.mode === 'hard') await deleteRelated(trx, resource, key);
    await deleteRow(trx, deps.dialect, resource, key);
  });
  ctx.status = 204;
}
