/**
 * What real schemas require of every write, on every dialect: a lower-cased copy of the login kept
 * in step (`derived:`), emails in a child table with a primary flag, a lower-cased copy and NOT
 * NULL timestamps but no foreign key, join rows with NOT NULL timestamps and the group's
 * organisation id copied from the group (`$owner.org_id`), Unix-time columns (`epoch:`, `$now` in
 * an integer column), an org membership row inserted with each user (`onCreate:`), and groups kept
 * as typed rows of the users table (two resources on one table with different scopes).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

async function schema(knex: Knex): Promise<void> {
  // One table for people and teams (a `type` column), as some applications keep groups.
  await knex.schema.createTable('principals', (t) => {
    t.increments('id');
    t.string('type', 10).notNullable();
    t.integer('org_id').notNullable();
    t.string('name', 100).notNullable();
    t.string('lower_name', 100).notNullable().unique();
    t.string('full_name', 200);
    t.bigInteger('created_ms').notNullable();
    t.integer('timecreated').notNullable();
  });
  await knex.schema.createTable('email_address', (t) => {
    t.increments('id');
    t.integer('uid').notNullable(); // no foreign key, as xorm and Rails leave it
    t.string('email', 200).notNullable();
    t.string('lower_email', 200).notNullable();
    t.boolean('is_primary').notNullable();
    t.dateTime('created_at').notNullable();
  });
  await knex.schema.createTable('memberships', (t) => {
    t.integer('team_id').notNullable();
    t.integer('user_id').notNullable();
    t.integer('org_id').notNullable();
    t.dateTime('created_at').notNullable();
  });
  await knex.schema.createTable('org_members', (t) => {
    t.integer('org_id').notNullable();
    t.integer('user_id').notNullable();
    t.string('role', 20).notNullable();
  });
  await knex('principals').insert([
    { type: 'user', org_id: 7, name: 'Ada', lower_name: 'ada', created_ms: 1_700_000_000_000, timecreated: 1_700_000_000 },
    { type: 'team', org_id: 7, name: 'Analysts', lower_name: 'analysts', created_ms: 1_700_000_000_000, timecreated: 1_700_000_000 },
    { type: 'user', org_id: 8, name: 'Other', lower_name: 'other', created_ms: 1_700_000_000_000, timecreated: 1_700_000_000 },
  ]);
}

const YAML = `resources:
  User:
    table: principals
    scope: { type: user, org_id: "\${ORG:-7}" }
    derived: { lower_name: { from: userName, transform: lower } }
    defaults: { timecreated: $now }
    onCreate:
      - { table: org_members, values: { org_id: $owner.org_id, user_id: $owner.id, role: member } }
    attributes:
      userName: name
      displayName: full_name
      meta.created: { column: created_ms, epoch: milliseconds }
      emails:
        table: email_address
        key: uid
        fields: { value: email, primary: is_primary }
        derived: { lower_email: { from: value, transform: lower } }
        defaults: { created_at: $now }
      groups: { through: memberships, group: team_id, member: user_id }
  Group:
    table: principals
    scope: { type: team, org_id: 7 }
    derived: { lower_name: { from: displayName, transform: [trim, lower] } }
    defaults: { timecreated: $now }
    attributes:
      displayName: name
      meta.created: { column: created_ms, epoch: milliseconds }
      members: { through: memberships, group: team_id, member: user_id, defaults: { org_id: $owner.org_id, created_at: $now } }
`;

const near = (ms: number, what: string) => assert.ok(Math.abs(ms - Date.now()) < 120_000, `${what} is now (${ms})`);

for (const dialect of DIALECTS) {
  describe(`${dialect}: derived columns, relation defaults, Unix time, onCreate, two resources on one table`, () => {
    test('a user: its lower-cased copy follows the login; emails rows get their copy and timestamps; an org membership row comes with it', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.deepEqual((await h.request('GET', '/Users')).body.Resources.map((u: { userName: string }) => u.userName), ['Ada'], 'teams and the other org are not Users');
        const created = await h.request('POST', '/Users', {
          schemas: [USER], userName: 'Grace.Hopper', displayName: 'Grace Hopper',
          emails: [{ value: 'Grace@Example.com', type: 'work', primary: true }, { value: 'g@home.example' }],
        });
        assert.equal(created.status, 201, created.text);
        near(Date.parse(created.body.meta.created), 'meta.created read from Unix milliseconds');
        const key = Number(String(created.body.id).replace('user-', ''));
        const row = await h.db.knex('principals').where({ id: key }).first();
        assert.equal(row.lower_name, 'grace.hopper');
        assert.equal(row.type, 'user');
        assert.equal(Number(row.org_id), 7, 'the tenant from the environment, read as an integer');
        near(Number(row.created_ms), 'created_ms (milliseconds)');
        near(Number(row.timecreated) * 1000, 'timecreated ($now in an integer column is seconds)');
        const emails = await h.db.knex('email_address').where({ uid: key }).orderBy('id');
        assert.deepEqual(emails.map((e) => [e.email, e.lower_email, Boolean(e.is_primary)]), [['Grace@Example.com', 'grace@example.com', true], ['g@home.example', 'g@home.example', false]]);
        assert.ok(emails.every((e) => e.created_at !== null));
        assert.deepEqual(await h.db.knex('org_members').where({ user_id: key }).select('org_id', 'role'), [{ org_id: 7, role: 'member' }]);

        const patch = await h.request('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'GRACE' }] });
        assert.equal(patch.status, 200, patch.text);
        assert.equal((await h.db.knex('principals').where({ id: key }).first()).lower_name, 'grace', 'the copy follows every change');
        const clash = await h.request('POST', '/Users', { schemas: [USER], userName: 'grace' });
        assert.equal(clash.status, 409, 'userName is unique case-insensitively (and lower_name has a unique index)');

        assert.equal((await h.request('DELETE', `/Users/${created.body.id}`)).status, 204);
        assert.deepEqual(await h.db.knex('org_members').where({ user_id: key }), [], 'the onCreate row goes first on a hard delete');
      });
    });

    test('a group of the same table: its own scope, its own derived copy, join rows with the group\'s org and a timestamp', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.deepEqual((await h.request('GET', '/Groups')).body.Resources.map((g: { displayName: string }) => g.displayName), ['Analysts']);
        const created = await h.request('POST', '/Groups', { schemas: [GROUP], displayName: '  Platform Team ', members: [{ value: 'user-1' }] });
        assert.equal(created.status, 201, created.text);
        const key = Number(String(created.body.id).replace('group-', ''));
        const row = await h.db.knex('principals').where({ id: key }).first();
        assert.equal(row.type, 'team');
        assert.equal(row.lower_name, 'platform team', 'trimmed, then lower-cased');
        const join = await h.db.knex('memberships').where({ team_id: key });
        assert.equal(join.length, 1);
        assert.equal(Number(join[0].org_id), 7, "the join row carries the group's org ($owner.org_id)");
        assert.ok(join[0].created_at !== null);
        const add = await h.request('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'user-1' }] }] });
        assert.equal(add.status, 204, 'adding an existing member is not an error');
        const user = await h.request('GET', '/Users/user-1?attributes=groups');
        assert.deepEqual(user.body.groups.map((g: { value: string }) => g.value), [created.body.id]);
        assert.equal((await h.request('GET', `/Users/${created.body.id.replace('group-', 'user-')}`)).status, 404, 'a team is not a User');
      });
    });
  });
}
