/**
 * Bearer tokens and HTTP Basic credentials from the config, compared in constant time (a timing
 * side channel would otherwise leak how much of a token matched). 401 carries WWW-Authenticate;
 * failures past the per-address budget (auth.rateLimit) are 429 with Retry-After.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import basicAuth from 'basic-auth';
import type { Middleware } from 'koa';
import { ScimError } from '../errors.js';
import type { AuthSettings } from '../mapping/types.js';
import { FailureLimiter } from './rate-limit.js';

/** Hashing first makes both sides the same length, so the comparison itself leaks nothing. */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Checks every credential (no early exit), so the time does not depend on which one matched. */
function anyMatch<T>(candidates: readonly T[], test: (c: T) => boolean): boolean {
  let found = false;
  for (const c of candidates) found = test(c) || found;
  return found;
}

export function authenticate(settings: AuthSettings | undefined): Middleware {
  const limit = settings?.rateLimit;
  const limiter = limit ? new FailureLimiter(limit.failures, limit.windowSeconds) : undefined;
  const challenges = [
    ...(settings && settings.bearer.length > 0 ? ['Bearer realm="scim-bridge"'] : []),
    ...(settings && settings.basic.length > 0 ? ['Basic realm="scim-bridge"'] : []),
  ].join(', ');
  return async (ctx, next) => {
    if (!settings) return next(); // --insecure-no-auth
    const header = ctx.get('authorization');
    const bearer = /^bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const basic = bearer === undefined ? basicAuth(ctx.req) : undefined;
    const ok = bearer !== undefined
      ? anyMatch(settings.bearer, (t) => safeEqual(t, bearer))
      : basic !== undefined && anyMatch(settings.basic, (c) => safeEqual(c.username, basic.name) && safeEqual(c.password, basic.pass));
    if (!ok) {
      // ctx.ip is the socket's address, or X-Forwarded-For's client with server.trustProxy (app.proxy).
      const limited = limiter?.fail(ctx.ip);
      if (limited) throw limited;
      throw ScimError.status(401, header === '' ? 'Authentication is required: send an Authorization header with a bearer token or basic credentials.' : 'The credentials are not valid.',
        { 'WWW-Authenticate': challenges || 'Bearer realm="scim-bridge"' });
    }
    return next();
  };
}
