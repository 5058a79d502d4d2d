/**
 * /healthz (the process answers) and /readyz (the database answers), outside auth and basePath.
 * /readyz runs under the same deadline as a request, so a hung database makes it a 503 in time
 * instead of a probe that never returns.
 */
import type { Middleware } from 'koa';
import type { Knex } from 'knex';
import type { ConnectionGuard } from '../sql/guard.js';

export function probes(knex: Knex, guard: ConnectionGuard, budgetMs: number): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || (ctx.path !== '/healthz' && ctx.path !== '/readyz')) return next();
    if (ctx.path === '/readyz') {
      try {
        await guard.run(budgetMs, async () => knex.raw('select 1'));
      } catch {
        ctx.status = 503;
        ctx.body = { status: 'database unreachable' };
        return;
      }
    }
    ctx.body = { status: 'ok' };
  };
}
