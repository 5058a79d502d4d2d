/**
 * createApp(mapping, knex): the Koa application. Middleware order, outermost first: request log,
 * SCIM errors, health probes, auth, JSON body (with its limits), request deadline, routes. Nothing else lives here.
 */
import Koa from 'koa';
import type { Knex } from 'knex';
import { DEFAULT_LIMITS, type Mapping } from '../mapping/types.js';
import { dialectFor } from '../sql/dialects/index.js';
import { credentialStore } from '../sql/credentials.js';
import { guardPool } from '../sql/guard.js';
import { authenticate } from './auth.js';
import { jsonBody } from './body.js';
import { ListMemory } from './list-memory.js';
import { requestDeadline } from './deadline.js';
import { errorHandler } from './errors.js';
import { requestLog, silentLogger, type Logger } from './log.js';
import { probes } from './probes.js';
import { scimRouter } from './routes.js';

export interface AppOptions {
  readonly logger?: Logger;
  /** Serve without credentials (`--insecure-no-auth`). */
  readonly insecureNoAuth?: boolean;
  /** Act for this tenant on every request (`check --tenant`, which serves without credentials). */
  readonly tenant?: string | number;
}

export function createApp(mapping: Mapping, knex: Knex, options: AppOptions = {}): Koa {
  const log = options.logger ?? silentLogger;
  const deps = { mapping, knex, dialect: dialectFor(mapping.database.client), lists: new ListMemory() };
  const guard = guardPool(knex, deps.dialect);
  // X-Forwarded-* are read (ctx.protocol, ctx.host, ctx.ip) only behind a proxy the operator declared;
  // ctx.ip is then the last X-Forwarded-For entry, the one that proxy added (a client can forge the others).
  const app = new Koa({ proxy: mapping.server.trustProxy === true, maxIpsCount: 1 });
  app.use(requestLog(log));
  app.use(errorHandler(log));
  app.use(probes(knex, guard, mapping.server.requestTimeout));
  const credentials = mapping.auth.credentialsTable ? credentialStore(knex, mapping.auth.credentialsTable) : undefined;
  app.use(authenticate(options.insecureNoAuth ? undefined : mapping.auth, credentials));
  if (options.tenant !== undefined) app.use((ctx, next) => { ctx.state['tenant'] = options.tenant; return next(); });
  app.use(jsonBody(mapping.server.limits ?? DEFAULT_LIMITS));
  app.use(requestDeadline(guard, mapping.server.requestTimeout));
  const router = scimRouter(deps);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
