/**
 * What third-party clients found (issue 11 item 6), one test per finding, on every dialect:
 * Entra's `emails[type eq "work"].value eq "x"`, root searches over attributes one type lacks,
 * the enterprise manager in /Schemas, PATCH remove of a whole extension, emails.type advertised
 * and enforced as the mapping keeps it, and the cause named when a PUT leaves out a shared column.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp } from '../fixtures/app-groups.js';
import { createAppUsers, oktaUser, usersYaml } from '../fixtures/app-users.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const q = (filter: string) => encodeURIComponent(filter);

async function teams(knex: Knex): Promise<void> {
  await createTeamsApp(knex);
  await knex('people').insert({ login: 'ada', full_name: 'Ada', work_email: 'ada@work.example', home_email: 'ada@home.example', department: 'R&D' });
  await knex('people').insert({ login: 'bob', full_name: 'Bob', work_email: 'bob@work.example', manager_id: 1, department: 'Ops' });
  await knex('teams').insert({ name: 'Engineering' });
}

/** Emails in a child table, one row per address. */
async function accounts(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => { t.increments('id'); t.string('login', 100).notNullable(); });
  await knex.schema.createTable('account_emails', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable();
    t.string('address', 200).notNullable();
    t.string('kind', 20);
  });
  await knex('accounts').insert({ login: 'ada' });
  await knex('accounts').insert({ login: 'bob' });
  await knex('account_emails').insert([{ account_id: 1, address: 'ada@work.example', kind: 'work' }, { account_id: 1, address: 'bob@work.example', kind: 'home' }, { account_id: 2, address: 'bob@work.example', kind: 'work' }]);
}

const ACCOUNTS_YAML = `resources:
  User:
    table: accounts
    attributes:
      userName: login
      emails: { table: account_emails, key: account_id, fields: { value: address, type: kind } }
`;

async function ids(h: Harness, filter: string): Promise<string[]> {
  const r = await h.request('GET', `/Users?filter=${q(filter)}`);
  assert.equal(r.status, 200, `${filter}: ${r.text}`);
  return (r.body.Resources as { id: string }[]).map((u) => u.id).sort();
}

async function search(h: Harness, filter: string): Promise<{ status: number; ids: string[]; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await h.request('POST', '/.search', { schemas: [SEARCH], filter });
  return { status: r.status, ids: r.status === 200 ? (r.body.Resources as { id: string }[]).map((x) => x.id).sort() : [], body: r.body };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: interop findings`, () => {
    test('Entra\'s emails[type eq "work"].value eq "x" matches by the work email, in columns and in child tables', async () => {
      await withServer(dialect, teams, TEAMS_YAML, async (h) => {
        assert.deepEqual(await ids(h, 'emails[type eq "work"].value eq "ADA@work.example"'), ['user-1']);
        assert.deepEqual(await ids(h, 'emails[type eq "home"].value eq "ada@work.example"'), []);
        assert.deepEqual(await ids(h, 'emails[type eq "home"].value pr'), ['user-1']);
        assert.deepEqual(await ids(h, 'emails[type eq "work"].value ne "ada@work.example"'), ['user-2']);
        assert.deepEqual(await ids(h, 'emails[type eq "home"].value eq null'), ['user-2']);
      });
      await withServer(dialect, accounts, ACCOUNTS_YAML, async (h) => {
        assert.deepEqual(await ids(h, 'emails[type eq "work"].value eq "bob@work.example"'), ['user-2']);
        assert.deepEqual(await ids(h, 'emails.value eq "bob@work.example"'), ['user-1', 'user-2'], 'without the type both hold it');
      });
    });

    test('a root search whose filter names an attribute one type lacks matches nothing there (RFC 7644 §3.4.3)', async () => {
      await withServer(dialect, teams, TEAMS_YAML, async (h) => {
        assert.deepEqual(await search(h, 'userName eq "ada"').then((r) => r.ids), ['user-1']);
        assert.deepEqual(await search(h, 'displayName eq "Engineering" or userName eq "bob"').then((r) => r.ids), ['group-1', 'user-2']);
        assert.deepEqual(await search(h, 'members pr').then((r) => r.ids), []);
        assert.deepEqual(await search(h, 'not (userName eq "ada")').then((r) => r.ids), ['group-1', 'user-2'], 'a group has no userName, so it is not "ada"');
        const nowhere = await search(h, 'nickName eq "x"');
        assert.equal(nowhere.status, 400);
        assert.equal(nowhere.body.scimType, 'invalidFilter');
        assert.match(nowhere.body.detail, /"nickname" is not an attribute that any resource type maps \(User, Group\)/);
      });
    });

    test('/Schemas declares every sub-attribute the enterprise manager carries', async () => {
      await withServer(dialect, teams, TEAMS_YAML, async (h) => {
        const schema = (await h.request('GET', `/Schemas/${ENTERPRISE}`)).body;
        const manager = schema.attributes.find((a: { name: string }) => a.name === 'manager');
        const declared = manager.subAttributes.map((s: { name: string }) => s.name).sort();
        assert.deepEqual(declared, ['$ref', 'displayName', 'value']);
        const bob = (await h.request('GET', '/Users/user-2')).body;
        assert.deepEqual(Object.keys(bob[ENTERPRISE].manager).sort(), declared, 'a User carries what the schema declares');
      });
    });

    test('PATCH remove with the path of a whole extension removes its mapped attributes', async () => {
      await withServer(dialect, teams, TEAMS_YAML, async (h) => {
        const r = await h.request('PATCH', '/Users/user-2', { schemas: [PATCH], Operations: [{ op: 'remove', path: ENTERPRISE }] });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body[ENTERPRISE], undefined);
        assert.ok(!r.body.schemas.includes(ENTERPRISE));
        assert.deepEqual(await h.db.knex('people').where({ id: 2 }).first('department', 'manager_id'), { department: null, manager_id: null });
      });
    });

    test('emails.type advertises only the types the mapping keeps; strict mode refuses others, lenient mode drops them', async () => {
      await withServer(dialect, createAppUsers, usersYaml({ strict: true }), async (h) => {
        const core = (await h.request('GET', `/Schemas/${USER}`)).body;
        const emails = core.attributes.find((a: { name: string }) => a.name === 'emails');
        assert.deepEqual(emails.subAttributes.find((s: { name: string }) => s.name === 'type').canonicalValues, ['work']);
        const ann = { schemas: [USER], userName: 'ann@example.com', emails: [{ value: 'ann@example.com', type: 'work', primary: true }] };
        const two = { ...ann, emails: [...ann.emails, { value: 'ann@home.example', type: 'home' }] };
        const refused = await h.request('POST', '/Users', two);
        assert.equal(refused.status, 400, refused.text);
        assert.equal(refused.body.scimType, 'invalidValue');
        assert.match(refused.body.detail, /"emails": an element of type "home" is not stored by this server \(strict mode\); it keeps emails of type "work"/);
        const created = await h.request('POST', '/Users', ann);
        assert.equal(created.status, 201, created.text);
        const patched = await h.request('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ann@home.example', type: 'home' }] }] });
        assert.equal(patched.status, 400, patched.text);
        assert.match(patched.body.detail, /"emails": an element of type "home"/);
      });
      await withServer(dialect, teams, TEAMS_YAML, async (h) => {
        const core = (await h.request('GET', `/Schemas/${USER}`)).body;
        const emails = core.attributes.find((a: { name: string }) => a.name === 'emails');
        assert.deepEqual(emails.subAttributes.find((s: { name: string }) => s.name === 'type').canonicalValues, ['work', 'home']);
        const created = await h.request('POST', '/Users', { schemas: [USER], userName: 'cy', emails: [{ value: 'cy@work.example', type: 'work' }, { value: 'cy@other.example', type: 'other' }] });
        assert.equal(created.status, 201, 'lenient mode keeps what it can and drops the rest (docs/compatibility.md)');
        assert.deepEqual(created.body.emails, [{ value: 'cy@work.example', type: 'work' }]);
      });
    });

    test('a PUT that leaves out the work email sharing userName\'s column names that cause', async () => {
      await withServer(dialect, createAppUsers, usersYaml(), async (h) => {
        const created = await h.request('POST', '/Users', oktaUser('dee@example.com'));
        assert.equal(created.status, 201, created.text);
        const put = await h.request('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'dee@example.com', name: { givenName: 'Dee' } });
        assert.equal(put.status, 400, put.text);
        assert.match(put.body.detail, /"emails\[type eq "work"\]\.value" is left out .* column email; that column also holds "userName"/);
        assert.doesNotMatch(put.body.detail, /^Attribute "userName" is required/);
      });
    });
  });
}
