/**
 * Bearer tokens and HTTP Basic credentials from the config, compared in constant time (a timing
 * side channel would otherwise leak how much of a token matched). 401 carries WWW-Authenticate;
 * failures past the per-address budget (auth.rateLimit) are 429 with Retry-After.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import basicAuth from 'basic-auth';
import type { Middleware } from 'koa';
import { ScimError } from '../errors.js';
import type { AuthSettings, TenantCredential } from '../mapping/types.js';
import type { CredentialStore, Tenant } from '../sql/credentials.js';
import { FailureLimiter } from './rate-limit.js';

const digestOf = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Hashing first makes both sides the same length, so the comparison itself leaks nothing. */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digestOf(a), digestOf(b));
}

/** The configured credentials' digests, taken once: a request then hashes only what it presents. */
interface Digests { readonly bearer: readonly Buffer[]; readonly basic: readonly { readonly username: string; readonly password: Buffer }[] }

function digestsOf(settings: AuthSettings): Digests {
  return { bearer: settings.bearer.map(digestOf), basic: settings.basic.map((c) => ({ username: c.username, password: digestOf(c.password) })) };
}

/** Checks every credential (no early exit), so the time does not depend on which one matched. */
function anyMatch<T>(candidates: readonly T[], test: (c: T) => boolean): boolean {
  let found = false;
  for (const c of candidates) found = test(c) || found;
  return found;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Constant-time equality of two hex digests of the same length. */
function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** The tenant of the matching `auth.tenants` credential; every one is compared (no early exit). */
function configuredTenant(tenants: readonly TenantCredential[], bearer: string | undefined, basic: { name: string; pass: string } | undefined): Tenant | undefined {
  if (tenants.length === 0) return undefined;
  let found: Tenant | undefined;
  const bearerHash = bearer === undefined ? undefined : sha256(bearer);
  const passHash = basic === undefined ? undefined : sha256(basic.pass);
  for (const c of tenants) {
    const hit = bearerHash !== undefined && c.bearerSha256 !== undefined ? sameDigest(c.bearerSha256, bearerHash)
      : passHash !== undefined && c.basic !== undefined ? safeEqual(c.basic.username, basic?.name ?? '') && sameDigest(c.basic.passwordSha256, passHash)
        : false;
    if (hit && found === undefined) found = c.tenant;
  }
  return found;
}

/** Who the caller is: no one, a plain credential (no tenant), or a tenant's credential. */
type Caller = { readonly ok: false } | { readonly ok: true; readonly tenant?: Tenant };

async function identify(settings: AuthSettings, digests: Digests, store: CredentialStore | undefined, bearer: string | undefined, basic: { name: string; pass: string } | undefined): Promise<Caller> {
  const tenant = configuredTenant(settings.tenants ?? [], bearer, basic);
  if (tenant !== undefined) return { ok: true, tenant };
  if (store !== undefined && bearer !== undefined) {
    let stored: Tenant | undefined;
    try {
      stored = await store.tenantOf(sha256(bearer));
    } catch {
      // The credentials table lives in the application's database: when it cannot be read, nobody can be told apart.
      throw ScimError.status(503, 'The credentials cannot be checked now (the database did not answer); retry the request.', { 'Retry-After': '2' });
    }
    if (stored !== undefined) return { ok: true, tenant: stored };
  }
  const given = bearer ?? basic?.pass;
  const presented = given === undefined ? undefined : digestOf(given);
  const plain = presented === undefined ? false : bearer !== undefined
    ? anyMatch(digests.bearer, (t) => timingSafeEqual(t, presented))
    : basic !== undefined && anyMatch(digests.basic, (c) => safeEqual(c.username, basic.name) && timingSafeEqual(c.password, presented));
  return { ok: plain };
}

/**
 * Authenticates the request; a tenant's credential puts its tenant in `ctx.state.tenant` (the
 * value `$tenant` stands for in this request's scopes, see mapping/tenant.ts).
 */
export function authenticate(settings: AuthSettings | undefined, store?: CredentialStore): Middleware {
  const limit = settings?.rateLimit;
  const limiter = limit ? new FailureLimiter(limit.failures, limit.windowSeconds) : undefined;
  const bearers = settings !== undefined && (settings.bearer.length > 0 || (settings.tenants ?? []).some((t) => t.bearerSha256) || settings.credentialsTable !== undefined);
  const basics = settings !== undefined && (settings.basic.length > 0 || (settings.tenants ?? []).some((t) => t.basic));
  const challenges = [...(bearers ? ['Bearer realm="scim-bridge"'] : []), ...(basics ? ['Basic realm="scim-bridge"'] : [])].join(', ');
  const digests = settings === undefined ? { bearer: [], basic: [] } : digestsOf(settings);
  return async (ctx, next) => {
    if (!settings) return next(); // --insecure-no-auth
    const header = ctx.get('authorization');
    const bearer = /^bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const basic = bearer === undefined ? basicAuth(ctx.req) : undefined;
    const caller = await identify(settings, digests, store, bearer, basic);
    if (!caller.ok) {
      // ctx.ip is the socket's address, or X-Forwarded-For's client with server.trustProxy (app.proxy).
      const limited = limiter?.fail(ctx.ip);
      if (limited) throw limited;
      throw ScimError.status(401, header === '' ? 'Authentication is required: send an Authorization header with a bearer token or basic credentials.' : 'The credentials are not valid.',
        { 'WWW-Authenticate': challenges || 'Bearer realm="scim-bridge"' });
    }
    if (caller.tenant !== undefined) ctx.state['tenant'] = caller.tenant;
    return next();
  };
}
