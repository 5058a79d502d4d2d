/**
 * Child process: the "bare Koa" floor. For each workload, a fixed body of the size the engine
 * answered for that workload's sample request, with the same status and content type; the
 * request body is not read. What is left is Koa, node's HTTP stack and the loopback.
 *
 *   node bench/.cache/build/bench/servers/koa.js   (compiled by run.ts)
 */
import Koa from 'koa';
import { serveParent } from './child.js';

export interface FixedResponse { readonly status: number; readonly body: string }

const bodies = new Map<string, { status: number; body: Buffer }>();
const app = new Koa();
app.use((ctx) => {
  const fixed = bodies.get(ctx.path.slice('/koa/'.length));
  if (!fixed) { ctx.status = 404; return; }
  ctx.status = fixed.status;
  if (fixed.status !== 204) { ctx.type = 'application/scim+json'; ctx.body = fixed.body; }
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  serveParent(`http://127.0.0.1:${address.port}`, () => new Promise((resolve) => { server.close(() => resolve()); }), (type, payload) => {
    if (type === 'bodies') for (const [name, fixed] of Object.entries(payload as Record<string, FixedResponse>)) bodies.set(name, { status: fixed.status, body: Buffer.from(fixed.body) });
    return bodies.size;
  });
});
