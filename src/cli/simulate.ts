/**
 * `check --simulate okta|entra`: replays the IdP's request sequence against the user's own
 * mapping and live database inside ONE transaction that is rolled back at the end. The app is
 * built over the transaction (its writes become savepoints), so every step sees the earlier
 * ones and nothing is left behind. Prints each request, its status and the columns it wrote.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { DbSchema } from '../mapping/db-schema.js';
import { findColumn, findTable } from '../mapping/db-schema.js';
import type { Mapping, ResourceMapping } from '../mapping/types.js';
import { idToColumn } from '../plan/ids.js';
import type { Paint } from './colour.js';
import { startLocalApp, type LocalApp } from './local-app.js';
import { sampleResource } from './sample-data.js';
import { mapsEmails, stepsFor, type IdpName, type RunState, type Step } from './simulate-steps.js';

type Row = Record<string, unknown>;

export interface SimulateOptions {
  readonly idp: IdpName;
  /** Makes userName unique per run; random by default. */
  readonly tag?: string;
  readonly write: (text: string) => void;
  readonly paint: Paint;
  /** With tenants: the tenant to act for, and the unbound mapping the local app serves (it binds per request). */
  readonly tenant?: string | number;
  readonly served?: Mapping;
}

/** Runs the sequence; true when every step succeeded and the database is as it was. */
export async function simulate(mapping: Mapping, knex: Knex, db: DbSchema, options: SimulateOptions): Promise<boolean> {
  const { write, paint } = options;
  const user = mapping.resources.find((r) => r.name === 'User');
  if (user === undefined) { write(`${paint.red('✗')} no User resource is mapped: ${options.idp} provisions users, so there is nothing to simulate\n`); return false; }
  const group = mapping.resources.find((r) => r.name === 'Group');
  const state = initialState(user, group, db, options.tag ?? randomBytes(3).toString('hex'));
  const tables = [...new Set(mapping.resources.map((r) => r.table))];
  const before = await rowCounts(knex, tables);
  write(paint.bold(`simulating ${options.idp === 'okta' ? 'Okta' : 'Microsoft Entra ID'} provisioning inside one transaction (rolled back at the end)\n`));
  const trx = await knex.transaction();
  let ok = false;
  let app: LocalApp | undefined;
  try {
    app = await startLocalApp(options.served ?? mapping, trx as unknown as Knex, options.tenant);
    ok = await runSteps(app, trx, mapping, stepsFor(options.idp, user, group), state, options);
  } finally {
    await app?.close();
    await trx.rollback();
  }
  if (!group) write(paint.yellow(`  note: no Group resource is mapped, so the group push steps were skipped\n`));
  if (!mapsEmails(user)) write(paint.yellow(`  note: emails are not mapped, so the email the IdP sends is dropped\n`));
  return reportRollback(before, await rowCounts(knex, tables), write, paint) && ok;
}

function initialState(user: ResourceMapping, group: ResourceMapping | undefined, db: DbSchema, tag: string): RunState {
  const body = sampleResource(user, db, { tag });
  const groupBody = group ? sampleResource(group, db, { tag }) : undefined;
  const limit = group ? lengthOf(db, group, 'displayName') : undefined;
  return {
    user: body, userName: String(body['userName']), ...(mapsEmails(user) ? { email: `scim-bridge-changed-${tag}@example.com` } : {}),
    ...(groupBody ? { group: groupBody, groupRename: `sim-renamed-${tag}`.slice(0, limit ?? 64) } : {}),
  };
}

function lengthOf(db: DbSchema, resource: ResourceMapping, attribute: string): number | undefined {
  const attr = resource.attributes.find((a) => a.name === attribute);
  const table = findTable(db, resource.table);
  return attr && table ? findColumn(table, attr.column.name)?.maxLength : undefined;
}

async function runSteps(app: LocalApp, trx: Knex.Transaction, mapping: Mapping, steps: readonly Step[], state: RunState, options: SimulateOptions): Promise<boolean> {
  const { write, paint } = options;
  for (const [i, step] of steps.entries()) {
    const resource = mapping.resources.find((r) => r.name === step.resource) as ResourceMapping;
    const idOf = () => (step.resource === 'User' ? state.userId : state.groupId);
    const rowBefore = await readRow(trx, resource, idOf());
    const path = step.path(state);
    const response = await app.request(step.method, path, step.body?.(state));
    const problem = response.status === step.expect ? step.verify?.(response, state) : statusProblem(response, step.expect, app.takeErrors());
    const mark = problem === undefined ? paint.green('✓') : paint.red('✗');
    write(`${mark} ${String(i + 1).padStart(2)}. ${step.title}\n      ${step.method} ${new URL(app.url).pathname}${decodeURIComponent(path)}  → ${response.status}\n`);
    const rowAfter = await readRow(trx, resource, idOf());
    for (const line of describeChange(resource.table, rowBefore, rowAfter)) write(`      ${paint.dim(line)}\n`);
    if (problem !== undefined) {
      write(`      ${paint.red(problem)}\n`);
      if (i + 1 < steps.length) write(`      ${paint.yellow(`${steps.length - i - 1} later step${steps.length - i - 1 > 1 ? 's' : ''} not run`)}\n`);
      return false;
    }
  }
  return true;
}

function statusProblem(response: { status: number; body?: Row }, expected: number, logged: readonly string[]): string {
  const detail = typeof response.body?.['detail'] === 'string' ? `: ${String(response.body['detail'])}` : '';
  const cause = logged.length > 0 ? `\n      cause (server log): ${(logged[0] ?? '').split('\n')[0]}` : '';
  return `expected ${expected}, got ${response.status}${detail}${cause}`;
}

async function readRow(trx: Knex.Transaction, resource: ResourceMapping, scimId: string | undefined): Promise<Row | undefined> {
  if (scimId === undefined) return undefined;
  const key = idToColumn(resource.id, scimId);
  if (key === undefined) return undefined;
  return (await trx(resource.table).where(resource.id.column.name, key).first()) as Row | undefined;
}

function show(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  return JSON.stringify(value) ?? 'null';
}

/** `users: + id=26, email="a@b"` for an insert; `users: first_name "Sim" → "Simone"` for an update. */
export function describeChange(table: string, before: Row | undefined, after: Row | undefined): string[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined && after !== undefined) {
    const set = Object.entries(after).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${show(v)}`);
    return [`${table}: inserted ${set.join(', ')}`];
  }
  if (after === undefined) return [`${table}: row deleted`];
  const changed = Object.keys(after).filter((k) => show(before?.[k] ?? null) !== show(after[k] ?? null));
  return changed.length === 0 ? [] : [`${table}: ${changed.map((k) => `${k} ${show(before?.[k] ?? null)} → ${show(after[k] ?? null)}`).join(', ')}`];
}

async function rowCounts(knex: Knex, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t, Number((await knex(t).count({ n: '*' }))[0]?.['n']));
  return counts;
}

function reportRollback(before: Map<string, number>, after: Map<string, number>, write: (t: string) => void, paint: Paint): boolean {
  const changed = [...before].filter(([t, n]) => after.get(t) !== n);
  if (changed.length > 0) {
    write(paint.red(`  rolled back, but row counts differ: ${changed.map(([t, n]) => `${t} ${n} → ${after.get(t)}`).join(', ')}\n`));
    return false;
  }
  write(`  rolled back: nothing was kept (${[...before].map(([t, n]) => `${t}: ${n} rows before and after`).join('; ')})\n`);
  return true;
}
