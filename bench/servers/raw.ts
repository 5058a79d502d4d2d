/**
 * Child process: the "raw handler" floor. Koa with the same JSON body parser as the engine, and
 * for each workload a handler that replays the engine's statements for that request (traced from
 * a sample, bench/raw/template.ts) on the bare driver with prepared statements, then answers the
 * rows as JSON. It does what a hand-written endpoint running the same SQL would do: no filter
 * parsing, no mapping, no SCIM rendering.
 *
 *   node bench/.cache/build/bench/servers/raw.js <sqlite|postgres|mysql> <file or url> [schema]
 */
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import type { Dialect } from '../directory/tables.js';
import { openRawDriver } from '../raw/drivers.js';
import type { Params, Template } from '../raw/template.js';
import { serveParent } from './child.js';

export interface RawRoute { readonly template: Template; readonly status: number }

const [db, url, schema] = process.argv.slice(2) as [Dialect, string, string | undefined];
const driver = openRawDriver(db, url, schema);
const routes = new Map<string, RawRoute>();

const app = new Koa();
app.use(bodyParser({ enableTypes: ['json'], extendTypes: { json: ['application/scim+json'] } }));
app.use(async (ctx) => {
  const route = routes.get(ctx.path.slice('/raw/'.length));
  if (!route) { ctx.status = 404; return; }
  const params = JSON.parse(String(ctx.query['p'] ?? '{}')) as Params;
  const results = await driver.run(route.template, params);
  ctx.status = route.status;
  if (route.status !== 204) { ctx.type = 'application/scim+json'; ctx.body = JSON.stringify({ results }); }
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  serveParent(`http://127.0.0.1:${address.port}`, async () => {
    await new Promise((resolve) => server.close(resolve));
    await driver.close();
  }, (type, payload) => {
    if (type === 'routes') for (const [name, route] of Object.entries(payload as Record<string, RawRoute>)) routes.set(name, route);
    return routes.size;
  });
});
