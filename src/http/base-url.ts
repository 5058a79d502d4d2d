/**
 * The absolute URL of the SCIM base path, for meta.location, Location and $ref. Never the Host
 * header as sent: any client could make the server advertise any host. In order:
 * `server.publicUrl`; with `server.trustProxy`, the scheme and host the proxy forwards
 * (X-Forwarded-Proto / X-Forwarded-Host, read by Koa's `app.proxy`); else the address the
 * connection arrived on, which the client cannot choose.
 */
import type { Context } from 'koa';
import type { ServerSettings } from '../mapping/types.js';

function hostOf(address: string | undefined): string {
  if (address === undefined || address === '') return 'localhost';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4 !== undefined) return v4;
  return address.includes(':') ? `[${address}]` : address;
}

export function baseUrlOf(ctx: Context, server: ServerSettings): string {
  if (server.publicUrl !== undefined) return server.publicUrl;
  if (server.trustProxy) return `${ctx.protocol}://${ctx.host}${server.basePath}`;
  const socket = ctx.req.socket;
  return `${ctx.protocol}://${hostOf(socket.localAddress)}:${socket.localPort ?? ''}${server.basePath}`;
}
