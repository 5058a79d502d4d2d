/**
 * Draining an HTTP server that clients keep connections open to (identity providers do): stop
 * accepting connections; answer the requests in flight and any that arrive on connections already
 * open, each with `Connection: close` so the client does not send another one on it; close the
 * connections that stay idle; when the grace period runs out, close whatever is left.
 *
 * Idle connections get a short linger before they are closed: a client whose next request is
 * already on its way would otherwise see its connection reset under it (the keep-alive race), while
 * one that is answered with `Connection: close` knows to reconnect. Node's own `Server.close()`
 * closes idle connections at once, and its `closeIdleConnections()` leaves alone a connection that
 * never sent a request (clients open spare ones), so the listener is closed through `net.Server`
 * and connections are tracked here.
 */
import { Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** The grace period ran out and open connections were closed under their requests. */
  readonly forced: boolean;
}

export type Drain = (graceMs: number, lingerMs: number) => Promise<DrainResult>;

/** Starts tracking `server`'s connections and unanswered responses; the returned function drains it (once). */
export function drainable(server: Server): Drain {
  /** Each open connection with the number of its requests not yet answered. */
  const sockets = new Map<Socket, number>();
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    const socket = req.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    unanswered.add(res);
    res.once('close', () => {
      unanswered.delete(res);
      const busy = sockets.get(socket);
      if (busy !== undefined) sockets.set(socket, busy - 1);
    });
  });
  const closeIdle = () => { for (const [socket, busy] of sockets) if (busy <= 0) socket.destroy(); };
  const closeAll = () => { for (const socket of sockets.keys()) socket.destroy(); };
  let result: Promise<DrainResult> | undefined;
  return (graceMs, lingerMs) => {
    if (!result) {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      result = closeWithin(server, graceMs, lingerMs, closeIdle, closeAll);
    }
    return result;
  };
}

function closeWithin(server: Server, graceMs: number, lingerMs: number, closeIdle: () => void, closeAll: () => void): Promise<DrainResult> {
  return new Promise((resolve) => {
    let forced = false;
    if (lingerMs <= 0) closeIdle();
    const idle = setInterval(closeIdle, Math.max(lingerMs, 50));
    const grace = setTimeout(() => { forced = true; closeAll(); }, graceMs);
    NetServer.prototype.close.call(server, () => {
      clearInterval(idle);
      clearTimeout(grace);
      resolve({ forced });
    });
  });
}
