/**
 * Versioning (RFC 7644 §3.14), deprovisioning however `active` is stored, and the three DELETE
 * modes (§3.6), through a real server on every dialect.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { ACTIVE_STORAGE, createAppUsers, oktaUser, usersYaml, type ActiveStorage } from '../fixtures/app-users.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const patchBody = (ops: unknown[]) => ({ schemas: [PATCH_OP], Operations: ops });

async function create(h: Harness, userName = 'v@example.com'): Promise<{ id: string; key: number; etag: string }> {
  const res = await h.request('POST', '/Users', oktaUser(userName));
  assert.equal(res.status, 201, res.text);
  return { id: res.body.id, key: Number(String(res.body.id).slice('user-'.length)), etag: res.headers.get('etag') as string };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: ETags`, () => {
    test('ETag on every single-resource response; If-None-Match → 304; stale If-Match → 412 on PUT, PATCH, DELETE', async () => {
      await withServer(dialect, createAppUsers, usersYaml(), async (h) => {
        const { id, etag } = await create(h);
        assert.match(etag, /^W\/".+"$/);
        const got = await h.request('GET', `/Users/${id}`);
        assert.equal(got.headers.get('etag'), etag);
        assert.equal(got.body.meta.version, etag);
        const cached = await h.request('GET', `/Users/${id}`, undefined, { 'if-none-match': etag });
        assert.equal(cached.status, 304);
        assert.equal(cached.text, '');
        assert.equal((await h.request('GET', `/Users/${id}`, undefined, { 'if-none-match': 'W/"other"' })).status, 200);

        const patched = await h.request('PATCH', `/Users/${id}`, patchBody([{ op: 'replace', path: 'title', value: 'A' }]), { 'if-match': etag });
        assert.equal(patched.status, 200, patched.text);
        const next = patched.headers.get('etag') as string;
        assert.notEqual(next, etag, 'a write changes the version');
        assert.equal(patched.body.meta.version, next);

        for (const [method, body] of [['PATCH', patchBody([{ op: 'replace', path: 'title', value: 'B' }])], ['PUT', oktaUser('v@example.com', { title: 'B' })], ['DELETE', undefined]] as const) {
          const stale = await h.request(method, `/Users/${id}`, body, { 'if-match': etag });
          assert.equal(stale.status, 412, `${method}: ${stale.text}`);
        }
        const unchanged = await h.request('GET', `/Users/${id}`);
        assert.equal(unchanged.body.title, 'A', 'a 412 changes nothing');
        const put = await h.request('PUT', `/Users/${id}`, oktaUser('v@example.com', { title: 'C' }), { 'if-match': next });
        assert.equal(put.status, 200, put.text);
        assert.equal(put.headers.get('etag'), put.body.meta.version);
        assert.equal((await h.request('DELETE', `/Users/${id}`, undefined, { 'if-match': '*' })).status, 204);
      });
    });
  });

  describe(`${dialect}: deprovisioning`, () => {
    for (const storage of Object.keys(ACTIVE_STORAGE) as ActiveStorage[]) {
      test(`active stored as ${storage}: Entra's Replace "False", PUT active=false, filter active eq false`, async () => {
        await withServer(dialect, createAppUsers, usersYaml({ active: storage }), async (h) => {
          const a = await create(h, 'a@example.com');
          const b = await create(h, 'b@example.com');
          await create(h, 'c@example.com');
          const entra = await h.request('PATCH', `/Users/${a.id}`, patchBody([{ op: 'Replace', path: 'active', value: 'False' }]));
          assert.equal(entra.status, 200, entra.text);
          assert.equal(entra.body.active, false);
          const put = await h.request('PUT', `/Users/${b.id}`, oktaUser('b@example.com', { active: false }));
          assert.equal(put.status, 200, put.text);
          assert.equal(put.body.active, false);
          const inactive = await h.request('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
          assert.deepEqual(inactive.body.Resources.map((r: { id: string }) => r.id).sort(), [a.id, b.id].sort());
          const active = await h.request('GET', `/Users?filter=${encodeURIComponent('active eq true')}`);
          assert.equal(active.body.totalResults, 1);
        });
      });
    }
  });

  describe(`${dialect}: DELETE modes`, () => {
    test('hard: the row is removed', async () => {
      await withServer(dialect, createAppUsers, usersYaml({ delete: 'hard' }), async (h) => {
        const { id, key } = await create(h);
        assert.equal((await h.request('DELETE', `/Users/${id}`)).status, 204);
        assert.equal(await h.db.knex('app_users').where({ id: key }).first(), undefined);
        assert.equal((await h.request('GET', `/Users/${id}`)).status, 404);
      });
    });

    test('soft: 404 for GET, PUT, PATCH and DELETE, absent from lists, the row stays', async () => {
      await withServer(dialect, createAppUsers, usersYaml({ delete: '{ soft: deleted_at }' }), async (h) => {
        const { id, key } = await create(h);
        assert.equal((await h.request('DELETE', `/Users/${id}`)).status, 204);
        const row = await h.db.knex('app_users').where({ id: key }).first();
        assert.ok(row && row.deleted_at !== null, 'the row is still in the table, marked deleted');
        assert.equal((await h.request('GET', `/Users/${id}`)).status, 404);
        assert.equal((await h.request('PUT', `/Users/${id}`, oktaUser('v@example.com'))).status, 404);
        assert.equal((await h.request('PATCH', `/Users/${id}`, patchBody([{ op: 'replace', path: 'title', value: 'x' }]))).status, 404);
        assert.equal((await h.request('DELETE', `/Users/${id}`)).status, 404);
        for (const filter of ['', `&filter=${encodeURIComponent('userName eq "v@example.com"')}`, `&filter=${encodeURIComponent('active eq true')}`]) {
          assert.equal((await h.request('GET', `/Users?count=10${filter}`)).body.totalResults, 0, filter);
        }
      });
    });

    test('forbid: a SCIM error and nothing changes', async () => {
      await withServer(dialect, createAppUsers, usersYaml({ delete: 'forbid' }), async (h) => {
        const { id, key } = await create(h);
        const res = await h.request('DELETE', `/Users/${id}`);
        assert.equal(res.status, 403);
        assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
        assert.ok(await h.db.knex('app_users').where({ id: key }).first());
        assert.equal((await h.request('GET', `/Users/${id}`)).status, 200);
      });
    });
  });
}
