/**
 * Structured logs: one JSON line per request (method, path, status, latency, scimType), never
 * bodies, attribute values or credentials. The query string is left out: filters carry values.
 */
import type { Middleware } from 'koa';

export interface Logger {
  info(record: Record<string, unknown>): void;
  error(record: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const emit = (level: string, record: Record<string, unknown>) => write(`${JSON.stringify({ time: new Date().toISOString(), level, ...record })}\n`);
  return { info: (r) => emit('info', r), error: (r) => emit('error', r) };
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

export function requestLog(log: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      log.info({
        msg: 'request', method: ctx.method, path: ctx.path, status: ctx.status,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        ...(ctx.state['scimType'] ? { scimType: ctx.state['scimType'] } : {}),
      });
    }
  };
}
