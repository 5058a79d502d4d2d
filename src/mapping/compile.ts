/**
 * The mapping compiler: validated config + live database schema → one frozen Mapping, or every
 * problem found (ConfigErrors, each with file:line:column and a fix). Runs once at start-up.
 */
import { isAbsolute, dirname, resolve } from 'node:path';
import type { RawConfig, RawSqlite } from '../config/raw-types.js';
import { compileResource } from './compile-resource.js';
import { compileSchemas } from './compile-schemas.js';
import { checkEndpoints } from './resource-schemas.js';
import { URN } from './core-schemas.js';
import type { DbSchema } from './db-schema.js';
import { Problems, type ConfigSource } from './problems.js';
import { checkTenancy, compileCredentialsTable, compileTenantCredentials, tenantsBound } from './compile-tenants.js';
import { DEFAULT_COMPATIBILITY, DEFAULT_LIMITS, joinsOf, relationsOf, type AuthSettings, type CompatibilityRules, type DbSettings, type LogSettings, type Mapping, type SqliteSettings, type ResourceMapping, type ServerSettings } from './types.js';

export interface CompileOptions {
  /** Serve without credentials (`--insecure-no-auth`, for a local demo only). */
  readonly insecureNoAuth?: boolean;
}

/** The `database:` section alone: needed before the compile proper, to read the live schema. */
export function compileDatabase(raw: RawConfig, file: string): DbSettings {
  const db = raw.database;
  const connection = db.client === 'sqlite' && db.connection !== ':memory:' && !isAbsolute(db.connection)
    ? resolve(dirname(file), db.connection) // relative to the config file, not the working directory
    : db.connection;
  return {
    client: db.client,
    connection,
    ...(db.schema !== undefined ? { schema: db.schema } : {}),
    ...(db.pool !== undefined ? { pool: db.pool } : {}),
    // Defaults that turn a hung database into a 503 within seconds (docs/operations.md).
    statementTimeout: db.statementTimeout ?? 8000,
    acquireTimeout: db.acquireTimeout ?? 5000,
    ...(db.client === 'sqlite' ? { sqlite: compileSqlite(db.sqlite ?? {}) } : {}),
  };
}

/** Serving defaults for a SQLite file: WAL, checkpoint syncs, a 64 MB page cache, no mmap (docs/operations.md). */
function compileSqlite(raw: RawSqlite): SqliteSettings {
  return {
    journalMode: raw.journalMode ?? 'wal',
    synchronous: raw.synchronous ?? 'normal',
    cacheBytes: parseBytes(raw.cacheSize ?? '64mb'),
    mmapBytes: parseBytes(raw.mmapSize ?? '0b'),
  };
}

export function compileMapping(source: ConfigSource, db: DbSchema, options: CompileOptions = {}): Mapping {
  const problems = new Problems(source);
  const raw = source.raw;
  const server = compileServer(raw, tenantsBound(raw));
  const auth = compileAuth(raw, db, problems, options);
  const compatibility: CompatibilityRules = { ...DEFAULT_COMPATIBILITY, ...raw.compatibility };
  const registry = compileSchemas(raw.schemas ?? [], problems);
  const resources = Object.entries(raw.resources)
    .map(([name, spec]) => compileResource(name, spec, db, problems, raw.server?.strict ?? false, registry))
    .filter((r): r is ResourceMapping => r !== undefined)
    .map((r) => ({ ...r, compatibility }));
  checkEndpoints(resources, raw.resources, problems);
  const linked = linkReferences(resources, problems, new Set(Object.keys(raw.resources)));
  checkTenancy(raw, linked, problems);
  if (Object.keys(raw.resources).length === 0) {
    problems.add(['resources'], 'no resources are configured', 'add resources: { User: { table: users, attributes: { userName: email } } }', true);
  }
  problems.throwIfAny();
  return deepFreeze({ database: compileDatabase(raw, source.file), server, auth, resources: linked, compatibility });
}

/**
 * Attributes that hold another resource's id (the enterprise manager.value) carry that resource's
 * IdMapping, so ids are translated (`user-42` ↔ 42) wherever they appear; membership relations
 * need the resource type on their other side.
 */
function linkReferences(resources: readonly ResourceMapping[], problems: Problems, configured: ReadonlySet<string>): ResourceMapping[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  return resources.map((resource) => {
    for (const relation of relationsOf(resource)) {
      // (A resource that is configured but failed to compile has its own problems reported already.)
      if (relation.kind === 'membership' && !byName.has(relation.other) && !configured.has(relation.other)) {
        problems.add(['resources', resource.name, 'attributes', relation.key], `${relation.name} refers to ${relation.other}s, but no ${relation.other} resource is configured`,
          `add resources.${relation.other} with its table, or remove ${relation.key}`, true);
      }
    }
    const attributes = resource.attributes.map((attr) => {
      const isManager = attr.schema === URN.enterpriseUser && attr.name === 'manager' && attr.sub === 'value';
      const target = isManager ? byName.get('User') : undefined;
      return target ? { ...attr, reference: target.id } : attr;
    });
    const relations = relationsOf(resource).map((r) => {
      const other = r.kind === 'membership' ? byName.get(r.other) : undefined;
      // otherRows: a membership filter must see only the other side's live rows, as reads do.
      return other && r.kind === 'membership'
        ? { ...r, otherId: other.id, otherRows: { table: other.table, key: other.id.column, scope: other.scope, delete: other.delete, joins: joinsOf(other) } }
        : r;
    });
    return { ...resource, attributes, relations };
  });
}

/** `server.log`, needed before the compile proper too: `serve` logs while it opens the database. */
export function compileLogSettings(raw: RawConfig): LogSettings {
  return { level: raw.server?.log?.level ?? 'info', pretty: raw.server?.log?.pretty === true };
}

/**
 * With tenant-bound credentials every caller is one tenant, and the metrics count them all: by
 * default they are then off on the main port (checkTenancy refuses them there when asked for).
 */
function compileServer(raw: RawConfig, tenants: boolean): ServerSettings {
  const s = raw.server ?? {};
  const basePath = `/${(s.basePath ?? '/scim/v2').replace(/^\/+|\/+$/g, '')}`;
  return {
    host: s.host ?? '0.0.0.0',
    port: s.port ?? 8080,
    basePath: basePath === '/' ? '' : basePath,
    defaultCount: s.defaultCount ?? 100,
    maxResults: s.maxResults ?? 1000,
    bodyLimit: s.bodyLimit ?? '1mb',
    ...(s.publicUrl !== undefined ? { publicUrl: s.publicUrl.replace(/\/+$/, '') } : {}),
    ...(s.trustProxy ? { trustProxy: true } : {}),
    limits: {
      bodyBytes: s.bodyLimit !== undefined ? parseBytes(s.bodyLimit) : DEFAULT_LIMITS.bodyBytes,
      maxDepth: s.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
      maxOperations: s.limits?.maxOperations ?? DEFAULT_LIMITS.maxOperations,
      maxArrayLength: s.limits?.maxArrayLength ?? DEFAULT_LIMITS.maxArrayLength,
    },
    requestTimeout: s.requestTimeout ?? 10_000,
    shutdownTimeout: s.shutdownTimeout ?? 10_000,
    log: compileLogSettings(raw),
    ...(s.metrics?.enabled === false || (tenants && s.metrics === undefined) ? {} : {
      metrics: { path: s.metrics?.path ?? '/metrics', public: s.metrics?.public === true, ...(s.metrics?.port !== undefined ? { port: s.metrics.port } : {}) },
    }),
  };
}

/** `512kb`, `1mb`, `1.5 MB` (the schema's pattern) → bytes; units are powers of 1024. */
export function parseBytes(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?) ?([kmg]?)b$/i.exec(text.trim());
  if (!match) return DEFAULT_LIMITS.bodyBytes;
  const power = { '': 0, k: 1, m: 2, g: 3 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(match[1]) * 1024 ** power);
}

function compileAuth(raw: RawConfig, db: DbSchema, problems: Problems, options: CompileOptions): AuthSettings {
  const bearer = (raw.auth?.bearer ?? []).filter((t) => t !== '');
  const basic = raw.auth?.basic ?? [];
  const anyTenant = (raw.auth?.tenants ?? []).length > 0 || raw.auth?.credentialsTable !== undefined;
  if (bearer.length === 0 && basic.length === 0 && !anyTenant && !options.insecureNoAuth) {
    problems.add(['auth'], 'no credential is configured, so anyone could read and change your users',
      'add auth: { bearer: [ "${SCIM_TOKEN}" ] } and export SCIM_TOKEN, or pass --insecure-no-auth for a local demo', true);
  }
  for (const [i, token] of bearer.entries()) {
    if (token.length < 16) problems.add(['auth', 'bearer', i], 'this bearer token is shorter than 16 characters', 'use a long random token, e.g. `openssl rand -hex 32`');
  }
  const limit = raw.auth?.rateLimit;
  const rateLimit = limit?.enabled === false ? undefined : { failures: limit?.failures ?? 20, windowSeconds: limit?.windowSeconds ?? 60 };
  const tenants = compileTenantCredentials(raw, problems);
  const table = compileCredentialsTable(raw, db, problems);
  return {
    bearer, basic: basic.map((b) => ({ username: b.username, password: b.password })), ...(rateLimit ? { rateLimit } : {}),
    ...(tenants.length > 0 ? { tenants } : {}),
    ...(table ? { credentialsTable: table } : {}),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
