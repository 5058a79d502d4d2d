/**
 * Draining an HTTP server that clients keep connections open to (identity providers do): stop
 * accepting connections; answer the requests in flight and any that arrive on connections already
 * open, each with `Connection: close` so the client does not send another one on it; close the
 * connections that stay idle; when the grace period runs out, close whatever is left.
 *
 * Idle connections get a short linger before they are closed: a client whose next request is
 * already on its way would otherwise see its connection reset under it (the keep-alive race), while
 * one that is answered with `Connection: close` knows to reconnect. Node's own `Server.close()`
 * closes idle connections at once, so the listener is closed through `net.Server` instead.
 */
import { Server as NetServer } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** The grace period ran out and open connections were closed under their requests. */
  readonly forced: boolean;
}

export type Drain = (graceMs: number, lingerMs: number) => Promise<DrainResult>;

/** Starts tracking `server`'s unanswered responses; the returned function drains it (once). */
export function drainable(server: Server): Drain {
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
  });
  let result: Promise<DrainResult> | undefined;
  return (graceMs, lingerMs) => {
    if (!result) {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      result = closeWithin(server, graceMs, lingerMs);
    }
    return result;
  };
}

function closeWithin(server: Server, graceMs: number, lingerMs: number): Promise<DrainResult> {
  return new Promise((resolve) => {
    let forced = false;
    const idle = setInterval(() => server.closeIdleConnections(), Math.max(1, lingerMs));
    const grace = setTimeout(() => { forced = true; server.closeAllConnections(); }, graceMs);
    if (lingerMs <= 0) server.closeIdleConnections();
    NetServer.prototype.close.call(server, () => {
      clearInterval(idle);
      clearTimeout(grace);
      resolve({ forced });
    });
  });
}
