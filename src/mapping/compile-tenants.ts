/**
 * `auth.tenants` and `auth.credentialsTable` → the credentials the server binds to tenants. Secrets
 * are kept only as their sha256 (a config may hold the hash already: `bearerSha256`), so a
 * comparison never needs the plain secret. A mapping whose scopes name `$tenant` must be reached
 * only through such credentials: a plain `auth.bearer` token would see no tenant.
 */
import { createHash } from 'node:crypto';
import type { RawConfig, RawTenantCredential } from '../config/raw-types.js';
import type { Problems } from './problems.js';
import { usesTenants } from './tenant.js';
import { suggestion } from '../util/did-you-mean.js';
import { findColumn, findTable, type DbSchema } from './db-schema.js';
import type { CredentialsTable, ResourceMapping, TenantCredential } from './types.js';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const HEX = /^[0-9a-f]{64}$/i;

export function compileTenantCredentials(raw: RawConfig, problems: Problems): TenantCredential[] {
  return (raw.auth?.tenants ?? []).flatMap((c, i) => {
    const compiled = compileOne(c, ['auth', 'tenants', i], problems);
    return compiled === undefined ? [] : [compiled];
  });
}

function compileOne(c: RawTenantCredential, at: readonly (string | number)[], problems: Problems): TenantCredential | undefined {
  const kinds = [c.bearer, c.bearerSha256, c.basic].filter((k) => k !== undefined).length;
  if (kinds !== 1) {
    problems.add(at, 'a tenant credential names exactly one of bearer, bearerSha256 or basic', 'e.g. { bearer: "${ACME_TOKEN}", tenant: 1 }');
    return undefined;
  }
  if (c.bearer !== undefined) {
    if (c.bearer.length < 16) problems.add([...at, 'bearer'], 'this bearer token is shorter than 16 characters', 'use a long random token, e.g. `openssl rand -hex 32`');
    return { tenant: c.tenant, bearerSha256: sha256(c.bearer) };
  }
  if (c.bearerSha256 !== undefined) return hexOr(c.bearerSha256, [...at, 'bearerSha256'], problems, (h) => ({ tenant: c.tenant, bearerSha256: h }));
  const basic = c.basic as NonNullable<RawTenantCredential['basic']>;
  if ((basic.password === undefined) === (basic.passwordSha256 === undefined)) {
    problems.add([...at, 'basic'], 'a basic credential has either password or passwordSha256', 'e.g. { username: globex, password: "${GLOBEX_PASSWORD}" }');
    return undefined;
  }
  if (basic.password !== undefined) return { tenant: c.tenant, basic: { username: basic.username, passwordSha256: sha256(basic.password) } };
  return hexOr(basic.passwordSha256 as string, [...at, 'basic', 'passwordSha256'], problems, (h) => ({ tenant: c.tenant, basic: { username: basic.username, passwordSha256: h } }));
}

function hexOr(value: string, at: readonly (string | number)[], problems: Problems, make: (hex: string) => TenantCredential): TenantCredential | undefined {
  if (HEX.test(value)) return make(value.toLowerCase());
  problems.add(at, 'not a sha256 digest: 64 hexadecimal digits', 'e.g. printf %s "$TOKEN" | sha256sum');
  return undefined;
}

/** `$tenant` in a scope needs tenant credentials; tenant credentials without `$tenant` anywhere are a mistake too. */
/** Some credential is bound to a tenant (auth.tenants or auth.credentialsTable). */
export function tenantsBound(raw: RawConfig): boolean {
  return (raw.auth?.tenants ?? []).length > 0 || raw.auth?.credentialsTable !== undefined;
}

export function checkTenancy(raw: RawConfig, resources: readonly ResourceMapping[], problems: Problems): void {
  const bound = tenantsBound(raw);
  const metrics = raw.server?.metrics;
  if (bound && metrics !== undefined && metrics.enabled !== false && metrics.port === undefined && metrics.public !== true) {
    problems.add(['server', 'metrics'], 'the metrics count every tenant\'s requests, and on the main port they would be read with a tenant\'s credential',
      'serve them on a port of their own that only your monitoring reaches: server.metrics: { port: 9464 } (or public: true on such a network)');
  }
  const used = usesTenants({ resources });
  if (used && !bound) {
    problems.add(['auth'], 'a scope names $tenant, but no credential is bound to a tenant', 'add auth: { tenants: [ { bearer: "${ACME_TOKEN}", tenant: 1 } ] } (or auth.credentialsTable)', true);
  }
  if (bound && !used) {
    problems.add(['auth', raw.auth?.tenants ? 'tenants' : 'credentialsTable'], 'credentials are bound to tenants, but no resource scope names $tenant: every tenant would see every row',
      'bind the tenant column in each resource: scope: { org_id: $tenant }', true);
  }
  if (used && ((raw.auth?.bearer ?? []).length > 0 || (raw.auth?.basic ?? []).length > 0)) {
    problems.add(['auth'], 'scopes name $tenant, so every credential needs a tenant: auth.bearer and auth.basic have none', 'move them under auth.tenants with their tenant', true);
  }
}

/** `auth.credentialsTable`, checked against the live schema (its table and columns exist). */
export function compileCredentialsTable(raw: RawConfig, db: DbSchema, problems: Problems): CredentialsTable | undefined {
  const spec = raw.auth?.credentialsTable;
  if (spec === undefined) return undefined;
  const at = ['auth', 'credentialsTable'];
  const table = findTable(db, spec.table);
  if (table === undefined) {
    problems.add([...at, 'table'], `table "${spec.table}" does not exist in the database`, suggestion(spec.table, db.tables.map((t) => t.name)) || 'name the table holding the token hashes');
    return undefined;
  }
  const named = { hash: spec.hash, tenant: spec.tenant, ...(spec.revoked !== undefined ? { revoked: spec.revoked } : {}), ...(spec.lastUsed !== undefined ? { lastUsed: spec.lastUsed } : {}) };
  let ok = true;
  for (const [key, column] of Object.entries(named)) {
    if (findColumn(table, column) !== undefined) continue;
    problems.add([...at, key], `column "${column}" does not exist in table "${table.name}"`, `${suggestion(column, table.columns.map((c) => c.name))}its columns are: ${table.columns.map((c) => c.name).join(', ')}`);
    ok = false;
  }
  if (!ok) return undefined;
  const revokedFlag = spec.revoked !== undefined && findColumn(table, spec.revoked)?.kind === 'boolean';
  return { ...spec, refreshSeconds: spec.refreshSeconds ?? 30, ...(revokedFlag ? { revokedFlag: true } : {}) };
}
