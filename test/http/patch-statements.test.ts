/**
 * What a PATCH reads (issue 13: fewer statements per PATCH), on every dialect: Okta's deactivation
 * (`replace` of `active` with no path, RFC 7644 §3.5.2.3) reads no child table before its UPDATE,
 * while an operation on a child table reads it first, so an `add` merges into the stored elements
 * rather than replacing them (§3.5.2.1), also when the attribute is named only inside a no-path
 * value or in mixed case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function seed(knex: Knex): Promise<void> {
  await createTeamsApp(knex);
  const [id] = await seedPeople(knex, 1);
  await knex('person_phones').insert([{ person_id: id, number: '+1 555 0100', kind: 'work' }]);
}

/** The statements the server ran for one request, and its answer. */
async function traced(h: Harness, body: unknown): Promise<{ status: number; phones: string[]; sql: string[] }> {
  const sql: string[] = [];
  const listener = (q: { sql: string }) => { sql.push(q.sql.toLowerCase()); };
  h.server.knex.on('query', listener);
  try {
    const r = await h.request('PATCH', '/Users/user-1', { schemas: [PATCH_OP], Operations: body });
    return { status: r.status, phones: (r.body.phoneNumbers ?? []).map((p: { value: string }) => p.value).sort(), sql };
  } finally {
    h.server.knex.off('query', listener);
  }
}

const beforeUpdate = (sql: readonly string[]) => sql.slice(0, sql.findIndex((s) => s.startsWith('update')));

for (const dialect of DIALECTS) {
  describe(`${dialect}: what a PATCH reads`, () => {
    test('deactivation reads no child table; operations on one read it and merge', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const off = await traced(h, [{ op: 'replace', value: { active: false } }]);
        assert.equal(off.status, 200);
        assert.ok(off.sql.some((s) => s.startsWith('update')), 'the row was updated');
        assert.deepEqual(beforeUpdate(off.sql).filter((s) => s.includes('person_phones')), [], 'no child table read before the UPDATE');
        assert.deepEqual(off.phones, ['+1 555 0100'], 'the response still carries the phones');

        const add = await traced(h, [{ op: 'add', path: 'phoneNumbers', value: [{ value: '+1 555 0101', type: 'home' }] }]);
        assert.deepEqual([add.status, add.phones], [200, ['+1 555 0100', '+1 555 0101']]);
        const noPath = await traced(h, [{ op: 'Add', value: { PhoneNumbers: [{ value: '+1 555 0102', type: 'mobile' }] } }]);
        assert.deepEqual([noPath.status, noPath.phones], [200, ['+1 555 0100', '+1 555 0101', '+1 555 0102']]);
        assert.ok(noPath.sql.some((s) => s.includes('person_phones') && s.startsWith('select')), 'read before merging');
      });
    });
  });
}
