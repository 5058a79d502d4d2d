/**
 * createApp(mapping, knex): the Koa application. Middleware order, outermost first: request log,
 * SCIM errors, health probes, auth, JSON body, request deadline, routes. Nothing else lives here.
 */
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { Mapping } from '../mapping/types.js';
import { dialectFor } from '../sql/dialects/index.js';
import { guardPool } from '../sql/guard.js';
import { authenticate } from './auth.js';
import { requestDeadline } from './deadline.js';
import { errorHandler } from './errors.js';
import { requestLog, silentLogger, type Logger } from './log.js';
import { probes } from './probes.js';
import { scimRouter } from './routes.js';

export interface AppOptions {
  readonly logger?: Logger;
  /** Serve without credentials (`--insecure-no-auth`). */
  readonly insecureNoAuth?: boolean;
}

const JSON_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

/** A body that is not JSON would otherwise parse as `{}`: refuse it (RFC 7644 §3.1 uses application/scim+json). */
const requireJsonBody: Koa.Middleware = async (ctx, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && ctx.request.length !== undefined && ctx.request.length > 0 && !ctx.is(...JSON_TYPES)) {
    throw ScimError.status(415, `Send the body as application/scim+json (or application/json); got ${ctx.get('content-type') || 'no Content-Type'}.`);
  }
  return next();
};

export function createApp(mapping: Mapping, knex: Knex, options: AppOptions = {}): Koa {
  const log = options.logger ?? silentLogger;
  const deps = { mapping, knex, dialect: dialectFor(mapping.database.client) };
  const guard = guardPool(knex, deps.dialect);
  const app = new Koa();
  app.use(requestLog(log));
  app.use(errorHandler(log));
  app.use(probes(knex, guard, mapping.server.requestTimeout));
  app.use(authenticate(options.insecureNoAuth ? undefined : mapping.auth));
  app.use(requireJsonBody);
  app.use(bodyParser({ enableTypes: ['json'], extendTypes: { json: JSON_TYPES }, jsonLimit: mapping.server.bodyLimit, strict: true }));
  app.use(requestDeadline(guard, mapping.server.requestTimeout));
  const router = scimRouter(deps);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
