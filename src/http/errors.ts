/**
 * The outermost middleware: every failure leaves as an RFC 7644 §3.12 error with
 * application/scim+json. ScimErrors are sent as they are; the body parser's errors become
 * invalidSyntax or 413; anything else is a bug: answered 500 with no detail. The error behind a 5xx
 * is left in ctx.state.error for the request log (log.ts), which writes it, stack and cause, at `error`.
 */
import type { Context, Middleware } from 'koa';
import { ScimError } from '../errors.js';

export const SCIM_JSON = 'application/scim+json; charset=utf-8';

function fromBodyParser(error: unknown): ScimError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { type?: string; status?: number };
  if (e.type === 'entity.parse.failed' || (error instanceof SyntaxError && e.status === 400)) return ScimError.of('invalidSyntax', 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large' || e.status === 413) return ScimError.status(413, 'The request body is too large.');
  if (e.type === 'encoding.unsupported' || e.status === 415) return ScimError.status(415, 'The request body encoding is not supported; send UTF-8 JSON.');
  return undefined;
}

export function sendError(ctx: Context, error: ScimError): void {
  ctx.status = error.status;
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  ctx.type = SCIM_JSON;
  ctx.body = JSON.stringify(error.toJSON());
}

export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // The router answers unknown paths and methods with a bare status: give them SCIM bodies.
      if (ctx.status === 404 && ctx.body === undefined) {
        sendError(ctx, ScimError.status(404, `No endpoint at ${ctx.method} ${ctx.path}.`));
      } else if ((ctx.status === 405 || ctx.status === 501) && !ctx.body) {
        sendError(ctx, ScimError.status(ctx.status, `${ctx.method} is not supported on ${ctx.path}${ctx.response.get('Allow') ? `; allowed: ${ctx.response.get('Allow')}` : ''}.`));
      }
    } catch (error) {
      const known = error instanceof ScimError ? error : fromBodyParser(error);
      if (known) {
        ctx.state['scimType'] = known.scimType;
        if (known.status >= 500) ctx.state['error'] = known;
        return sendError(ctx, known);
      }
      ctx.state['error'] = error;
      sendError(ctx, ScimError.status(500, 'An internal error occurred; it has been logged.'));
    }
  };
}
