/**
 * A person split the way real applications split one, on every dialect: the core row points at an
 * account row (`users.account_id → accounts.id`, Mastodon-style; inserted first), a profile row
 * points at the core row (`profiles.user_id → users.id`, Drupal-style; inserted after), names live
 * in key-value rows (`user_meta`, WordPress-style), and bots of the same table are not people.
 * Reads join, filters and sortBy cross the join, writes go to the table holding each column in
 * foreign-key order, and a missing side row is created when an update names one of its columns.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const q = (filter: string) => encodeURIComponent(filter);

async function schema(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('username', 100).notNullable();
    t.string('display_name', 100);
    t.dateTime('created_at').notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 200).notNullable().unique();
    t.string('kind', 10).notNullable().defaultTo('person');
    t.integer('account_id').unsigned().nullable().references('id').inTable('accounts');
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('profiles', (t) => {
    t.integer('user_id').unsigned().primary().references('id').inTable('users');
    t.string('title', 100);
    t.string('bio', 200).notNullable();
  });
  await knex.schema.createTable('user_meta', (t) => {
    t.increments('umeta_id');
    t.integer('user_id').notNullable();
    t.string('meta_key', 50).notNullable();
    t.string('meta_value', 200);
  });
  const at = new Date('2024-01-01T00:00:00Z');
  // Rows one at a time without explicit keys (ids 1, 2, 3), so PostgreSQL's sequences stay in step.
  await knex('accounts').insert({ username: 'ada', display_name: 'Ada L', created_at: at });
  await knex('accounts').insert({ username: 'bot', display_name: 'Bot', created_at: at });
  await knex('users').insert({ email: 'ada@example.com', kind: 'person', account_id: 1 });
  await knex('users').insert({ email: 'bot@example.com', kind: 'bot', account_id: 2 });
  await knex('users').insert({ email: 'bare@example.com', kind: 'person', account_id: null }); // no account, profile or meta rows
  await knex('profiles').insert({ user_id: 1, title: 'Countess', bio: '' });
  await knex('user_meta').insert([{ user_id: 1, meta_key: 'first_name', meta_value: 'Ada' }, { user_id: 1, meta_key: 'last_name', meta_value: 'Lovelace' }, { user_id: 1, meta_key: 'other', meta_value: 'kept' }]);
}

const YAML = `resources:
  User:
    table: users
    scope: { kind: person }
    join:
      accounts: { on: { account_id: id }, defaults: { created_at: $now } }
      profiles: { on: { id: user_id }, defaults: { bio: "" } }
    attributes:
      userName: email
      nickName: accounts.username
      displayName: accounts.display_name
      title: profiles.title
      name.givenName: { table: user_meta, key: user_id, where: { meta_key: first_name }, column: meta_value }
      name.familyName: { table: user_meta, key: user_id, where: { meta_key: last_name }, column: meta_value }
      active: active
`;

async function ids(h: Harness, filter: string, extra = ''): Promise<string[]> {
  const r = await h.request('GET', `/Users?filter=${q(filter)}${extra}`);
  assert.equal(r.status, 200, r.text);
  return (r.body.Resources as { id: string }[]).map((u) => u.id);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: one-to-one side tables and key-value attributes`, () => {
    test('reads join both ways and read key-value rows; bots are outside the scope', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const list = await h.request('GET', '/Users');
        assert.equal(list.body.totalResults, 2, list.text);
        const ada = (await h.request('GET', '/Users/user-1')).body;
        assert.equal(ada.nickName, 'ada');
        assert.equal(ada.displayName, 'Ada L');
        assert.equal(ada.title, 'Countess');
        assert.deepEqual(ada.name, { givenName: 'Ada', familyName: 'Lovelace' });
        const bare = (await h.request('GET', '/Users/user-3')).body;
        assert.deepEqual(Object.keys(bare).sort(), ['active', 'id', 'meta', 'schemas', 'userName']);
        assert.equal((await h.request('GET', '/Users/user-2')).status, 404, 'a bot does not exist for SCIM');
      });
    });

    test('filters and sortBy cross the join; key-value filters are EXISTS; sorting on one is a 400', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.deepEqual(await ids(h, 'displayName eq "ada l"'), ['user-1']);
        assert.deepEqual(await ids(h, 'title sw "count"'), ['user-1']);
        assert.deepEqual(await ids(h, 'name.givenName eq "ADA"'), ['user-1']);
        assert.deepEqual(await ids(h, 'name.givenName ne "Ada"'), ['user-3'], 'ne matches a missing key-value row');
        assert.deepEqual(await ids(h, 'name.familyName pr'), ['user-1']);
        assert.deepEqual(await ids(h, 'not (name.familyName pr)'), ['user-3']);
        assert.deepEqual(await ids(h, 'userName pr', '&sortBy=displayName&sortOrder=descending'), ['user-1', 'user-3'], 'nulls last');
        const sortKv = await h.request('GET', '/Users?sortBy=name.givenName');
        assert.equal(sortKv.status, 400);
        assert.match(sortKv.body.detail, /key-value table/);
      });
    });

    test('POST inserts the account first, then the user, then its profile and key-value rows', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const created = await h.request('POST', '/Users', {
          schemas: [USER], userName: 'grace@example.com', nickName: 'grace', displayName: 'Grace H', title: 'Rear Admiral', name: { givenName: 'Grace', familyName: 'Hopper' },
        });
        assert.equal(created.status, 201, created.text);
        assert.equal(created.body.displayName, 'Grace H');
        assert.deepEqual(created.body.name, { givenName: 'Grace', familyName: 'Hopper' });
        const key = Number(String(created.body.id).replace('user-', ''));
        const user = await h.db.knex('users').where({ id: key }).first();
        assert.equal(user.kind, 'person', 'the scope value is written');
        const account = await h.db.knex('accounts').where({ id: user.account_id }).first();
        assert.equal(account.username, 'grace');
        assert.ok(account.created_at, 'the side table defaults are written');
        assert.deepEqual(await h.db.knex('profiles').where({ user_id: key }).first(), { user_id: key, title: 'Rear Admiral', bio: '' });
        const meta = await h.db.knex('user_meta').where({ user_id: key }).orderBy('meta_key').select('meta_key', 'meta_value');
        assert.deepEqual(meta, [{ meta_key: 'first_name', meta_value: 'Grace' }, { meta_key: 'last_name', meta_value: 'Hopper' }]);
      });
    });

    test('PATCH and PUT write the table holding each column; missing side rows are created; removing a key-value attribute deletes its row', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const patched = await h.request('PATCH', '/Users/user-3', { schemas: [PATCH], Operations: [
          { op: 'add', path: 'displayName', value: 'Bare Bones' }, { op: 'add', path: 'title', value: 'Intern' }, { op: 'add', path: 'name.givenName', value: 'Barry' },
        ] });
        // accounts.username is NOT NULL: nickName is required, so an account row cannot be made without it.
        assert.equal(patched.status, 400, patched.text);
        assert.match(patched.body.detail, /nickName/);
        const withNick = await h.request('PATCH', '/Users/user-3', { schemas: [PATCH], Operations: [
          { op: 'add', path: 'displayName', value: 'Bare Bones' }, { op: 'add', path: 'nickName', value: 'bare' }, { op: 'add', path: 'title', value: 'Intern' }, { op: 'add', path: 'name.givenName', value: 'Barry' },
        ] });
        assert.equal(withNick.status, 200, withNick.text);
        assert.equal(withNick.body.displayName, 'Bare Bones');
        assert.equal(withNick.body.name.givenName, 'Barry');
        const bare = await h.db.knex('users').where({ id: 3 }).first();
        assert.ok(bare.account_id, 'an account row was created and linked');
        assert.equal((await h.db.knex('accounts').where({ id: bare.account_id }).first()).display_name, 'Bare Bones');
        assert.equal((await h.db.knex('profiles').where({ user_id: 3 }).first()).title, 'Intern');
        const remove = await h.request('PATCH', '/Users/user-1', { schemas: [PATCH], Operations: [{ op: 'remove', path: 'name.familyName' }, { op: 'replace', path: 'name.givenName', value: 'Augusta' }] });
        assert.equal(remove.status, 200, remove.text);
        assert.deepEqual(remove.body.name, { givenName: 'Augusta' });
        const meta = await h.db.knex('user_meta').where({ user_id: 1 }).orderBy('meta_key').select('meta_key', 'meta_value');
        assert.deepEqual(meta, [{ meta_key: 'first_name', meta_value: 'Augusta' }, { meta_key: 'other', meta_value: 'kept' }], 'the app\'s own keys are untouched');
        const put = await h.request('PUT', '/Users/user-1', { schemas: [USER], userName: 'ada@example.com', nickName: 'ada', displayName: 'Ada King', active: true });
        assert.equal(put.status, 200, put.text);
        assert.equal((await h.db.knex('accounts').where({ id: 1 }).first()).display_name, 'Ada King');
        assert.equal((await h.db.knex('profiles').where({ user_id: 1 }).first()).title, null, 'PUT without title clears it in the profile row');
        // RFC 7644 §3.5.1: an attribute a PUT omits MAY be taken as not asserted; one whose column cannot be emptied is kept.
        const omitted = await h.request('PUT', '/Users/user-1', { schemas: [USER], userName: 'ada@example.com', displayName: 'Ada King' });
        assert.equal(omitted.status, 200, omitted.text);
        assert.equal(omitted.body.nickName, 'ada', 'the NOT NULL side column is kept');
        const removed = await h.request('PATCH', '/Users/user-1', { schemas: [PATCH], Operations: [{ op: 'remove', path: 'nickName' }] });
        assert.equal(removed.status, 400, 'removing it outright is refused');
        assert.match(removed.body.detail, /nickName/);
      });
    });

    test('DELETE removes the profile and key-value rows before the user, and the account after it', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.equal((await h.request('DELETE', '/Users/user-1')).status, 204);
        assert.equal(await h.db.knex('users').where({ id: 1 }).first(), undefined);
        assert.equal(await h.db.knex('profiles').where({ user_id: 1 }).first(), undefined);
        assert.deepEqual(await h.db.knex('user_meta').where({ user_id: 1 }), []);
        assert.equal(await h.db.knex('accounts').where({ id: 1 }).first(), undefined);
        assert.ok(await h.db.knex('accounts').where({ id: 2 }).first(), "the bot's account stays");
      });
    });
  });
}
