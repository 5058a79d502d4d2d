/**
 * Logs through pino: one line per request with its request id, method, route pattern, resource
 * type, status, latency, tenant and scimType — never the raw path or query (ids and filter values),
 * headers (tokens), bodies or attribute values. A 5xx is logged at `error` with the error (message
 * and stack, and its cause) for operators; the client got no detail. JSON lines on stdout unless a
 * terminal asked for pino-pretty (`server.log.pretty`, `serve --log-pretty`).
 */
import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogSettings } from '../mapping/types.js';
import type { RequestLabels } from './route-labels.js';

export type { Logger };

/** Writes nothing: tests and embedded uses that did not ask for logs. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * A logger at `settings.level` writing to `out` (stdout by default): JSON lines, or pino-pretty's
 * coloured lines when `settings.pretty` (loaded only then, in this thread, so nothing is lost at exit).
 */
export async function createLogger(settings: LogSettings, out: DestinationStream = process.stdout): Promise<Logger> {
  const options = { level: settings.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (!settings.pretty) return pino(options, out);
  const { default: pretty } = await import('pino-pretty');
  // One line per request in a terminal; what is not in the line (tenant, scimType, err) follows it.
  return pino(options, pretty({
    destination: out, colorize: (out as { isTTY?: boolean }).isTTY === true, translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{if method}{method} {route} {status} {ms} ms  {reqId}{end}{if detail}{msg}: {detail}{end}', ignore: 'reqId,method,route,resource,status,ms,detail',
  }));
}

/** A client's X-Request-Id is kept when it is a plain token (no spaces or control characters to forge lines with). */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

function requestId(ctx: Context): string {
  const given = ctx.get('x-request-id');
  return REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The outermost middleware: assigns the request id (echoed as X-Request-Id), and logs the request
 * when its answer is settled. `labels` classifies the request (route-labels.ts); the error a 5xx
 * carries is put in ctx.state.error by the error middleware.
 */
export function requestLog(log: Logger, labels: (ctx: Context) => RequestLabels): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const id = requestId(ctx);
    ctx.state['requestId'] = id;
    ctx.set('X-Request-Id', id);
    try {
      await next();
    } finally {
      const { route, resource } = labels(ctx);
      const tenant = ctx.state['tenant'] as string | number | undefined;
      const scimType = ctx.state['scimType'] as string | undefined;
      const record = {
        reqId: id, method: ctx.method, route, resource, status: ctx.status,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(tenant !== undefined ? { tenant } : {}),
        ...(scimType !== undefined ? { scimType } : {}),
      };
      if (ctx.status >= 500) log.error({ ...record, err: ctx.state['error'] }, 'request');
      else log.info(record, 'request');
    }
  };
}

/** A logger that hands each record, parsed, to `take`: `check`'s 5xx collector, tests that read the lines. */
export function recordLogger(take: (record: Record<string, unknown>) => void, level: LogSettings['level'] = 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, { write: (line: string) => take(JSON.parse(line) as Record<string, unknown>) });
}
