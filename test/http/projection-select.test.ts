/**
 * Projection prunes the SELECT (issue 4 item 6): a list with `attributes`/`excludedAttributes`
 * reads the key, the columns the response shows and the sort key; meta.version needs every mapped
 * column, so a response with meta (and every single-resource GET, which sends an ETag) reads them
 * all. Sorting on an attribute held in another table is a 400, not a 500. Every dialect.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createAppUsers, oktaUser, usersYaml } from '../fixtures/app-users.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ALL = ['created_at', 'department', 'display_name', 'email', 'external_id', 'first_name', 'id', 'job_title', 'last_name', 'status', 'updated_at'];

/** The bare column names of `select a.x, a.y from …` in any dialect's quoting. */
function columnsOf(sql: string): string[] {
  const list = sql.slice('select '.length, sql.indexOf(' from '));
  return list.split(',').map((c) => (c.trim().split('.').pop() ?? '').replace(/[`"]/g, '')).sort();
}

/** Runs `fn` and returns the column lists of the SELECTs it sent to `table` (counts left out). */
async function selectsOn(h: Harness, table: string, fn: () => Promise<void>): Promise<string[][]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => { seen.push(q.sql); };
  h.server.knex.on('query', listener);
  try { await fn(); } finally { h.server.knex.off('query', listener); }
  return seen.filter((sql) => /^select /i.test(sql) && !/count\(/i.test(sql) && new RegExp(`from [\`"]${table}[\`"]`).test(sql)).map(columnsOf);
}

async function list(h: Harness, query: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await h.request('GET', `/Users?${query}`);
  assert.equal(res.status, 200, res.text);
  return res;
}

async function seedUsers(h: Harness): Promise<string[]> {
  const ids: string[] = [];
  for (const name of ['c@example.com', 'a@example.com', 'b@example.com']) {
    const res = await h.request('POST', '/Users', oktaUser(name, { title: `T ${name}` }));
    assert.equal(res.status, 201, res.text);
    ids.push(res.body.id as string);
  }
  return ids;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: projection prunes the SELECT`, () => {
    test('lists read the key, the shown columns and the sort key; meta reads everything', async () => {
      await withServer(dialect, createAppUsers, usersYaml(), async (h) => {
        await seedUsers(h);
        const cases: [string, string[]][] = [
          ['attributes=userName', ['email', 'id']],
          ['attributes=userName&sortBy=title', ['email', 'id', 'job_title']],
          ['attributes=name.givenName', ['first_name', 'id']],
          ['attributes=id', ['id']],
          [`attributes=${encodeURIComponent('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')}`, ['department', 'id']],
          ['excludedAttributes=meta', ALL.filter((c) => c !== 'created_at' && c !== 'updated_at')],
          ['excludedAttributes=meta,name,title,emails,userName', ['department', 'display_name', 'external_id', 'id', 'status']],
          ['attributes=userName,meta', ALL],
          ['', ALL],
        ];
        for (const [query, expected] of cases) {
          const selects = await selectsOn(h, 'app_users', async () => { await list(h, query); });
          assert.deepEqual(selects, [expected], query);
        }
        const narrow = await list(h, 'attributes=userName&sortBy=title');
        assert.deepEqual(narrow.body.Resources.map((r: Record<string, unknown>) => Object.keys(r).sort()), [['id', 'schemas', 'userName'], ['id', 'schemas', 'userName'], ['id', 'schemas', 'userName']]);
        assert.deepEqual(narrow.body.Resources.map((r: { userName: string }) => r.userName), ['a@example.com', 'b@example.com', 'c@example.com']);
      });
    });

    test('cursor paging on a pruned SELECT still finds its place; meta.version in a list equals the ETag', async () => {
      await withServer(dialect, createAppUsers, usersYaml(), async (h) => {
        await seedUsers(h);
        let selects = await selectsOn(h, 'app_users', async () => {
          const first = await list(h, 'attributes=userName&sortBy=displayName&count=2&cursor=');
          assert.equal(first.body.Resources.length, 2);
          const second = await list(h, `attributes=userName&sortBy=displayName&count=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
          assert.equal(second.body.Resources.length, 1);
        });
        assert.deepEqual(selects, [['display_name', 'email', 'id'], ['display_name', 'email', 'id']]);
        const withMeta = await list(h, 'attributes=userName,meta&sortBy=userName');
        const one = withMeta.body.Resources[0] as { id: string; meta: { version: string } };
        const got = await h.request('GET', `/Users/${one.id}`);
        assert.equal(one.meta.version, got.headers.get('etag'));
        selects = await selectsOn(h, 'app_users', async () => { await list(h, 'attributes=userName&sortBy=userName'); });
        assert.equal(selects.length, 1);
      });
    });

    test('GET with attributes still sends a full-row ETag: 304 on If-None-Match, a new ETag after PATCH', async () => {
      await withServer(dialect, createAppUsers, usersYaml(), async (h) => {
        const [id] = await seedUsers(h);
        let etag = '';
        const selects = await selectsOn(h, 'app_users', async () => {
          const got = await h.request('GET', `/Users/${id}?attributes=userName`);
          assert.equal(got.status, 200, got.text);
          assert.deepEqual(Object.keys(got.body).sort(), ['id', 'schemas', 'userName']);
          etag = got.headers.get('etag') ?? '';
        });
        assert.deepEqual(selects, [ALL], 'the ETag hashes every mapped column');
        assert.match(etag, /^W\/"/);
        assert.equal((await h.request('GET', `/Users/${id}?attributes=userName`, undefined, { 'if-none-match': etag })).status, 304);
        assert.equal((await h.request('GET', `/Users/${id}`, undefined, { 'if-none-match': etag })).status, 304, 'the version does not depend on the projection');
        const patched = await h.request('PATCH', `/Users/${id}?attributes=userName`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'New' }] }, { 'if-match': etag });
        assert.equal(patched.status, 200, patched.text);
        const next = patched.headers.get('etag');
        assert.notEqual(next, etag, 'a write within the same second still changes the version');
        assert.equal((await h.request('GET', `/Users/${id}?attributes=userName`, undefined, { 'if-none-match': etag })).status, 200);
        assert.equal((await h.request('GET', `/Users/${id}?attributes=userName`, undefined, { 'if-none-match': next ?? '' })).status, 304);
        const listed = await list(h, `attributes=meta&filter=${encodeURIComponent(`id eq "${id}"`)}`);
        assert.equal(listed.body.Resources[0].meta.version, next);
      });
    });
  });

  describe(`${dialect}: sorting on attributes in other tables`, () => {
    test('sortBy phoneNumbers.value, groups, members.value: 400 invalidValue, never a 500', async () => {
      await withServer(dialect, async (knex) => { await createTeamsApp(knex); await seedPeople(knex, 3); }, TEAMS_YAML, async (h) => {
        const attempts: [string, string, unknown?][] = [
          ['GET', '/Users?sortBy=phoneNumbers.value'],
          ['GET', '/Users?sortBy=phoneNumbers'],
          ['GET', '/Users?sortBy=groups.value&cursor='],
          ['GET', '/Groups?sortBy=members.value'],
          ['POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], sortBy: 'phoneNumbers.type' }],
        ];
        for (const [method, path, body] of attempts) {
          const res = await h.request(method, path, body);
          assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
          assert.equal(res.body.scimType, 'invalidValue', path);
          assert.match(res.body.detail, /separate table/, path);
        }
        const ok = await h.request('GET', '/Users?sortBy=emails.value&attributes=userName');
        assert.equal(ok.status, 200, 'emails held in columns sort by their primary (first) element');
        const selects = await selectsOn(h, 'person_phones', async () => { await list(h, 'attributes=userName'); });
        assert.deepEqual(selects, [], 'a projection without phoneNumbers reads no phone rows');
      });
    });
  });
}
