/**
 * The request's database work runs under the pool guard (sql/guard.ts): past
 * `server.requestTimeout`, or as soon as the client disconnects, its connections are closed and
 * it is answered 503 with Retry-After. It starts after the body is read, so a slow upload is
 * bounded by the HTTP server's own timeouts and not reported as a database fault.
 */
import type { Middleware } from 'koa';
import type { ConnectionGuard } from '../sql/guard.js';

export function requestDeadline(guard: ConnectionGuard, budgetMs: number): Middleware {
  return async (ctx, next) => {
    const gone = new AbortController();
    // 'close' before the response is finished: the client went away (a finished one also closes).
    const onClose = () => { if (!ctx.res.writableFinished) gone.abort(); };
    ctx.res.once('close', onClose);
    try {
      await guard.run(budgetMs, next, gone.signal);
    } finally {
      ctx.res.off('close', onClose);
    }
  };
}
