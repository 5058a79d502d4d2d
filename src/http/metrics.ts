/**
 * Prometheus metrics through prom-client, one Registry per server (two servers in one process count
 * apart): requests and their latency by resource type, method, status and tenant; the database
 * pool's occupancy; database errors by kind (reported by sql/ through observe.ts); and
 * prom-client's default process metrics. Label values come from closed sets (route-labels.ts) except
 * the tenant, which has one value per tenant the credentials name: the number of series is about
 * tenants × resource types × methods × statuses seen (docs/operations.md).
 */
import type { Context, Middleware } from 'koa';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DB_ERROR_KINDS, observeDbErrors, poolStats, type PoolStats } from '../sql/observe.js';
import type { RequestLabels } from './route-labels.js';

export interface Metrics {
  readonly registry: Registry;
  /** Counts one answered request. */
  observe(labels: RequestLabels, status: number, tenant: string | number | undefined, seconds: number): void;
}

const LABELS = ['resource', 'method', 'status', 'tenant'] as const;
/** Seconds: a SCIM request takes milliseconds; the top buckets show requests near the 10 s deadline. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function poolGauge(registry: Registry, knex: Knex, name: string, help: string, read: (s: PoolStats) => number): void {
  // collect() runs at each scrape, so the value is the pool's now, not when a request last ended.
  new Gauge({ name, help, registers: [registry], collect() { this.set(read(poolStats(knex))); } });
}

export function createMetrics(knex: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'scim_bridge_http_requests_total', help: 'HTTP requests answered, by resource type, method, status and tenant.', labelNames: LABELS, registers: [registry] });
  const latency = new Histogram({ name: 'scim_bridge_http_request_duration_seconds', help: 'Time from the request\'s arrival to its answer, in seconds.', labelNames: LABELS, buckets: BUCKETS, registers: [registry] });
  poolGauge(registry, knex, 'scim_bridge_db_pool_in_use', 'Database connections checked out by requests.', (s) => s.used);
  poolGauge(registry, knex, 'scim_bridge_db_pool_idle', 'Open database connections waiting in the pool.', (s) => s.free);
  poolGauge(registry, knex, 'scim_bridge_db_pool_waiting', 'Requests waiting for a database connection.', (s) => s.waiting);
  poolGauge(registry, knex, 'scim_bridge_db_pool_max', 'The pool\'s size limit (database.pool.max).', (s) => s.max);
  const errors = new Counter({ name: 'scim_bridge_db_errors_total', help: 'Database errors by kind: unavailable, timeout, deadline, abandoned, deadlock (retried), busy (retries exhausted), unique, not_null, foreign_key.', labelNames: ['kind'], registers: [registry] });
  // Every kind is shown from the start, at 0, so a rate() over it has a series before the first error.
  for (const kind of DB_ERROR_KINDS) errors.labels(kind).inc(0);
  observeDbErrors(knex, (kind) => errors.labels(kind).inc());
  return {
    registry,
    observe(labels, status, tenant, seconds) {
      const values = { resource: labels.resource, method: labels.method, status: String(status), tenant: tenant === undefined ? '' : String(tenant) };
      requests.inc(values);
      latency.observe(values, seconds);
    },
  };
}

/** Counts every request that passes through (placed next to the request log, outside everything else). */
export function requestMetrics(metrics: Metrics, labels: (ctx: Context) => RequestLabels): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      metrics.observe(labels(ctx), ctx.status, ctx.state['tenant'] as string | number | undefined, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}

/** Answers GET `path` with the registry's text exposition; anything else passes on. */
export function metricsEndpoint(metrics: Metrics, path: string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      return;
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}
