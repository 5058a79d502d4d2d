/**
 * Groups larger than one streamed page of members (http/streamed-members.ts: MEMBER_PAGE), on every
 * dialect: GET by id and list responses carry every live member exactly once, in key order, as
 * valid JSON; projections (`attributes=members.value`, `excludedAttributes=members`,
 * `attributes=displayName`) apply to every page; an empty group has no `members`; deleted users
 * are not members; the ETag is sent and If-None-Match still answers 304.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { createTeamsApp, seedPeople, TEAMS_YAML } from '../fixtures/app-groups.js';
import { MEMBER_PAGE } from '../../src/http/streamed-members.js';

const SIZE = MEMBER_PAGE * 2 + 345;
type Member = { value: string; $ref?: string; display?: string; type?: string };

for (const dialect of DIALECTS) {
  describe(`${dialect}: groups larger than a page of members`, () => {
    test('every member once, in order, through GET, list and projections', { timeout: 120_000 }, async () => {
      let people: number[] = [];
      await withServer(dialect, async (knex) => {
        await createTeamsApp(knex);
        people = await seedPeople(knex, SIZE);
        await knex('teams').insert([{ name: 'Everyone' }, { name: 'Nobody' }, { name: 'Few' }]);
        for (let i = 0; i < people.length; i += 500) await knex('team_members').insert(people.slice(i, i + 500).map((p) => ({ team_id: 1, person_id: p })));
        await knex('team_members').insert(people.slice(0, 3).map((p) => ({ team_id: 3, person_id: p })));
      }, TEAMS_YAML, async (h) => {
        // One member leaves the application behind SCIM's back: its membership row stays, it is no member.
        await h.db.knex('people').where('id', people[MEMBER_PAGE]).delete().catch(async () => {
          await h.db.knex('team_members').where('person_id', people[MEMBER_PAGE]).delete();
          await h.db.knex('people').where('id', people[MEMBER_PAGE]).delete();
        });
        const expected = people.filter((_, i) => i !== MEMBER_PAGE).map((p) => `user-${p}`);

        const group = await h.request('GET', '/Groups/group-1');
        assert.equal(group.status, 200, group.text.slice(0, 300));
        const members = group.body.members as Member[];
        assert.deepEqual(members.map((m) => m.value), expected);
        assert.deepEqual(members[0], { value: `user-${people[0]}`, $ref: `${h.url}/Users/user-${people[0]}`, display: 'Person 0', type: 'User' });
        assert.equal(group.body.displayName, 'Everyone');
        assert.equal(group.body.meta.resourceType, 'Group');
        const etag = group.headers.get('etag');
        assert.ok(etag, 'the ETag is sent');
        assert.equal((await h.request('GET', '/Groups/group-1', undefined, { 'if-none-match': etag })).status, 304);

        const values = await h.request('GET', '/Groups/group-1?attributes=members.value');
        assert.deepEqual(values.body.members.map((m: Member) => Object.keys(m)), expected.map(() => ['value']));
        assert.deepEqual(Object.keys(values.body).sort(), ['id', 'members', 'schemas']);
        const without = await h.request('GET', '/Groups/group-1?excludedAttributes=members');
        assert.equal(without.body.members, undefined);
        assert.equal((await h.request('GET', '/Groups/group-1?attributes=displayName')).body.members, undefined);
        const empty = await h.request('GET', '/Groups/group-2');
        assert.deepEqual([empty.status, empty.body.members, empty.body.displayName], [200, undefined, 'Nobody']);

        const list = await h.request('GET', '/Groups?sortBy=displayName');
        assert.equal(list.status, 200);
        assert.deepEqual(list.body.Resources.map((g: { displayName: string; members?: Member[] }) => [g.displayName, g.members?.length]), [['Everyone', SIZE - 1], ['Few', 3], ['Nobody', undefined]]);
        assert.deepEqual(list.body.Resources[0].members.map((m: Member) => m.value), expected);
        const filtered = await h.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "everyone"')}&attributes=members`);
        assert.deepEqual([filtered.body.totalResults, filtered.body.Resources[0].members.length], [1, SIZE - 1]);
        const cursor = await h.request('GET', '/Groups?cursor=&count=1');
        assert.equal(cursor.body.Resources[0].members.length, SIZE - 1);
        assert.equal(typeof cursor.body.nextCursor, 'string');
      });
    });
  });
}
