/**
 * One server for several customers (issue 12): credentials bound to tenants (`auth.tenants`, plain
 * or sha256, bearer or basic, and a credentials table re-read while serving), scopes binding the
 * tenant column (`scope: { org_id: $tenant }`). On every dialect: each endpoint and operator sees
 * only the caller's rows; another tenant's id is the same 404 as a missing one; members and
 * managers from another tenant are the same 400 as unknown ids; a cursor minted for one tenant is
 * refused for another; uniqueness is per tenant where the index is (org_id, email). A property test
 * sends tenant A random filters and writes aimed at both tenants' ids and checks that A never sees
 * a B row and that B's rows never change.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer, type Harness } from '../helpers/server.js';
import { recordLogger } from '../../src/http/log.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const ACME = TOKEN; // the harness' token: tenant 1
const HASHED = 'hashed-acme-token-0123456789abcdef'; // tenant 1, given as its sha256
const TABLE_TOKEN = 'table-token-for-initech-0123456789'; // tenant 3, from the credentials table
const GLOBEX = { username: 'globex', password: 'globex-password-0123456789' }; // tenant 2, basic
const RUNS = Number(process.env['FC_RUNS'] ?? 100);

async function schema(knex: Knex): Promise<void> {
  await knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.integer('org_id').notNullable();
    t.string('email', 100).notNullable();
    t.string('title', 50);
    t.integer('manager_id');
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['org_id', 'email']);
  });
  await knex.schema.createTable('teams', (t) => { t.increments('id'); t.integer('org_id').notNullable(); t.string('name', 50).notNullable(); });
  await knex.schema.createTable('team_members', (t) => { t.integer('team_id').notNullable(); t.integer('member_id').notNullable(); });
  await knex.schema.createTable('scim_tokens', (t) => { t.string('token_sha256', 64).primary(); t.integer('org_id').notNullable(); t.dateTime('revoked_at'); t.dateTime('last_used_at'); });
  const people = [[1, 'ada@acme.test', 'CEO'], [1, 'bob@acme.test', 'CTO'], [1, 'cy@acme.test', null],
    [2, 'ada@acme.test', 'Owner'], [2, 'dee@globex.test', 'CTO'], [3, 'eve@initech.test', 'Dev']] as const;
  for (const [org, email, title] of people) await knex('members').insert({ org_id: org, email, title });
  await knex('teams').insert({ org_id: 1, name: 'Eng' });
  await knex('teams').insert({ org_id: 2, name: 'Eng' });
  await knex('team_members').insert([{ team_id: 1, member_id: 1 }, { team_id: 2, member_id: 4 }]);
  await knex('scim_tokens').insert({ token_sha256: sha(TABLE_TOKEN), org_id: 3 });
}

const AUTH = `auth:
  tenants:
    - { bearer: "${ACME}", tenant: 1 }
    - { bearerSha256: "${sha(HASHED)}", tenant: 1 }
    - { basic: { username: ${GLOBEX.username}, password: "${GLOBEX.password}" }, tenant: 2 }
  credentialsTable: { table: scim_tokens, hash: token_sha256, tenant: org_id, revoked: revoked_at, lastUsed: last_used_at, refreshSeconds: 1 }`;

const YAML = `resources:
  User:
    table: members
    scope: { org_id: $tenant }
    attributes:
      userName: email
      title: title
      active: active
      urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value: manager_id
      groups: { through: team_members, group: team_id, member: member_id }
  Group:
    table: teams
    scope: { org_id: $tenant }
    attributes:
      displayName: name
      members: { through: team_members, group: team_id, member: member_id }
`;

const globex = { authorization: `Basic ${Buffer.from(`${GLOBEX.username}:${GLOBEX.password}`).toString('base64')}` };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ids = (r: { body: { Resources?: { id: string }[] } }) => (r.body.Resources ?? []).map((x) => x.id).sort();

async function orgOf(h: Harness, table: string, id: string): Promise<number | undefined> {
  const row = await h.db.knex(table).where({ id: Number(id.replace(/^\w+-/, '')) }).first();
  return row === undefined ? undefined : Number(row.org_id);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: tenants bound to credentials`, () => {
    test('every endpoint sees and writes only the caller\'s tenant', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.deepEqual(ids(await h.request('GET', '/Users')), ['user-1', 'user-2', 'user-3']);
        assert.deepEqual(ids(await h.request('GET', '/Users', undefined, globex)), ['user-4', 'user-5']);
        assert.deepEqual(ids(await h.request('GET', '/Users', undefined, bearer(HASHED))), ['user-1', 'user-2', 'user-3'], 'a hashed credential');
        assert.deepEqual(ids(await h.request('GET', '/Users', undefined, bearer(TABLE_TOKEN))), ['user-6'], 'a credential from the table');
        for (const filter of ['userName eq "ada@acme.test"', 'title pr', 'title ne "CTO"', 'userName co "a"', 'not (userName sw "z")', 'groups.value eq "group-2"', 'groups pr']) {
          const a = await h.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
          for (const id of ids(a)) assert.equal(await orgOf(h, 'members', id), 1, `${filter}: ${id} is tenant 1's`);
        }
        const missing = await h.request('GET', '/Users/user-999');
        const foreign = await h.request('GET', '/Users/user-4');
        assert.equal(foreign.status, 404);
        assert.equal(foreign.body.detail.replace('user-4', 'X'), missing.body.detail.replace('user-999', 'X'), 'another tenant\'s id is exactly a missing id');
        assert.equal((await h.request('PATCH', '/Users/user-4', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] })).status, 404);
        assert.equal((await h.request('DELETE', '/Users/user-4')).status, 404);
        assert.equal((await h.request('PUT', '/Groups/group-2', { schemas: [GROUP], displayName: 'x' })).status, 404);
        const created = await h.request('POST', '/Users', { schemas: [USER], userName: 'dee@globex.test' });
        assert.equal(created.status, 201, 'the same email in another tenant is no conflict (unique per org_id)');
        assert.equal(await orgOf(h, 'members', created.body.id), 1, 'a create writes the caller\'s tenant');
        assert.equal((await h.request('POST', '/Users', { schemas: [USER], userName: 'DEE@globex.test' })).status, 409, 'within the tenant it is');
        const badMember = await h.request('PATCH', '/Groups/group-1', { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'user-4' }] }] });
        const unknownMember = await h.request('PATCH', '/Groups/group-1', { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'user-999' }] }] });
        assert.equal(badMember.status, 400);
        assert.equal(badMember.body.detail.replace('user-4', 'X'), unknownMember.body.detail.replace('user-999', 'X'));
        const badManager = await h.request('PATCH', '/Users/user-2', { schemas: [PATCH], Operations: [{ op: 'replace', path: `${MANAGER}.value`, value: 'user-5' }] });
        assert.equal(badManager.status, 400, 'a manager from another tenant is refused');
        const search = await h.request('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'id pr' });
        for (const r of search.body.Resources as { id: string; meta: { resourceType: string } }[]) {
          assert.equal(await orgOf(h, r.meta.resourceType === 'User' ? 'members' : 'teams', r.id), 1, `root search: ${r.id}`);
        }
      }, { authYaml: AUTH });
    });

    test('cursors are bound to their tenant; a credentials-table row is honoured, then revoked, without a restart', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const first = await h.request('GET', '/Users?cursor=&count=1');
        assert.ok(first.body.nextCursor, first.text);
        assert.equal((await h.request('GET', `/Users?count=1&cursor=${encodeURIComponent(first.body.nextCursor)}`)).status, 200);
        const stolen = await h.request('GET', `/Users?count=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, undefined, globex);
        assert.equal(stolen.status, 400, 'a cursor minted for tenant 1 is refused for tenant 2');
        assert.equal(stolen.body.scimType, 'invalidCursor');
        const fresh = 'a-new-customer-token-0123456789abc';
        assert.equal((await h.request('GET', '/Users', undefined, bearer(fresh))).status, 401);
        await h.db.knex('scim_tokens').insert({ token_sha256: sha(fresh), org_id: 2 });
        await new Promise((r) => setTimeout(r, 1100));
        assert.deepEqual(ids(await h.request('GET', '/Users', undefined, bearer(fresh))), ['user-4', 'user-5'], 'an INSERT adds a customer');
        const used = await h.db.knex('scim_tokens').where({ token_sha256: sha(fresh) }).first();
        await new Promise((r) => setTimeout(r, 50));
        assert.ok((await h.db.knex('scim_tokens').where({ token_sha256: sha(fresh) }).first()).last_used_at !== null || used.last_used_at !== null, 'last use is recorded');
        await h.db.knex('scim_tokens').where({ token_sha256: sha(fresh) }).update({ revoked_at: new Date() });
        await new Promise((r) => setTimeout(r, 1100));
        assert.equal((await h.request('GET', '/Users', undefined, bearer(fresh))).status, 401, 'an UPDATE revokes it');
      }, { authYaml: AUTH });
    });

    test(`property: ${RUNS} random requests as tenant 1 never observe or change tenant 2`, { timeout: 120_000 }, async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const snapshot = async () => JSON.stringify(await h.db.knex('members').where({ org_id: 2 }).orderBy('id'))
          + JSON.stringify(await h.db.knex('teams').where({ org_id: 2 }).orderBy('id'))
          + JSON.stringify(await h.db.knex('team_members').whereIn('team_id', [2]).orderBy(['team_id', 'member_id']));
        const before = await snapshot();
        const id = fc.constantFrom('user-1', 'user-2', 'user-4', 'user-5', 'user-999');
        const value = fc.constantFrom('ada@acme.test', 'dee@globex.test', 'CTO', 'Owner', 'a', 'e');
        const attr = fc.constantFrom('userName', 'title', 'id', 'groups.value', 'active');
        const op = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt');
        const request = fc.oneof(
          fc.record({ kind: fc.constant('filter' as const), attr, op, value }),
          fc.record({ kind: fc.constant('patch' as const), id, value }),
          fc.record({ kind: fc.constant('delete' as const), id }),
          fc.record({ kind: fc.constant('member' as const), id }),
        );
        let cases = 0;
        await fc.assert(fc.asyncProperty(request, async (r) => {
          cases++;
          if (r.kind === 'filter') {
            const text = r.attr === 'active' ? `active eq true` : `${r.attr} ${r.op} "${r.value}"`;
            const res = await h.request('GET', `/Users?filter=${encodeURIComponent(text)}`);
            assert.ok(res.status === 200 || res.status === 400, res.text);
            for (const found of ids(res)) assert.equal(await orgOf(h, 'members', found), 1, `${text} → ${found}`);
          } else if (r.kind === 'patch') {
            const res = await h.request('PATCH', `/Users/${r.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: r.value }] });
            assert.ok([200, 404].includes(res.status), res.text);
          } else if (r.kind === 'delete') {
            assert.ok([204, 404].includes((await h.request('DELETE', `/Users/${r.id}`)).status));
          } else {
            const res = await h.request('PATCH', '/Groups/group-1', { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: r.id }] }] });
            assert.ok([204, 400].includes(res.status), res.text);
          }
        }), { numRuns: RUNS });
        assert.equal(await snapshot(), before, `tenant 2's rows unchanged after ${cases} requests`);
      }, { authYaml: AUTH });
    });
  });
}

describe('tenants in logs and metrics', () => {
  test('each request\'s log line and metric series name its tenant; metrics leave the main port', async () => {
    const lines: Record<string, unknown>[] = [];
    await withServer('sqlite', schema, YAML, async (h) => {
      assert.equal((await h.request('GET', '/Users')).status, 200);
      assert.equal((await h.request('GET', '/Users', undefined, globex)).status, 200);
      assert.notEqual((await fetch(`${h.server.origin}/metrics`, { headers: bearer(ACME) })).status, 200, 'no metrics on the main port');
      const scraped = await fetch(h.server.metricsUrl as string, { headers: bearer(ACME) });
      const text = await scraped.text();
      assert.match(text, /scim_bridge_http_requests_total\{resource="User",method="GET",status="200",tenant="1"\} 1/);
      assert.match(text, /scim_bridge_http_requests_total\{resource="User",method="GET",status="200",tenant="2"\} 1/);
    }, { authYaml: AUTH, extraYaml: 'server:\n  metrics: { port: 0 }', logger: recordLogger((l) => lines.push(l)) });
    const tenants = lines.filter((l) => l['route'] === '/Users').map((l) => l['tenant']);
    assert.deepEqual(tenants.map(String), ['1', '2']);
  });

  test('without a port of their own, metrics are off; asked for on the main port, the config names the fix', async () => {
    await withServer('sqlite', schema, YAML, async (h) => {
      assert.equal(h.server.metricsUrl, undefined);
    }, { authYaml: AUTH });
    await assert.rejects(
      withServer('sqlite', schema, YAML, async () => {}, { authYaml: AUTH, extraYaml: 'server:\n  metrics: { path: /metrics }' }),
      /server\.metrics[\s\S]*every tenant[\s\S]*port: 9464/,
    );
  });
});
