/**
 * The steps of the real-applications tests (real-apps.test.ts with init's mapping,
 * real-apps-expert.test.ts with a hand-written one), each an assertion over the running system.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import type { DbClient } from '../../src/config/raw-types.js';
import { idToColumn } from '../../src/plan/ids.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { databaseYaml } from '../helpers/server.js';
import { REAL_APP_STEPS, type AppFixture, type CreatedRows, type RealAppStep } from '../fixtures/apps/app-fixture.js';
import { checksum } from './fixture-schemas.js';
import { entraUser, oktaUser, provisioned, pushGroup, servedGroups, servedUsers, type Call } from './real-apps-flow.js';

const TOKEN = 'real-apps-token-0123456789abcdef';

function capture(cwd: string, env: Record<string, string>): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => { out += t; } }, stderr: { write: (t: string) => { err += t; } }, env, cwd }, out: () => out, err: () => err };
}

/** The environment the served config reads: the token, and every `${SCIM_…}` variable set to the app's tenant. */
function environment(yaml: string, app: AppFixture): Record<string, string> {
  const env: Record<string, string> = { SCIM_TOKEN: TOKEN };
  for (const [, name] of yaml.matchAll(/\$\{(SCIM_[A-Z0-9_]+)(?::-[^}]*)?\}/g)) {
    if (name !== undefined && name !== 'SCIM_TOKEN' && app.tenant !== undefined) env[name] = String(app.tenant);
  }
  return env;
}

/** One bearer token; bound to the app's tenant (SCIM_TENANT) when the mapping scopes by `$tenant`. */
function authYaml(mapping: string): string {
  return mapping.includes('$tenant')
    ? 'auth:\n  tenants:\n    - { bearer: "${SCIM_TOKEN}", tenant: "${SCIM_TENANT}" }'
    : 'auth:\n  bearer: [ "${SCIM_TOKEN}" ]';
}

interface Run {
  readonly source: MappingSource;
  readonly app: AppFixture;
  readonly dialect: DbClient;
  readonly db: TestDb;
  readonly dir: string;
  env: Record<string, string>;
  server?: RunningServer;
  call?: Call;
  created: { users: CreatedRows['users'][number][]; groups: CreatedRows['groups'][number][] };
  ids: { okta?: string; entra?: string };
  summary: string;
  warnings: string[];
}

/** Where the mapping comes from: `init`, or a hand-written file (test/fixtures/apps/mappings/<app>.yaml). */
export type MappingSource = { readonly kind: 'init' } | { readonly kind: 'file'; readonly file: string };

const STEPS: Readonly<Record<RealAppStep, (run: Run) => Promise<void>>> = {
  async init(run) {
    if (run.source.kind === 'file') {
      const mapping = readFileSync(run.source.file, 'utf8');
      const yaml = `${databaseYaml(run.db)}\n${authYaml(mapping)}\n${mapping}`;
      writeFileSync(join(run.dir, 'scim.yaml'), yaml);
      run.env = environment(yaml, run.app);
      run.summary = 'hand-written mapping';
      return;
    }
    const cap = capture(run.dir, {});
    const s = run.db.settings;
    const code = await main(['init', '--db', s.connection, '--out', 'scim.yaml', ...(s.schema !== undefined ? ['--schema', s.schema] : [])], cap.io);
    run.summary = cap.err().trim().split('\n').at(-1) ?? '';
    assert.equal(code, 0, cap.err());
    run.env = environment(readFileSync(join(run.dir, 'scim.yaml'), 'utf8'), run.app);
  },
  async check(run) {
    const cap = capture(run.dir, run.env);
    const code = await main(['check', '--config', 'scim.yaml', '--samples', '0'], cap.io);
    run.warnings = cap.err().split('\n').filter((l) => l.startsWith('warning'));
    assert.equal(code, 0, `${cap.out()}\n${cap.err()}`);
    assert.deepEqual(run.warnings, [], 'check warns about nothing');
  },
  'simulate okta': (run) => simulateStep(run, 'okta'),
  'simulate entra': (run) => simulateStep(run, 'entra'),
  async serve(run) {
    run.server = await startServer(loadConfig(join(run.dir, 'scim.yaml'), run.env), { host: '127.0.0.1', port: 0 });
    const url = run.server.url;
    run.call = async (method, path, body) => {
      const r = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await r.text();
      let parsed: unknown;
      try { parsed = text === '' ? undefined : JSON.parse(text); } catch { parsed = undefined; }
      return { status: r.status, body: parsed, text };
    };
  },
  async people(run) {
    const served = await servedUsers(need(run.call));
    const expected = run.app.people.map((p) => p.userName.toLowerCase()).sort();
    assert.deepEqual([...served.keys()].sort(), expected, 'SCIM serves exactly the seeded people');
    if (run.app.groupsTable !== undefined) assert.deepEqual((await servedGroups(need(run.call))).sort(), [...run.app.groups].sort(), 'and exactly the seeded groups');
  },
  async disabled(run) {
    const served = await servedUsers(need(run.call));
    for (const p of run.app.people) assert.equal(served.get(p.userName.toLowerCase()), p.active, `${p.userName} reads active=${p.active}`);
  },
  async 'not served'(run) {
    const call = need(run.call);
    for (const name of run.app.notServed) {
      const r = await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
      assert.equal(r.body?.totalResults, 0, `${name} is not served: ${r.text.slice(0, 300)}`);
    }
  },
  async okta(run) {
    const p = provisioned('okta', run.app.people);
    run.ids.okta = await oktaUser(need(run.call), p);
    run.created.users.push({ key: keyOf(run, 'User', run.ids.okta), ...p, active: true });
  },
  async entra(run) {
    const p = provisioned('entra', run.app.people);
    run.ids.entra = await entraUser(need(run.call), p);
    run.created.users.push({ key: keyOf(run, 'User', run.ids.entra), ...p, active: false });
  },
  async groups(run) {
    if (run.app.groupsTable === undefined) return; // the application has no groups SCIM could push (see the fixture)
    for (const idp of ['okta', 'entra'] as const) {
      const member = run.ids[idp];
      if (member === undefined) throw new Error(`no ${idp} user to add`);
      const name = `${idp === 'okta' ? 'Okta' : 'Entra'} Pushed`;
      const id = await pushGroup(need(run.call), idp, name, member);
      run.created.groups.push({ key: keyOf(run, 'Group', id), displayName: idp === 'okta' ? `${name} Renamed` : name, memberKeys: [keyOf(run, 'User', member)] });
    }
  },
  async invariants(run) {
    assert.ok(run.created.users.length === 2, 'both IdPs created their user');
    await run.app.invariants(run.db.knex, run.dialect, run.created);
  },
};

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('an earlier step failed');
  return value;
}

function keyOf(run: Run, resource: 'User' | 'Group', id: string): string | number {
  const mapping = need(run.server).mapping.resources.find((r) => r.name === resource);
  if (mapping === undefined) throw new Error(`no ${resource} resource is mapped`);
  const key = idToColumn(mapping.id, id);
  if (key === undefined) throw new Error(`${id} is no ${resource} id`);
  return key;
}

async function simulateStep(run: Run, idp: 'okta' | 'entra'): Promise<void> {
  const before = await checksum(run.db);
  const cap = capture(run.dir, run.env);
  const code = await main(['check', '--config', 'scim.yaml', '--samples', '0', '--simulate', idp], cap.io);
  assert.equal(code, 0, `${cap.out()}\n${cap.err()}`);
  assert.deepEqual(await checksum(run.db), before, 'the simulation left nothing behind');
}

/** Runs every step; returns each one's outcome (a later step whose input failed fails too). */
async function runSteps(run: Run): Promise<Map<RealAppStep, string | undefined>> {
  const outcome = new Map<RealAppStep, string | undefined>();
  for (const step of REAL_APP_STEPS) {
    try {
      await STEPS[step](run);
      outcome.set(step, undefined);
    } catch (error) {
      outcome.set(step, (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 6).join('\n'));
      if (['init', 'serve'].includes(step)) break;
    }
  }
  return outcome;
}

function report(run: Run, outcome: Map<RealAppStep, string | undefined>): void {
  const file = process.env['REAL_APPS_REPORT'];
  if (file === undefined) return;
  const steps = Object.fromEntries(REAL_APP_STEPS.map((s) => [s, outcome.has(s) ? (outcome.get(s) === undefined ? 'pass' : `fail: ${outcome.get(s)}`) : 'not run']));
  appendFileSync(file, `${JSON.stringify({ app: run.app.name, dialect: run.dialect, source: run.source.kind, init: run.summary, warnings: run.warnings, steps })}\n`);
}

/**
 * One app on one dialect: every step, then the verdict. Steps an app declares as gaps (for this
 * mapping source) may fail; any other failure, or a declared gap that passes, fails the test.
 */
export async function runApp(app: AppFixture, dialect: DbClient, source: MappingSource, gaps: AppFixture['gaps']): Promise<string> {
  const db = await createTestDb(dialect);
  const dir = mkdtempSync(join(tmpdir(), `scim-bridge-${app.name}-`));
  const run: Run = { source, app, dialect, db, dir, env: { SCIM_TOKEN: TOKEN }, created: { users: [], groups: [] }, ids: {}, summary: '', warnings: [] };
  try {
    await app.create(db.knex, dialect);
    const outcome = await runSteps(run);
    report(run, outcome);
    const unexpected = [...outcome].filter(([step, failure]) => failure !== undefined && gaps?.[step] === undefined);
    const closed = Object.keys(gaps ?? {}).filter((step) => outcome.get(step as RealAppStep) === undefined && outcome.has(step as RealAppStep));
    assert.deepEqual(unexpected.map(([s, f]) => `${s}: ${f}`), [], 'every step passes (or is a declared gap)');
    assert.deepEqual(closed, [], 'declared gaps that now pass: remove them from the fixture');
    return run.summary;
  } finally {
    await run.server?.close();
    rmSync(dir, { recursive: true, force: true });
    await db.cleanup();
  }
}

