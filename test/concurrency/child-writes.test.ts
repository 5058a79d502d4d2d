/**
 * Issue 11 §3: concurrent writes of distinct users that carry a child table (phoneNumbers). On
 * MariaDB, deleting a new owner's (absent) child rows before inserting them took gap locks on the
 * child table's index, and concurrent creates deadlocked each other; each must now be a 201.
 * `CONCURRENCY_REPORT=1` prints the counts per database.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const N = 50;

function report(line: string): void {
  if (process.env['CONCURRENCY_REPORT']) process.stdout.write(`# concurrency ${line}\n`);
}

const phones = (i: number, round: number) => [
  { value: `+1 555 ${String(i).padStart(4, '0')}`, type: 'work', primary: true },
  { value: `+1 666 ${String(i + round * 1000).padStart(4, '0')}`, type: 'mobile' },
];

async function phoneCount(knex: Knex): Promise<number> {
  return Number((await knex('person_phones').count({ n: '*' }))[0]?.['n']);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: concurrent writes with a child table`, () => {
    test(`${N} concurrent creates of distinct users with phoneNumbers: ${N} × 201`, async () => {
      await withServer(dialect, createTeamsApp, TEAMS_YAML, async (h) => {
        const results = await Promise.all(Array.from({ length: N }, (_, i) => h.request('POST', '/Users',
          { userName: `phone${i}@example.com`, phoneNumbers: phones(i, 0) })));
        const statuses = results.map((r) => r.status);
        report(`${dialect} creates-with-phones: 201=${statuses.filter((s) => s === 201).length}/${N} 503=${statuses.filter((s) => s === 503).length} other=${statuses.filter((s) => s !== 201 && s !== 503).length}`);
        assert.deepEqual(statuses.filter((s) => s !== 201), [], JSON.stringify(results.find((r) => r.status !== 201)?.body));
        assert.equal(await phoneCount(h.db.knex), 2 * N);
      });
    });

    test(`${N} concurrent replaces of distinct users' phoneNumbers: ${N} × 200`, async () => {
      await withServer(dialect, createTeamsApp, TEAMS_YAML, async (h) => {
        const ids: string[] = [];
        for (let i = 0; i < N; i++) ids.push((await h.request('POST', '/Users', { userName: `swap${i}@example.com`, phoneNumbers: phones(i, 0) })).body.id);
        const results = await Promise.all(ids.map((id, i) => h.request('PUT', `/Users/${id}`,
          { userName: `swap${i}@example.com`, phoneNumbers: phones(i, 1) })));
        const statuses = results.map((r) => r.status);
        report(`${dialect} replaces-with-phones: 200=${statuses.filter((s) => s === 200).length}/${N} 503=${statuses.filter((s) => s === 503).length}`);
        assert.deepEqual(statuses.filter((s) => s !== 200), [], JSON.stringify(results.find((r) => r.status !== 200)?.body));
        assert.equal(await phoneCount(h.db.knex), 2 * N);
        const stored: { number: string }[] = await h.db.knex('person_phones').select('number').where('number', 'like', '+1 666 1%');
        assert.equal(stored.length, N, 'every user has its new mobile number');
      });
    });

    test(`${N} concurrent creates of groups with members (a join table): ${N} × 201`, async () => {
      await withServer(dialect, async (knex) => { await createTeamsApp(knex); await seedPeople(knex, 4); }, TEAMS_YAML, async (h) => {
        const results = await Promise.all(Array.from({ length: N }, (_, i) => h.request('POST', '/Groups',
          { displayName: `team ${i}`, members: [{ value: `user-${1 + (i % 4)}` }, { value: `user-${1 + ((i + 1) % 4)}` }] })));
        const statuses = results.map((r) => r.status);
        report(`${dialect} group-creates-with-members: 201=${statuses.filter((s) => s === 201).length}/${N} 503=${statuses.filter((s) => s === 503).length}`);
        assert.deepEqual(statuses.filter((s) => s !== 201), [], JSON.stringify(results.find((r) => r.status !== 201)?.body));
        assert.equal(Number((await h.db.knex('team_members').count({ n: '*' }))[0]?.['n']), 2 * N);
      });
    });
  });
}
