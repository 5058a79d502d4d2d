/**
 * Okta's provisioning sequence (Okta's "SCIM 2.0 provisioning" guide), end to end through a real
 * listening server, on every dialect and every way of storing `active`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { ACTIVE_STORAGE, createAppUsers, oktaUser, usersYaml, type ActiveStorage } from '../fixtures/app-users.js';

const STORED_INACTIVE: Record<ActiveStorage, (row: Record<string, unknown>) => boolean> = {
  status: (r) => r['status'] === 'deprovisioned',
  boolean: (r) => [false, 0, '0'].includes(r['enabled'] as never),
  integer: (r) => Number(r['is_active']) === 0,
  inverted: (r) => [true, 1, '1'].includes(r['disabled'] as never),
  timestamp: (r) => r['deactivated_at'] !== null,
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: Okta provisioning sequence`, () => {
    for (const storage of Object.keys(ACTIVE_STORAGE) as ActiveStorage[]) {
      test(`active stored as ${storage}: find, create, get, put, deactivate, reactivate`, async () => {
        await withServer(dialect, createAppUsers, usersYaml({ active: storage }), async ({ request, db }) => {
          const find = await request('GET', `/Users?filter=${encodeURIComponent('userName eq "Jane.Doe@example.com"')}&startIndex=1&count=100`);
          assert.equal(find.status, 200);
          assert.deepEqual(find.body, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

          const created = await request('POST', '/Users', oktaUser('jane.doe@example.com'));
          assert.equal(created.status, 201, created.text);
          const id = created.body.id as string;
          assert.match(id, /^user-\d+$/);
          assert.equal(created.headers.get('location'), created.body.meta.location);
          assert.equal(created.headers.get('content-type'), 'application/scim+json; charset=utf-8');
          assert.equal(created.body.userName, 'jane.doe@example.com');
          assert.equal(created.body.active, true);
          assert.deepEqual(created.body.name, { givenName: 'Test', familyName: 'User' });
          assert.equal(created.body.password, undefined);

          const again = await request('GET', `/Users?filter=${encodeURIComponent('userName eq "JANE.DOE@example.com"')}`);
          assert.equal(again.body.totalResults, 1, 'userName matches case-insensitively');
          assert.equal(again.body.Resources[0].id, id);

          const got = await request('GET', `/Users/${id}`);
          assert.equal(got.status, 200);
          assert.equal(got.headers.get('etag'), got.body.meta.version);

          const put = await request('PUT', `/Users/${id}`, { ...oktaUser('jane.doe@example.com'), id, name: { givenName: 'Jane', familyName: 'Doe' }, title: 'CTO' });
          assert.equal(put.status, 200, put.text);
          assert.deepEqual(put.body.name, { givenName: 'Jane', familyName: 'Doe' });
          assert.equal(put.body.title, 'CTO');
          assert.equal(put.body.displayName, 'Test User');

          const deactivate = await request('PATCH', `/Users/${id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', value: { active: false } }],
          });
          assert.equal(deactivate.status, 200, deactivate.text);
          assert.equal(deactivate.body.active, false);
          const key = Number(id.slice('user-'.length));
          const row = await db.knex('app_users').where({ id: key }).first();
          assert.ok(STORED_INACTIVE[storage](row), `stored inactive: ${JSON.stringify(row)}`);
          assert.equal(row.first_name, 'Jane', 'deactivation touches nothing else');

          const inactive = await request('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
          assert.deepEqual(inactive.body.Resources.map((r: { id: string }) => r.id), [id], 'a deactivated user stays visible');

          const reactivate = await request('PATCH', `/Users/${id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', value: { active: true } }],
          });
          assert.equal(reactivate.body.active, true);
          const back = await db.knex('app_users').where({ id: key }).first();
          assert.ok(!STORED_INACTIVE[storage](back));
        });
      });
    }

    test('paging through 250 users with startIndex/count', async () => {
      const seed = async (knex: import('knex').Knex) => {
        await createAppUsers(knex);
        const rows = Array.from({ length: 250 }, (_, i) => ({ email: `u${String(i).padStart(3, '0')}@example.com`, first_name: `U${i}` }));
        for (let i = 0; i < rows.length; i += 50) await knex('app_users').insert(rows.slice(i, i + 50));
      };
      await withServer(dialect, seed, usersYaml(), async ({ request }) => {
        const seen: string[] = [];
        for (let start = 1; ; start += 100) {
          const page = await request('GET', `/Users?startIndex=${start}&count=100`);
          assert.equal(page.status, 200);
          assert.equal(page.body.totalResults, 250);
          assert.equal(page.body.startIndex, start);
          assert.equal(page.body.itemsPerPage, page.body.Resources.length);
          seen.push(...page.body.Resources.map((r: { userName: string }) => r.userName));
          if (page.body.Resources.length < 100) break;
        }
        assert.equal(seen.length, 250);
        assert.equal(new Set(seen).size, 250, 'no user twice');
      });
    });
  });
}
