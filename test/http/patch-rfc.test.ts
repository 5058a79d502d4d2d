/**
 * PATCH per RFC 7644 §3.5.2 through a real server on every dialect: each case starts from the
 * same user, sends one PATCH body and checks the status, the scimType and (partially) the result.
 * The stored row is re-read with GET so a case cannot pass on the response alone.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createAppUsersExtended, extendedUsersYaml, oktaUser } from '../fixtures/app-users.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Case {
  readonly name: string;
  readonly ops: unknown[] | ((id: string) => unknown[]);
  readonly status: number;
  readonly scimType?: string;
  /** Checked against the GET after the PATCH (on success) or unchanged (on failure). */
  readonly expect?: (user: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const CASES: readonly Case[] = [
  { name: 'replace with a path', ops: [{ op: 'replace', path: 'title', value: 'CTO' }], status: 200, expect: (u) => assert.equal(u.title, 'CTO') },
  { name: 'op names are case-insensitive (op-case)', ops: [{ op: 'Replace', path: 'title', value: 'CFO' }, { op: 'ADD', path: 'nickName', value: 'J' }], status: 200,
    expect: (u) => { assert.equal(u.title, 'CFO'); assert.equal(u.nickName, 'J'); } },
  { name: 'add on a set singular attribute replaces it (§3.5.2.1)', ops: [{ op: 'add', path: 'displayName', value: 'New' }], status: 200, expect: (u) => assert.equal(u.displayName, 'New') },
  { name: 'remove a singular attribute', ops: [{ op: 'remove', path: 'displayName' }], status: 200, expect: (u) => assert.equal(u.displayName, undefined) },
  { name: 'remove a sub-attribute; the others stay', ops: [{ op: 'remove', path: 'name.givenName' }], status: 200,
    expect: (u) => assert.deepEqual(u.name, { familyName: 'User' }) },
  { name: 'replace a complex attribute merges sub-attributes (§3.5.2.3)', ops: [{ op: 'replace', path: 'name', value: { givenName: 'Jo' } }], status: 200,
    expect: (u) => assert.deepEqual(u.name, { givenName: 'Jo', familyName: 'User' }) },
  { name: 'no path: attributes as keys', ops: [{ op: 'replace', value: { title: 'VP', name: { familyName: 'Roe' } } }], status: 200,
    expect: (u) => { assert.equal(u.title, 'VP'); assert.deepEqual(u.name, { givenName: 'Test', familyName: 'Roe' }); } },
  { name: 'no path: dotted keys and URN keys (dotted-keys)', ops: [{ op: 'add', value: { 'name.givenName': 'Ann', [`${ENT}:department`]: 'Ops', [`${ENT}:employeeNumber`]: '42' } }], status: 200,
    expect: (u) => { assert.equal(u.name.givenName, 'Ann'); assert.equal(u[ENT].department, 'Ops'); assert.equal(u[ENT].employeeNumber, '42'); } },
  { name: 'no path: the extension as a key', ops: [{ op: 'replace', value: { [ENT]: { department: 'R&D' } } }], status: 200, expect: (u) => assert.equal(u[ENT].department, 'R&D') },
  { name: 'path naming the extension schema', ops: [{ op: 'replace', path: ENT, value: { department: 'HR' } }], status: 200, expect: (u) => assert.equal(u[ENT].department, 'HR') },
  { name: 'value filter path', ops: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }], status: 200,
    expect: (u) => { assert.equal(u.userName, 'new@example.com'); assert.deepEqual(u.emails, [{ type: 'work', value: 'new@example.com' }]); } },
  { name: 'remove with a filter that matches nothing is a no-op', ops: [{ op: 'remove', path: 'emails[type eq "home"]' }], status: 200, expect: (u) => assert.equal(u.emails.length, 1) },
  { name: 'manager set by a bare id (scalar-for-complex)', ops: (id) => [{ op: 'add', path: `${ENT}:manager`, value: id }], status: 200,
    expect: (u) => assert.deepEqual(u[ENT].manager.value, u.id) },
  { name: 'booleans as strings (entra-boolean-strings)', ops: [{ op: 'Replace', path: 'active', value: 'False' }], status: 200, expect: (u) => assert.equal(u.active, false) },
  { name: 'single-element array around a scalar (single-element-arrays)', ops: [{ op: 'replace', path: 'nickName', value: ['Babs'] }], status: 200, expect: (u) => assert.equal(u.nickName, 'Babs') },
  { name: 'empty Operations is a no-op (empty-operations)', ops: [], status: 200, expect: (u) => assert.equal(u.title, 'Engineer') },
  { name: 'restating the id is fine (Okta renames with {id, displayName})', ops: (id) => [{ op: 'replace', value: { id, title: 'X' } }], status: 200, expect: (u) => assert.equal(u.title, 'X') },
  // Errors: the exact scimType, and nothing changes (the whole PATCH is atomic).
  { name: 'unknown op', ops: [{ op: 'move', path: 'title', value: 'x' }], status: 400, scimType: 'invalidSyntax' },
  { name: 'remove without a path is noTarget (§3.5.2.2)', ops: [{ op: 'remove' }], status: 400, scimType: 'noTarget' },
  { name: 'malformed path', ops: [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }], status: 400, scimType: 'invalidPath' },
  { name: 'path to an attribute no schema has', ops: [{ op: 'replace', path: 'shoeSize', value: 'x' }], status: 400, scimType: 'invalidPath' },
  { name: 'path to a sub-attribute that does not exist', ops: [{ op: 'replace', path: 'name.nickname', value: 'x' }], status: 400, scimType: 'invalidPath' },
  { name: 'a filter on a single-valued attribute', ops: [{ op: 'replace', path: 'title[value eq "x"]', value: 'x' }], status: 400, scimType: 'invalidPath' },
  { name: 'type mismatch: a number for a string', ops: [{ op: 'replace', path: 'title', value: 5 }], status: 400, scimType: 'invalidValue' },
  { name: 'type mismatch: not a boolean', ops: [{ op: 'replace', path: 'active', value: 'maybe' }], status: 400, scimType: 'invalidValue' },
  { name: 'type mismatch: a list for a complex attribute', ops: [{ op: 'replace', path: 'name', value: ['a', 'b'] }], status: 400, scimType: 'invalidValue' },
  { name: 'no path and a non-object value', ops: [{ op: 'add', value: 'x' }], status: 400, scimType: 'invalidValue' },
  { name: 'readOnly id', ops: [{ op: 'replace', path: 'id', value: 'user-999' }], status: 400, scimType: 'mutability' },
  { name: 'readOnly meta.created', ops: [{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }], status: 400, scimType: 'mutability' },
  { name: 'readOnly groups', ops: [{ op: 'add', path: 'groups', value: [{ value: 'g1' }] }], status: 400, scimType: 'mutability' },
  { name: 'immutable userType cannot change once set', ops: [{ op: 'replace', path: 'userType', value: 'Contractor' }], status: 400, scimType: 'mutability' },
  { name: 'immutable userType cannot be removed', ops: [{ op: 'remove', path: 'userType' }], status: 400, scimType: 'mutability' },
  { name: 'required userName cannot be removed', ops: [{ op: 'remove', path: 'userName' }], status: 400, scimType: 'invalidValue' },
  { name: 'a NOT NULL column cannot be cleared', ops: [{ op: 'remove', path: 'active' }], status: 400, scimType: 'invalidValue' },
  { name: 'a later failing op rolls back the earlier ones', ops: [{ op: 'replace', path: 'title', value: 'Changed' }, { op: 'replace', path: 'id', value: 'x' }], status: 400, scimType: 'mutability' },
];

async function freshUser(h: Harness): Promise<string> {
  const created = await h.request('POST', '/Users', oktaUser(`u${Math.random().toString(36).slice(2)}@example.com`, { title: 'Engineer', userType: 'Employee' }));
  assert.equal(created.status, 201, created.text);
  return created.body.id as string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: PATCH per RFC 7644 §3.5.2`, () => {
    test(`${CASES.length} cases`, async () => {
      await withServer(dialect, createAppUsersExtended, extendedUsersYaml(), async (h) => {
        for (const c of CASES) {
          const id = await freshUser(h);
          const before = await h.request('GET', `/Users/${id}`);
          const res = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: typeof c.ops === 'function' ? c.ops(id) : c.ops });
          assert.equal(res.status, c.status, `${c.name}: ${res.text}`);
          if (c.scimType !== undefined) assert.equal(res.body.scimType, c.scimType, `${c.name}: ${res.text}`);
          const after = await h.request('GET', `/Users/${id}`);
          if (c.status >= 400) assert.deepEqual(after.body, before.body, `${c.name}: a failed PATCH changes nothing`);
          else {
            assert.deepEqual(res.body, after.body, `${c.name}: the response is what is stored`);
            c.expect?.(after.body);
          }
        }
      });
    });

    test('writeOnly password: stored, never returned, kept by a PUT without it', async () => {
      await withServer(dialect, createAppUsersExtended, extendedUsersYaml(), async (h) => {
        const id = await freshUser(h);
        const res = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'password', value: 's3cret!' }] });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.password, undefined);
        const key = Number(id.slice('user-'.length));
        assert.equal((await h.db.knex('app_users').where({ id: key }).first()).password_digest, 's3cret!');
        const put = await h.request('PUT', `/Users/${id}`, { ...oktaUser(res.body.userName), password: undefined, userType: 'Employee' });
        assert.equal(put.status, 200, put.text);
        assert.equal((await h.db.knex('app_users').where({ id: key }).first()).password_digest, 's3cret!');
        const filtered = await h.request('GET', `/Users?filter=${encodeURIComponent('userName pr')}`);
        assert.ok(filtered.body.Resources.every((r: Record<string, unknown>) => r['password'] === undefined));
      });
    });

    test('manager cleared with "" (empty-clears) and by remove through the URN path', async () => {
      await withServer(dialect, createAppUsersExtended, extendedUsersYaml(), async (h) => {
        const id = await freshUser(h);
        const path = `${ENT}:manager`;
        await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path, value: id }] });
        const cleared = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path, value: '' }] });
        assert.equal(cleared.status, 200, cleared.text);
        assert.equal(cleared.body[ENT]?.manager, undefined);
        await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path, value: { value: id } }] });
        assert.equal((await h.request('GET', `/Users/${id}`)).body[ENT].manager.value, id);
        const removed = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] });
        assert.equal(removed.body[ENT]?.manager, undefined);
      });
    });
  });
}
