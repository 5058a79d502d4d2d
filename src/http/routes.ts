/** The route table, derived from the mapping's resources; discovery endpoints beside them. */
import Router from '@koa/router';
import type { Context } from 'koa';
import { ScimError } from '../errors.js';
import { tenantBinder, usesTenants } from '../mapping/tenant.js';
import type { Mapping, ResourceMapping } from '../mapping/types.js';
import { resourceType, schemas, serviceProviderConfig } from '../render/discovery.js';
import { LIST_RESPONSE_URN } from '../scim/messages.js';
import { SCIM_JSON } from './errors.js';
import * as handlers from './handlers.js';
import { baseUrl, type Deps } from './handlers.js';
import { searchAll } from './list.js';

const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

function sendJson(ctx: Context, payload: unknown): void {
  ctx.type = SCIM_JSON;
  ctx.body = JSON.stringify(payload);
}

function listOf(items: readonly unknown[]): unknown {
  return { schemas: [LIST_RESPONSE_URN], totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items };
}

function searchBody(ctx: Context): Record<string, unknown> {
  const body: unknown = (ctx.request as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ScimError.of('invalidSyntax', 'The search body must be a JSON SearchRequest object.');
  // RFC 7644 §3.4.3: the body is a SearchRequest; a body naming other schemas is someone else's message.
  const schemas = (body as { schemas?: unknown }).schemas;
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(SEARCH_REQUEST_URN))) {
    throw ScimError.of('invalidSyntax', `The search body's "schemas" must contain "${SEARCH_REQUEST_URN}".`);
  }
  return body as Record<string, unknown>;
}

/**
 * The request's dependencies: with tenants (a scope names `$tenant`), the mapping bound to the
 * caller's tenant, so everything below sees only that tenant's rows; a caller without a tenant
 * is refused (the config check makes every credential carry one, but a mapping may be served
 * with --insecure-no-auth).
 */
function requestDeps(deps: Deps): (ctx: Context) => Deps {
  if (!usesTenants(deps.mapping)) return () => deps;
  const bind = tenantBinder(deps.mapping);
  const made = new WeakMap<Mapping, Deps>();
  return (ctx) => {
    const tenant = ctx.state['tenant'] as string | number | undefined;
    if (tenant === undefined) throw ScimError.status(403, 'This credential acts for no tenant, and every resource here belongs to one.');
    const mapping = bind(tenant);
    let found = made.get(mapping);
    if (found === undefined) { found = { ...deps, mapping, tenant }; made.set(mapping, found); }
    return found;
  };
}

/** A write: whatever it changed, totals counted before it may be wrong (even when it failed half-way, it rolled back; forgetting costs one COUNT). */
function writing(deps: Deps, handler: (ctx: Context) => Promise<void>): (ctx: Context) => Promise<void> {
  return async (ctx) => {
    try { await handler(ctx); } finally { deps.lists?.written(); }
  };
}

export function scimRouter(deps: Deps): Router {
  const router = new Router({ prefix: deps.mapping.server.basePath || undefined });
  const of = requestDeps(deps);
  for (const [i, resource] of deps.mapping.resources.entries()) {
    const path = resource.endpoint;
    const on = (ctx: Context): [Deps, ResourceMapping] => { const d = of(ctx); return [d, d.mapping.resources[i] ?? resource]; };
    router.get(path, (ctx) => handlers.list(...on(ctx), ctx, ctx.query));
    router.post(`${path}/.search`, (ctx) => handlers.list(...on(ctx), ctx, searchBody(ctx)));
    router.post(path, writing(deps, (ctx) => handlers.create(...on(ctx), ctx)));
    router.get(`${path}/:id`, (ctx) => handlers.get(...on(ctx), ctx));
    router.put(`${path}/:id`, writing(deps, (ctx) => handlers.replace(...on(ctx), ctx)));
    router.patch(`${path}/:id`, writing(deps, (ctx) => handlers.patch(...on(ctx), ctx)));
    router.delete(`${path}/:id`, writing(deps, (ctx) => handlers.remove(...on(ctx), ctx)));
  }
  router.post('/.search', (ctx) => searchAll(of(ctx), ctx, searchBody(ctx)));
  router.get('/ServiceProviderConfig', (ctx) => sendJson(ctx, serviceProviderConfig(deps.mapping, baseUrl(ctx, deps))));
  router.get('/ResourceTypes', (ctx) => sendJson(ctx, listOf(deps.mapping.resources.map((r) => resourceType(r, baseUrl(ctx, deps))))));
  router.get('/ResourceTypes/:name', (ctx) => {
    const resource = deps.mapping.resources.find((r) => r.name === ctx.params['name']);
    if (!resource) throw ScimError.status(404, `No resource type "${ctx.params['name']}".`);
    sendJson(ctx, resourceType(resource, baseUrl(ctx, deps)));
  });
  router.get('/Schemas', (ctx) => sendJson(ctx, listOf(schemas(deps.mapping, baseUrl(ctx, deps)))));
  router.get('/Schemas/:id', (ctx) => {
    const schema = schemas(deps.mapping, baseUrl(ctx, deps)).find((s) => s['id'] === ctx.params['id']);
    if (!schema) throw ScimError.status(404, `No schema "${ctx.params['id']}".`);
    sendJson(ctx, schema);
  });
  return router;
}
