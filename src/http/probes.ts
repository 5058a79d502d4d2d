/** /healthz (the process answers) and /readyz (the database answers), outside auth and basePath. */
import type { Middleware } from 'koa';
import type { Knex } from 'knex';

export function probes(knex: Knex): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || (ctx.path !== '/healthz' && ctx.path !== '/readyz')) return next();
    if (ctx.path === '/readyz') {
      try {
        await knex.raw('select 1');
      } catch {
        ctx.status = 503;
        ctx.body = { status: 'database unreachable' };
        return;
      }
    }
    ctx.body = { status: 'ok' };
  };
}
