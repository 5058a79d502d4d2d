/** A writeOnly attribute (RFC 7643 §7) is stored, never returned, and cannot be probed by filter or sort. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { createAppUsers, oktaUser, usersYaml } from '../fixtures/app-users.js';

const yaml = usersYaml().replace('title: job_title', 'title: job_title\n      password: { column: password_digest }\n      nickName: { column: display_name, mutability: writeOnly }')
  .replace(/\n      displayName: display_name/, '');

for (const dialect of DIALECTS) {
  test(`${dialect}: writeOnly attributes are stored, never returned, never filterable or sortable`, async () => {
    await withServer(dialect, createAppUsers, yaml, async ({ request, db }) => {
      const created = await request('POST', '/Users', oktaUser('w@example.com', { password: 's3cret!', nickName: 'Nick' }));
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.password, undefined);
      assert.equal(created.body.nickName, undefined, 'a configured writeOnly attribute is not returned');
      const row = await db.knex('app_users').where({ email: 'w@example.com' }).first();
      assert.deepEqual([row.password_digest, row.display_name], ['s3cret!', 'Nick']);
      const got = await request('GET', `/Users/${created.body.id}?attributes=password,nickName`);
      assert.deepEqual([got.body.password, got.body.nickName], [undefined, undefined], 'not even when asked for');
      for (const filter of ['password eq "s3cret!"', 'nickName sw "N"']) {
        const probe = await request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
        assert.equal(probe.status, 400, filter);
        assert.equal(probe.body.scimType, 'invalidFilter');
      }
      const sorted = await request('GET', '/Users?sortBy=nickName');
      assert.equal(sorted.status, 400);
      assert.equal(sorted.body.scimType, 'invalidValue');
    });
  });
}
