/**
 * Config file → listening server: load, open the database, read its schema, compile the
 * mapping (which checks every table and column), build the app, listen. Used by `serve` and tests.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { LoadedConfig } from './config/load.js';
import { ConfigErrors } from './errors.js';
import { createApp, createMetricsApp } from './http/app.js';
import { silentLogger, type Logger } from './http/log.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { compileDatabase, compileMapping } from './mapping/compile.js';
import type { Mapping } from './mapping/types.js';
import { unindexedUniques } from './mapping/unique-indexes.js';
import { openDatabase } from './sql/connect.js';
import { dialectFor } from './sql/dialects/index.js';
import { guardPool, type ConnectionGuard } from './sql/guard.js';
import { introspect } from './sql/introspect.js';
import { drainable, type DrainResult } from './shutdown.js';

export interface StartOptions {
  readonly insecureNoAuth?: boolean;
  readonly logger?: Logger;
  /** Overrides server.port / server.host (tests listen on 127.0.0.1:0). */
  readonly port?: number;
  readonly host?: string;
}

export interface CloseOptions {
  /** How long in-flight requests may take; default `server.shutdownTimeout`. */
  readonly graceMs?: number;
  /**
   * How long idle kept-alive connections may still bring one more request (answered with
   * `Connection: close`) before they are closed; default 0 (closed at once). `serve` lingers.
   */
  readonly lingerMs?: number;
}

export interface RunningServer {
  readonly url: string;
  /** Where Prometheus metrics are served (on the main port or their own); absent when they are off. */
  readonly metricsUrl?: string;
  /** The probes' base: `${origin}/healthz`, `${origin}/readyz`. */
  readonly origin: string;
  readonly mapping: Mapping;
  readonly knex: Knex;
  /**
   * Stops accepting, answers the requests in flight (shutdown.ts), then closes the pool;
   * `forced` when the grace period ran out and connections were closed under requests.
   */
  close(options?: CloseOptions): Promise<DrainResult>;
}

/** How long closing the pool may wait for the database to answer each connection's goodbye. */
const POOL_CLOSE_MS = 1000;

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  return Promise.race([promise.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}

/** Closes the pool; a database that does not answer (frozen, unreachable) gets its sockets closed. */
async function closePool(knex: Knex, guard: ConnectionGuard, forced: boolean): Promise<void> {
  if (forced) guard.abortAll();
  const destroyed = knex.destroy();
  if (await settlesWithin(destroyed, POOL_CLOSE_MS)) return;
  guard.abortAll();
  await settlesWithin(destroyed, POOL_CLOSE_MS);
}

/** Opens the database and compiles the mapping against its live schema; throws ConfigErrors. */
export async function prepare(config: LoadedConfig, options: StartOptions = {}): Promise<{ mapping: Mapping; knex: Knex }> {
  const settings = compileDatabase(config.raw, config.file);
  if (settings.client === 'sqlite' && settings.connection !== ':memory:' && !existsSync(settings.connection)) {
    // better-sqlite3 would create an empty file and every table would then be "missing".
    throw new ConfigErrors([config.error(['database', 'connection'], `the SQLite file ${settings.connection} does not exist`,
      'give the path of your application\'s database file, relative to this config file')]);
  }
  const log = options.logger ?? silentLogger;
  const knex = openDatabase(settings, (line) => log.warn({ detail: line }, 'database'));
  try {
    // Every table, not only the mapped ones: a misspelt table name gets a did-you-mean.
    const schema = await introspect(knex, settings.client, settings.schema !== undefined ? { schema: settings.schema } : {});
    const mapping = compileMapping(config, schema, { ...(options.insecureNoAuth ? { insecureNoAuth: true } : {}) });
    if (await dialectFor(settings.client).multiPrimary(knex)) {
      for (const u of unindexedUniques(mapping, schema)) {
        log.warn(u, 'multi-primary cluster (Galera): locks are per node, so this unique attribute is unique across nodes only if a unique index covers its column (or a generated lower() column of it); README "Running several instances"');
      }
    }
    return { mapping, knex };
  } catch (error) {
    await knex.destroy();
    throw error;
  }
}

/** Listens on `port` at `host`; on failure nothing is left listening. */
function listen(app: { listen(port: number, host: string, cb: () => void): Server }, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
}

/** The metrics listener of `server.metrics.port`, when metrics have a port of their own. */
async function metricsListener(mapping: Mapping, metrics: Metrics | undefined, host: string, insecureNoAuth: boolean): Promise<Server | undefined> {
  const port = mapping.server.metrics?.port;
  if (!metrics || port === undefined) return undefined;
  return listen(createMetricsApp(mapping, metrics, { insecureNoAuth }), port, host);
}

const closeServer = (server: Server | undefined) => new Promise<void>((resolve) => {
  if (!server) return resolve();
  server.close(() => resolve());
  server.closeAllConnections();
});

export async function startServer(config: LoadedConfig, options: StartOptions = {}): Promise<RunningServer> {
  const { mapping, knex } = await prepare(config, options);
  const metrics = mapping.server.metrics ? createMetrics(knex) : undefined;
  const app = createApp(mapping, knex, { logger: options.logger ?? silentLogger, ...(metrics ? { metrics } : {}), ...(options.insecureNoAuth ? { insecureNoAuth: true } : {}) });
  const host = options.host ?? mapping.server.host;
  let server: Server;
  let metricsServer: Server | undefined;
  try {
    server = await listen(app, options.port ?? mapping.server.port, host);
    metricsServer = await metricsListener(mapping, metrics, host, options.insecureNoAuth === true).catch(async (error: unknown) => { await closeServer(server); throw error; });
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  server.requestTimeout = 30_000;
  const drain = drainable(server);
  const guard = guardPool(knex, dialectFor(mapping.database.client));
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `http://${shownHost}:${(server.address() as AddressInfo).port}`;
  const metricsOrigin = metricsServer ? `http://${shownHost}:${(metricsServer.address() as AddressInfo).port}` : origin;
  return {
    url: `${origin}${mapping.server.basePath}`,
    origin,
    ...(mapping.server.metrics ? { metricsUrl: `${metricsOrigin}${mapping.server.metrics.path}` } : {}),
    mapping,
    knex,
    async close(options = {}) {
      const [result] = await Promise.all([drain(options.graceMs ?? mapping.server.shutdownTimeout, options.lingerMs ?? 0), closeServer(metricsServer)]);
      await closePool(knex, guard, result.forced);
      return result;
    },
  };
}
