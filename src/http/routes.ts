/** The route table, derived from the mapping's resources; discovery endpoints beside them. */
import Router from '@koa/router';
import type { Context } from 'koa';
import { ScimError } from '../errors.js';
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

export function scimRouter(deps: Deps): Router {
  const router = new Router({ prefix: deps.mapping.server.basePath || undefined });
  for (const resource of deps.mapping.resources) {
    const path = resource.endpoint;
    router.get(path, (ctx) => handlers.list(deps, resource, ctx, ctx.query));
    router.post(`${path}/.search`, (ctx) => handlers.list(deps, resource, ctx, searchBody(ctx)));
    router.post(path, (ctx) => handlers.create(deps, resource, ctx));
    router.get(`${path}/:id`, (ctx) => handlers.get(deps, resource, ctx));
    router.put(`${path}/:id`, (ctx) => handlers.replace(deps, resource, ctx));
    router.patch(`${path}/:id`, (ctx) => handlers.patch(deps, resource, ctx));
    router.delete(`${path}/:id`, (ctx) => handlers.remove(deps, resource, ctx));
  }
  router.post('/.search', (ctx) => searchAll(deps, ctx, searchBody(ctx)));
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
