/**
 * Groups over an application's teams / team_members tables, child-table phone numbers, and the
 * enterprise manager reference: Okta's group push and Entra's group sequence on every dialect.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const q = (filter: string) => encodeURIComponent(filter);

async function seed(knex: Knex): Promise<void> {
  await createTeamsApp(knex);
  await seedPeople(knex, 5);
}

async function memberIds(h: Harness, groupId: string): Promise<string[]> {
  const got = await h.request('GET', `/Groups/${groupId}`);
  assert.equal(got.status, 200, got.text);
  return ((got.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: groups`, () => {
    test('Okta group push: create, add members, rename, remove members, replace the set, delete', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const created = await h.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [] });
        assert.equal(created.status, 201, created.text);
        const id = created.body.id as string;
        assert.match(id, /^group-\d+$/);

        const add = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'user-1', display: 'Person 0' }, { value: 'user-2' }] }] });
        assert.equal(add.status, 204, add.text);
        assert.equal(add.text, '');
        assert.deepEqual(await memberIds(h, id), ['user-1', 'user-2']);
        const full = await h.request('GET', `/Groups/${id}`);
        assert.deepEqual(full.body.members[0], { value: 'user-1', $ref: `${h.url}/Users/user-1`, display: 'Person 0', type: 'User' });

        const rename = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id, displayName: 'Platform' } }] });
        assert.equal(rename.status, 204, rename.text);
        assert.equal((await h.request('GET', `/Groups/${id}`)).body.displayName, 'Platform');

        const remove = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members[value eq "user-1"]' }] });
        assert.equal(remove.status, 204, remove.text);
        assert.deepEqual(await memberIds(h, id), ['user-2']);

        const replace = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: 'user-3' }, { value: 'user-4' }] }] });
        assert.equal(replace.status, 204);
        assert.deepEqual(await memberIds(h, id), ['user-3', 'user-4']);

        const withBody = await h.request('PATCH', `/Groups/${id}?attributes=displayName`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'user-5' }] }] });
        assert.equal(withBody.status, 200, 'a PATCH naming attributes gets the resource back');
        assert.deepEqual(Object.keys(withBody.body).sort(), ['displayName', 'id', 'schemas']);

        assert.equal((await h.request('DELETE', `/Groups/${id}`)).status, 204);
        assert.equal((await h.request('GET', `/Groups/${id}`)).status, 404);
        assert.equal(Number((await h.db.knex('team_members').count({ n: '*' }))[0]?.n), 0, 'memberships went with the group');
      });
    });

    test('Entra group sequence: find without members, add and remove in batches, filter by member', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const find = await h.request('GET', `/Groups?excludedAttributes=members&filter=${q('displayName eq "Sales"')}`);
        assert.equal(find.body.totalResults, 0);
        const created = await h.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales', externalId: 'e-1', members: [{ value: 'user-1' }] });
        assert.equal(created.status, 201, created.text);
        const id = created.body.id as string;

        const add = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'user-2' }, { value: 'user-3' }, { value: 'user-1' }] }] });
        assert.equal(add.status, 204, add.text);
        assert.deepEqual(await memberIds(h, id), ['user-1', 'user-2', 'user-3'], 'adding an existing member is not an error');

        const remove = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'user-1' }, { value: 'user-5' }] }] });
        assert.equal(remove.status, 204, remove.text);
        assert.deepEqual(await memberIds(h, id), ['user-2', 'user-3'], 'Remove with a value removes only those members');

        const unknown = await h.request('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'user-4' }, { value: 'user-999' }] }] });
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.scimType, 'invalidValue');
        assert.match(unknown.body.detail, /user-999/);
        assert.deepEqual(await memberIds(h, id), ['user-2', 'user-3'], 'nothing was written');

        const byMember = await h.request('GET', `/Groups?excludedAttributes=members&filter=${q('members.value eq "user-2"')}`);
        assert.deepEqual(byMember.body.Resources.map((g: { id: string }) => g.id), [id]);
        assert.equal(byMember.body.Resources[0].members, undefined);
        const byName = await h.request('GET', `/Groups?filter=${q('displayName eq "sales"')}`);
        assert.equal(byName.body.totalResults, 1);

        const user = await h.request('GET', '/Users/user-2');
        assert.deepEqual(user.body.groups.map((g: { value: string; display: string }) => [g.value, g.display]), [[id, 'Sales']]);
        const readOnly = await h.request('PATCH', '/Users/user-2', { schemas: [PATCH], Operations: [{ op: 'add', path: 'groups', value: [{ value: id }] }] });
        assert.equal(readOnly.status, 400);
        assert.equal(readOnly.body.scimType, 'mutability');
      });
    });

    test('phone numbers in a child table, two email columns, and the manager reference', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const created = await h.request('POST', '/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
          userName: 'new@example.com',
          emails: [{ value: 'new@work.example', type: 'work', primary: true }, { value: 'new@home.example', type: 'home' }],
          phoneNumbers: [{ value: '+1 555 0100', type: 'work', primary: true }, { value: '+1 555 0199', type: 'mobile' }],
          [ENTERPRISE]: { department: 'R&D', manager: { value: 'user-1' } },
        });
        assert.equal(created.status, 201, created.text);
        const id = created.body.id as string;
        assert.deepEqual(created.body.emails, [{ type: 'work', value: 'new@work.example' }, { type: 'home', value: 'new@home.example' }]);
        assert.deepEqual(created.body.phoneNumbers.map((p: { value: string }) => p.value).sort(), ['+1 555 0100', '+1 555 0199']);
        assert.deepEqual(created.body[ENTERPRISE], { department: 'R&D', manager: { value: 'user-1', $ref: `${h.url}/Users/user-1`, displayName: 'Person 0' } },
          'the manager\'s $ref and displayName come from the User it names (RFC 7643 §4.3)');
        const row = await h.db.knex('people').where({ login: 'new@example.com' }).first();
        assert.equal(Number(row.manager_id), 1);

        const patched = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [
          { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0111' },
          { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: 'user-2' } },
        ] });
        assert.equal(patched.status, 200, patched.text);
        assert.deepEqual(patched.body.phoneNumbers.find((p: { type: string }) => p.type === 'work').value, '+1 555 0111');
        assert.equal(patched.body[ENTERPRISE].manager.value, 'user-2');

        const primary = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"].primary', value: true }] });
        assert.deepEqual(primary.body.phoneNumbers.filter((p: { primary?: boolean }) => p.primary).map((p: { type: string }) => p.type), ['mobile'],
          'making one phone primary clears the others');
        const byPhone = await h.request('GET', `/Users?filter=${q('phoneNumbers[type eq "work" and value co "0111"]')}`);
        assert.deepEqual(byPhone.body.Resources.map((u: { id: string }) => u.id), [id]);
        const byHome = await h.request('GET', `/Users?filter=${q('emails[type eq "home" and value eq "NEW@home.example"]')}`);
        assert.equal(byHome.body.totalResults, 1, byHome.text);
        const byManager = await h.request('GET', `/Users?filter=${q(`${ENTERPRISE}:manager.value eq "user-2"`)}`);
        assert.deepEqual(byManager.body.Resources.map((u: { id: string }) => u.id), [id]);
        const badManager = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'group-1' }] });
        assert.equal(badManager.status, 400);
        assert.equal(badManager.body.scimType, 'invalidValue');
        const cleared = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }] });
        assert.equal(cleared.body[ENTERPRISE].manager, undefined, 'Entra clears the manager with an empty string');
      });
    });

    test('a page of users with emails, phones and groups takes a constant number of queries', async (t) => {
      await withServer(dialect, async (knex) => {
        await createTeamsApp(knex);
        const people = await seedPeople(knex, 120);
        await knex('teams').insert([{ name: 'A' }, { name: 'B' }]);
        const teams: { id: number }[] = await knex('teams').select('id');
        for (let i = 0; i < people.length; i += 100) {
          await knex('team_members').insert(people.slice(i, i + 100).map((p) => ({ team_id: teams[0]?.id, person_id: p })));
          await knex('person_phones').insert(people.slice(i, i + 100).map((p) => ({ person_id: p, number: `+1 555 ${p}`, kind: 'work' })));
        }
      }, TEAMS_YAML, async (h) => {
        const counts: number[] = [];
        for (const count of [10, 100]) {
          let queries = 0;
          const listener = () => { queries += 1; };
          h.server.knex.on('query', listener);
          const page = await h.request('GET', `/Users?count=${count}`);
          h.server.knex.off('query', listener);
          assert.equal(page.body.Resources.length, count);
          assert.ok(page.body.Resources.every((u: { groups?: unknown[]; phoneNumbers?: unknown[] }) => u.groups?.length === 1 && u.phoneNumbers?.length === 1));
          counts.push(queries);
        }
        t.diagnostic(`queries per GET /Users page: ${counts[0]} for 10 users, ${counts[1]} for 100 users`);
        // The second page reuses the total the first one counted (same filter, nothing written since).
        assert.equal(counts[0], (counts[1] ?? 0) + 1, `queries for 10 and 100 users: ${counts.join(' vs ')}`);
        assert.ok((counts[0] ?? 99) <= 4, `at most count + page + one per relation: ${counts[0]}`);
      });
    });
  });
}
