/**
 * Values judged against the column before any SQL runs (issue 11 item 1), alike on every dialect:
 * too long for a varchar (own table, side table, key-value row, child table), NUL, unpaired
 * surrogates, integers beyond the column's range, values an enum or CHECK refuses — 400
 * invalidValue naming the attribute and the limit, nothing written, SQLite included. Filters with
 * values no row can hold match what RFC 7644 §3.4.2.2 says they match (nothing, for `eq`), never
 * a 500. Ids no key can hold are 404 in paths, and references to them the same 400 as references
 * to unknown or out-of-scope resources.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness, type TestResponse } from '../helpers/server.js';
import { LIMITS_YAML as YAML, createLimitsApp as schema } from '../fixtures/app-limits.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const HUGE = 'user-99999999999'; // beyond PostgreSQL's and MariaDB's 32-bit serial keys
const q = (filter: string) => encodeURIComponent(filter);

function user(extra: Record<string, unknown>): Record<string, unknown> {
  return { schemas: [USER], userName: 'new@example.com', ...extra };
}

function assert400(r: TestResponse, detail: RegExp): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.scimType, 'invalidValue', r.text);
  assert.match(r.body.detail, detail);
}

async function snapshot(h: Harness): Promise<string> {
  const tables = ['people', 'profiles', 'person_meta', 'person_phones', 'team_members'];
  return JSON.stringify(await Promise.all(tables.map((t) => h.db.knex(t).select('*').orderBy(1))));
}

async function ids(h: Harness, path: string, filter: string): Promise<string[]> {
  const r = await h.request('GET', `${path}?filter=${q(filter)}`);
  assert.equal(r.status, 200, `${filter}: ${r.text}`);
  return (r.body.Resources as { id: string }[]).map((u) => u.id);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: values judged against their columns`, () => {
    test('a value the column cannot hold is a 400 naming the attribute and the limit, and writes nothing', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const before = await snapshot(h);
        const ada = 'user-1';
        const patch = (ops: unknown[]) => h.request('PATCH', `/Users/${ada}`, { schemas: [PATCH], Operations: ops });
        assert400(await h.request('POST', '/Users', user({ title: 'x'.repeat(21) })), /"title" is at most 20 characters long \(column title\); got 21/);
        assert400(await h.request('POST', '/Users', user({ userName: `${'a'.repeat(990)}@example.com` })), /"userName" is at most 100 characters/);
        assert400(await h.request('POST', '/Users', user({ displayName: 'A\u0000da' })), /"displayName" cannot contain the NUL character/);
        assert400(await h.request('POST', '/Users', user({ displayName: 'A\ud800da' })), /"displayName" is not valid Unicode/);
        assert400(await h.request('POST', '/Users', user({ nickName: 'n'.repeat(11) })), /"nickName" is at most 10 characters/);
        assert400(await h.request('POST', '/Users', user({ name: { givenName: 'g'.repeat(16) } })), /"name.givenName" is at most 15 characters/);
        assert400(await h.request('POST', '/Users', user({ phoneNumbers: [{ value: '+1'.repeat(7), type: 'work' }] })), /"phoneNumbers.value" is at most 12 characters/);
        assert400(await h.request('POST', '/Users', user({ userType: 'boss' })), /"userType" must be one of "staff", "contractor"/);
        // SQLite's INTEGER is 64 bits wide whatever the declaration says, so only the others refuse this one.
        if (dialect !== 'sqlite') assert400(await h.request('POST', '/Users', user({ [ENTERPRISE]: { employeeNumber: '99999999999' } })), /"urn:.*:employeeNumber" is out of range: column badge holds -2147483648 to 2147483647/);
        // Characters, not UTF-16 units or bytes: 20 emoji fit a varchar(20).
        assert.equal((await patch([{ op: 'replace', path: 'title', value: '😀'.repeat(20) }])).status, 200);
        assert400(await patch([{ op: 'replace', path: 'title', value: '😀'.repeat(21) }]), /"title" is at most 20 characters long \(column title\); got 21/);
        await patch([{ op: 'replace', path: 'title', value: 'Countess' }]);
        assert.equal(await snapshot(h), before.replace(/"Countess"/, '"Countess"'));
      });
    });

    test('references to ids no row can have, to unknown ids and to out-of-scope ids get one and the same 400', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        const before = await snapshot(h);
        const manager = (id: string) => h.request('POST', '/Users', user({ [ENTERPRISE]: { manager: { value: id } } }));
        const answers = await Promise.all([HUGE, 'user-424242', 'user-2'].map(async (id) => (await manager(id)).body.detail.replace(id, '<id>')));
        assert.equal(new Set(answers).size, 1, answers.join('\n'));
        assert400(await manager('user-2'), /manager.value": there is no User with id "user-2"/);
        const members = async (id: string) => (await h.request('PATCH', '/Groups/group-1', { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] }));
        const memberAnswers = await Promise.all([HUGE, 'user-424242', 'user-2'].map(async (id) => { const r = await members(id); assert.equal(r.status, 400, r.text); return r.body.detail.replace(id, '<id>'); }));
        assert.equal(new Set(memberAnswers).size, 1, memberAnswers.join('\n'));
        const remove = await h.request('PATCH', '/Groups/group-1', { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${HUGE}"]` }] });
        assert.equal(remove.status, 204, remove.text);
        assert.equal(await snapshot(h), before);
        // A manager inside the scope is fine.
        assert.equal((await manager('user-1')).status, 201);
      });
    });

    test('an id no key can hold is the same 404 as an unknown or out-of-scope one, on every method', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        for (const id of [HUGE, 'user-424242', 'user-2', 'user-1%00', 'user-x']) {
          for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
            const body = method === 'PUT' ? user({}) : method === 'PATCH' ? { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } : undefined;
            const r = await h.request(method, `/Users/${id}`, body);
            assert.equal(r.status, 404, `${method} ${id}: ${r.text}`);
            assert.match(r.body.detail, /^User ".*" not found$/);
          }
        }
      });
    });

    test('filters with values no row can hold match what RFC 7644 §3.4.2.2 says, never a 500', async () => {
      await withServer(dialect, schema, YAML, async (h) => {
        assert.deepEqual(await ids(h, '/Users', `title eq "${'x'.repeat(21)}"`), []);
        assert.deepEqual(await ids(h, '/Users', `not (title eq "${'x'.repeat(21)}")`), ['user-1']);
        assert.deepEqual(await ids(h, '/Users', `title co "${'x'.repeat(21)}"`), []);
        assert.deepEqual(await ids(h, '/Users', 'title eq "Count\\u0000ess"'), []);
        assert.deepEqual(await ids(h, '/Users', 'displayName sw "\\u0000"'), []);
        assert.deepEqual(await ids(h, '/Users', 'title gt "Count\\u0000ess"'), ['user-1'], '"Countess" > "Count\\0ess" as no stored text holds NUL');
        assert.deepEqual(await ids(h, '/Users', 'title lt "Countess\\u0000"'), ['user-1']);
        assert.deepEqual(await ids(h, '/Users', 'title lt "Count\\u0000"'), []);
        assert.deepEqual(await ids(h, '/Users', `id eq "${HUGE}"`), []);
        assert.deepEqual(await ids(h, '/Users', `id ne "${HUGE}"`), ['user-1']);
        assert.deepEqual(await ids(h, '/Users', `${ENTERPRISE}:manager.value eq "${HUGE}"`), []);
        assert.deepEqual(await ids(h, '/Users', `${ENTERPRISE}:employeeNumber eq "99999999999999"`), []);
        assert.deepEqual(await ids(h, '/Users', `groups.value eq "group-99999999999"`), []);
        assert.deepEqual(await ids(h, '/Users', `phoneNumbers.value eq "${'5'.repeat(13)}"`), []);
        assert.deepEqual(await ids(h, '/Users', 'phoneNumbers[value eq "\\u0000"]'), []);
        assert.deepEqual(await ids(h, '/Groups', `members.value eq "${HUGE}"`), []);
        assert.deepEqual(await ids(h, '/Groups', 'displayName eq "\\u0000"'), []);
      });
    });
  });
}
