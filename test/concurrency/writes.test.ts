/**
 * Concurrency (issue 5 §4): two real server processes over one database, requests interleaved
 * between them. Measures lost updates, 5xx answers and duplicate users; each must be 0.
 * `CONCURRENCY_REPORT=1` prints the numbers per database.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withCluster } from './processes.js';

const N = 50;
const COLUMNS = Array.from({ length: N }, (_, i) => `c${i}`);
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
// SQLite: two processes on one file would each need the writer lock; it is single-writer by design.
const MULTI_PROCESS = DIALECTS.filter((d) => d !== 'sqlite');

function table(unique: boolean) {
  return async (knex: Knex) => {
    await knex.schema.createTable('conc_users', (t) => {
      t.increments('id');
      if (unique) t.string('email', 200).notNullable().unique();
      else t.string('email', 200).notNullable();
      t.string('title', 100);
      for (const c of COLUMNS) t.string(c, 100);
    });
  };
}

/** Each of the 50 columns is its own element of `emails`, so every PATCH rewrites the list. */
const YAML = `resources:
  User:
    table: conc_users
    attributes:
      userName: { column: email, uniqueness: server }
      title: title
${COLUMNS.map((c, i) => `      emails[type eq "t${i}"].value: ${c}`).join('\n')}
`;

function report(line: string): void {
  if (process.env['CONCURRENCY_REPORT']) process.stdout.write(`# concurrency ${line}\n`);
}

for (const dialect of MULTI_PROCESS) {
  describe(`${dialect}: concurrent writes from two server processes`, () => {
    test(`${N} concurrent PATCHes of one attribute: each 200 is a distinct committed version`, async () => {
      await withCluster(dialect, table(true), YAML, 2, async (c) => {
        const created = await c.request(0, 'POST', '/Users', { userName: 'race@example.com' });
        assert.equal(created.status, 201);
        const id = created.body.id as string;
        const results = await Promise.all(Array.from({ length: N }, (_, i) => c.request(i, 'PATCH', `/Users/${id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `title-${i}` }] })));
        const ok = results.filter((r) => r.status === 200);
        const fiveXX = results.filter((r) => r.status >= 500).length;
        const own = ok.every((r, i) => r.body.title === `title-${results.indexOf(r)}` || i < 0);
        const versions = new Set(ok.map((r) => r.headers.get('etag')));
        const final = await c.request(0, 'GET', `/Users/${id}`);
        const winner = ok.find((r) => r.body.title === final.body.title);
        report(`${dialect} same-attribute: 200=${ok.length} 5xx=${fiveXX} distinctVersions=${versions.size} finalMatchesACommit=${winner !== undefined}`);
        assert.equal(fiveXX, 0);
        assert.equal(ok.length, N, JSON.stringify(results.filter((r) => r.status !== 200).map((r) => r.body)));
        assert.ok(own, 'each response shows its own write');
        assert.equal(versions.size, N, 'every committed write has its own version');
        assert.ok(winner, 'the stored value is one of the committed writes');
        assert.equal(final.headers.get('etag'), winner?.headers.get('etag'), 'and nothing was written after it');
      });
    });

    test(`${N} concurrent PATCHes of ${N} different attributes: no lost update`, async () => {
      await withCluster(dialect, table(true), YAML, 2, async (c) => {
        const created = await c.request(0, 'POST', '/Users', { userName: 'many@example.com' });
        const id = created.body.id as string;
        const results = await Promise.all(COLUMNS.map((_, i) => c.request(i, 'PATCH', `/Users/${id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: `emails[type eq "t${i}"].value`, value: `v${i}@example.com` }] })));
        const fiveXX = results.filter((r) => r.status >= 500).length;
        const row = await c.db.knex('conc_users').where({ id: Number(id.slice('user-'.length)) }).first();
        const lost = COLUMNS.filter((col, i) => results[i]?.status === 200 && row[col] !== `v${i}@example.com`).length;
        report(`${dialect} different-attributes: 200=${results.filter((r) => r.status === 200).length} 5xx=${fiveXX} lostUpdates=${lost}`);
        assert.equal(fiveXX, 0);
        assert.ok(results.every((r) => r.status === 200), JSON.stringify(results.find((r) => r.status !== 200)?.body));
        assert.equal(lost, 0);
        const final = await c.request(1, 'GET', `/Users/${id}`);
        assert.equal(final.body.emails.length, N);
      });
    });

    for (const unique of [true, false]) {
      test(`concurrent POSTs of one userName ${unique ? 'with' : 'without'} a unique index: one 201, the rest 409`, async () => {
        await withCluster(dialect, table(unique), YAML, 2, async (c) => {
          const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.request(i, 'POST', '/Users',
            { userName: i % 2 === 0 ? 'Dup@Example.com' : 'dup@example.com', title: `t${i}` })));
          const statuses = results.map((r) => r.status);
          const rows = await c.db.knex('conc_users').count({ n: '*' });
          const stored = Number((rows[0] as { n: unknown }).n);
          report(`${dialect} POST-race unique-index=${unique}: 201=${statuses.filter((s) => s === 201).length} 409=${statuses.filter((s) => s === 409).length} 5xx=${statuses.filter((s) => s >= 500).length} duplicates=${stored - 1}`);
          assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
          assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
          assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.scimType === 'uniqueness'));
          assert.equal(stored, 1, 'no duplicate user');
        });
      });
    }
  });
}
