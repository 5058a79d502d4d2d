/**
 * createApp(mapping, knex): the Koa application. Middleware order, outermost first: request log
 * (and request id), request metrics, SCIM errors, health probes, public metrics, auth, metrics
 * behind auth, JSON body (with its limits), request deadline, routes. Nothing else lives here.
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
import { metricsEndpoint, requestMetrics, type Metrics } from './metrics.js';
import { probes } from './probes.js';
import { routeLabels } from './route-labels.js';
import { scimRouter } from './routes.js';

export interface AppOptions {
  readonly logger?: Logger;
  /**
   * Requests are counted into these; they are also served at `server.metrics.path` when the
   * mapping serves metrics on the main port (startServer serves them on their own port otherwise).
   */
  readonly metrics?: Metrics;
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
  const served = mapping.server.metrics;
  const onMainPort = options.metrics && served && served.port === undefined ? served : undefined;
  const labels = routeLabels(mapping, onMainPort?.path);
  app.use(requestLog(log, labels));
  if (options.metrics) app.use(requestMetrics(options.metrics, labels));
  app.use(errorHandler());
  app.use(probes(knex, guard, mapping.server.requestTimeout));
  if (options.metrics && onMainPort?.public) app.use(metricsEndpoint(options.metrics, onMainPort.path));
  const credentials = mapping.auth.credentialsTable ? credentialStore(knex, mapping.auth.credentialsTable) : undefined;
  app.use(authenticate(options.insecureNoAuth ? undefined : mapping.auth, credentials));
  if (options.tenant !== undefined) app.use((ctx, next) => { ctx.state['tenant'] = options.tenant; return next(); });
  if (options.metrics && onMainPort && !onMainPort.public) app.use(metricsEndpoint(options.metrics, onMainPort.path));
  app.use(jsonBody(mapping.server.limits ?? DEFAULT_LIMITS));
  app.use(requestDeadline(guard, mapping.server.requestTimeout));
  const router = scimRouter(deps);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/**
 * The app of metrics on a port of their own (`server.metrics.port`): the same credentials as SCIM
 * unless `server.metrics.public`; every other path is a 404.
 */
export function createMetricsApp(mapping: Mapping, metrics: Metrics, options: { insecureNoAuth?: boolean } = {}): Koa {
  const path = mapping.server.metrics?.path ?? '/metrics';
  const app = new Koa({ proxy: mapping.server.trustProxy === true, maxIpsCount: 1 });
  app.use(errorHandler());
  if (!mapping.server.metrics?.public) app.use(authenticate(options.insecureNoAuth ? undefined : mapping.auth));
  app.use(metricsEndpoint(metrics, path));
  return app;
}
