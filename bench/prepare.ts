/**
 * Before the measured runs: each route's sample request is sent once to the real server with
 * statement tracing on. Its statements become the raw handler's template (raw/template.ts), its
 * response the bare Koa body; both floors are then checked against the same sample.
 */
import { resetStatements, type Directory } from './generate-directory.js';
import { HEADERS, pathFor } from './measure.js';
import { buildTemplate, describeSlots, writesOnly, type Template } from './raw/template.js';
import type { ServerChild } from './servers/child.js';
import type { FixedResponse } from './servers/koa.js';
import type { RawRoute } from './servers/raw.js';
import type { TracedStatement } from './servers/scim.js';
import { PAGE, walkPage } from './walk.js';
import { sampleRequest, type Context, type RequestSpec } from './workloads.js';

export interface Prepared {
  readonly raw: Record<string, RawRoute>;
  readonly koa: Record<string, FixedResponse>;
  /** Per route: the statements the engine ran for the sample, in order, and where each bound value comes from. */
  readonly sql: Record<string, readonly { readonly sql: string; readonly values: readonly string[] }[]>;
  readonly samples: Record<string, RequestSpec>;
  readonly notes: string[];
}

const WRITE_ROUTES = new Set(['patch', 'post', 'member-add', 'member-remove']);

function walkSample(ctx: Context, route: string): RequestSpec | undefined {
  // A page in the middle, at a distinctive offset; page 1 has no OFFSET / keyset clause, hence its own route.
  const middle = Math.max(2, Math.floor(ctx.users / PAGE / 2));
  switch (route) {
    case 'walk-index-first': return walkPage('startIndex', 1);
    case 'walk-index': return walkPage('startIndex', middle);
    case 'walk-cursor-first': return walkPage('cursor', 1);
    case 'walk-cursor': return walkPage('cursor', middle);
    default: return undefined;
  }
}

async function send(server: ServerChild, spec: RequestSpec, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}${path}`, { method: spec.method, headers: HEADERS, ...(spec.body !== undefined ? { body: spec.body } : {}) });
  return { status: response.status, body: await response.text() };
}

async function traced(scim: ServerChild, spec: RequestSpec): Promise<{ status: number; body: string; statements: TracedStatement[] }> {
  await scim.call('trace-start');
  const answer = await send(scim, spec, spec.path);
  return { ...answer, statements: await scim.call<TracedStatement[]>('trace-stop') };
}

/** Entra's `emails[…].value eq` spelling first; the RFC 7644 equivalent when the engine refuses it. */
async function sampleEmail(scim: ServerChild, ctx: Context, notes: string[]) {
  ctx.emailSpelling = 'entra';
  const entra = await traced(scim, sampleRequest(ctx, 'email') as RequestSpec);
  if (entra.status === 200) return { spec: sampleRequest(ctx, 'email') as RequestSpec, ...entra };
  notes.push(`email: the engine answers ${entra.status} to Entra's spelling emails[type eq "work"].value eq "…" (${entra.body.slice(0, 160)}); measured with the RFC 7644 equivalent emails[type eq "work" and value eq "…"]`);
  ctx.emailSpelling = 'rfc';
  const spec = sampleRequest(ctx, 'email') as RequestSpec;
  return { spec, ...(await traced(scim, spec)) };
}

export async function prepareRoutes(scim: ServerChild, directory: Directory, ctx: Context, routes: readonly string[]): Promise<Prepared> {
  const prepared: Prepared = { raw: {}, koa: {}, sql: {}, samples: {}, notes: [] };
  const samples = prepared.samples;
  for (const route of routes) {
    const sample = route === 'email' ? await sampleEmail(scim, ctx, prepared.notes) : await (async () => {
      const spec = route === 'member-remove' ? undefined : sampleRequest(ctx, route) ?? walkSample(ctx, route);
      const chosen = spec ?? removeSample(samples);
      return { spec: chosen, ...(await traced(scim, chosen)) };
    })();
    if (sample.status < 200 || sample.status >= 300) throw new Error(`${route}: the sample request ${sample.spec.method} ${sample.spec.path} answered ${sample.status}: ${sample.body.slice(0, 300)}`);
    samples[route] = sample.spec;
    const template: Template = buildTemplate(route, sample.statements, sample.spec.params);
    prepared.raw[route] = { template, status: sample.status };
    if (WRITE_ROUTES.has(route)) prepared.raw[`${route}~writes`] = { template: writesOnly(template), status: sample.status };
    prepared.koa[route] = { status: sample.status, body: sample.body };
    prepared.sql[route] = template.steps.map((step) => ({ sql: step.sql, values: describeSlots(step) }));
    if (WRITE_ROUTES.has(route) && route !== 'member-add') await directory.exec(resetStatements(directory.users));
  }
  return prepared;
}

/** The member-remove sample removes the members the member-add sample just added. */
function removeSample(samples: Record<string, RequestSpec>): RequestSpec {
  const add = samples['member-add'];
  if (!add) throw new Error('member-remove is sampled after member-add');
  const members = add.params['members'] as readonly number[];
  const Operations = members.map((m) => ({ op: 'remove', path: `members[value eq "user-${m}"]` }));
  return { ...add, route: 'member-remove', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations }) };
}

/** Each floor answers the samples with the status the engine gave. */
export async function checkFloors(servers: { koa: ServerChild; raw: ServerChild }, prepared: Prepared, directory: Directory): Promise<void> {
  for (const [route, spec] of Object.entries(prepared.samples)) {
    const floors = [['koa', servers.koa], ['raw', servers.raw], ...(WRITE_ROUTES.has(route) ? [['writes', servers.raw] as const] : [])] as const;
    for (const [variant, server] of floors) {
      const answer = await send(server, spec, pathFor(variant, spec));
      if (answer.status !== prepared.koa[route]?.status) throw new Error(`${variant} floor, ${route}: status ${answer.status}: ${answer.body.slice(0, 300)}`);
      // Each floor writes the sample's rows anew (a removal of absent members is fine).
      if (WRITE_ROUTES.has(route)) await directory.exec(resetStatements(directory.users));
    }
  }
}
