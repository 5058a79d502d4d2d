/**
 * A group with 100,000 members: time and memory of GET with and without members, and of a PATCH
 * adding 1,000 members, against a baseline of the equivalent raw SQL measured in the same run.
 *
 *   npx tsx bench/group-members.ts            # SQLite (default)
 *   DIALECT=postgres npx tsx bench/group-members.ts
 *
 * Prints numbers; asserts nothing (timings belong in benchmarks, not tests).
 */
import { parseConfigText } from '../src/config/load.js';
import type { DbClient } from '../src/config/raw-types.js';
import { startServer } from '../src/server.js';
import { createTestDb } from '../test/helpers/db.js';
import { databaseYaml, TOKEN } from '../test/helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../test/fixtures/app-groups.js';

const MEMBERS = Number(process.env['MEMBERS'] ?? 100_000);
const dialect = (process.env['DIALECT'] ?? 'sqlite') as DbClient;

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result: T | undefined;
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6 / runs, result: result as T };
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

const db = await createTestDb(dialect);
try {
  await createTeamsApp(db.knex);
  const people = await seedPeople(db.knex, MEMBERS + 1000);
  await db.knex('teams').insert({ name: 'Everyone' });
  const teamId = Number(((await db.knex('teams').first('id')) as { id: number }).id);
  const members = people.slice(0, MEMBERS);
  for (let i = 0; i < members.length; i += 500) await db.knex("team_members").insert(members.slice(i, i + 500).map((p) => ({ team_id: teamId, person_id: p })));

  const server = await startServer(parseConfigText(`${databaseYaml(db)}\nauth:\n  bearer: [ "${TOKEN}" ]\n${TEAMS_YAML}`, 'bench.yaml', {}), { host: '127.0.0.1', port: 0 });
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(async (r) => ({ status: r.status, bytes: (await r.text()).length }));
  const id = `group-${teamId}`;

  const rawRow = await timed(20, () => db.knex('teams').where({ id: teamId }).first());
  const withoutMembers = await timed(20, () => get(`/Groups/${id}?excludedAttributes=members`));
  const heapBefore = heapMb();
  const rawMembers = await timed(3, () => db.knex('team_members').join('people', 'people.id', 'team_members.person_id').where({ team_id: teamId }).select('person_id', 'full_name'));
  const withMembers = await timed(3, () => get(`/Groups/${id}`));
  const heapAfter = heapMb();

  const extra = people.slice(MEMBERS, MEMBERS + 1000).map((p) => ({ value: `user-${p}` }));
  const patch = await timed(1, () => fetch(`${server.url}/Groups/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: extra }] }),
  }).then((r) => r.status));
  await db.knex('team_members').whereIn('person_id', people.slice(MEMBERS, MEMBERS + 1000)).delete();
  const rawInsert = await timed(1, async () => { const rows = people.slice(MEMBERS, MEMBERS + 1000).map((p) => ({ team_id: teamId, person_id: p })); for (let i = 0; i < rows.length; i += 500) await db.knex('team_members').insert(rows.slice(i, i + 500)); });

  const row = (label: string, ms: number, base: number, note = '') => console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   ${(ms / base).toFixed(1).padStart(6)}× raw SQL ${note}`);
  console.log(`${dialect}: a group with ${MEMBERS.toLocaleString('en')} members (mean of repeated runs)`);
  row('GET /Groups/{id}?excludedAttributes=members', withoutMembers.ms, rawRow.ms, `(${withoutMembers.result.bytes} bytes)`);
  row('GET /Groups/{id} with every member', withMembers.ms, rawMembers.ms, `(${(withMembers.result.bytes / 1e6).toFixed(1)} MB; heap ${heapBefore.toFixed(0)} → ${heapAfter.toFixed(0)} MB)`);
  row('PATCH add 1,000 members', patch.ms, rawInsert.ms, `(status ${patch.result})`);
  await server.close();
} finally {
  await db.cleanup();
}
