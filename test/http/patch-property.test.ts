/**
 * Property test (issue 5 §6): fast-check generates a user and a list of PATCH operations; the
 * independent reference applier (test/unit/plan/patch-reference.ts) says what the user must
 * become; the PATCH goes through a real server on each dialect, and both the response and a
 * fresh GET must equal it. PATCH_RUNS sets the number of cases (default 500 per dialect).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { ENT, referenceApply, type Op, type User } from '../unit/plan/patch-reference.js';

const RUNS = Number(process.env['PATCH_RUNS'] ?? 500);

async function createTable(knex: Knex): Promise<void> {
  await knex.schema.createTable('prop_users', (t) => {
    t.increments('id');
    t.string('email', 200).notNullable().unique();
    for (const c of ['display_name', 'title', 'nick', 'given', 'family', 'department']) t.string(c, 100);
    t.boolean('enabled').notNullable().defaultTo(true);
  });
}

const YAML = `resources:
  User:
    table: prop_users
    delete: hard
    attributes:
      userName: email
      displayName: display_name
      title: title
      nickName: nick
      name.givenName: given
      name.familyName: family
      active: enabled
      ${ENT}:department: department
`;

const text = fc.constantFrom('a', 'B', 'Zoë', 'x y', 'O\'Brien', '—');
const SIMPLE = ['displayName', 'title', 'nickName', 'name.givenName', 'name.familyName', `${ENT}:department`];
const nameValue = fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }).filter((v) => Object.keys(v).length > 0);

const pathOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('add' as const, 'replace' as const), path: fc.constantFrom(...SIMPLE), value: text }),
  fc.record({ op: fc.constantFrom('add' as const, 'replace' as const), path: fc.constant('active'), value: fc.boolean() }),
  fc.record({ op: fc.constantFrom('add' as const, 'replace' as const), path: fc.constant('name'), value: nameValue }),
  fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom(...SIMPLE, 'name', 'name', 'displayName', 'userName', 'active') }),
);

const noPathOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('add' as const, 'replace' as const),
  value: fc.record({ displayName: text, title: text, nickName: text, active: fc.boolean(), name: nameValue, [`${ENT}:department`]: text }, { requiredKeys: [] })
    .filter((v) => Object.keys(v).length > 0),
});

const initial = fc.record({ displayName: text, title: text, nickName: text, name: nameValue, active: fc.boolean(), [ENT]: fc.record({ department: text }) }, { requiredKeys: ['active'] });

/** The resource as compared: without id, meta and schemas. */
function attributesOf(resource: User): User {
  const { id: _i, meta: _m, schemas: _s, ...rest } = resource;
  return rest;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: PATCH property`, () => {
    test(`${RUNS} generated operation lists equal the reference applier`, { timeout: 180_000 }, async () => {
      await withServer(dialect, createTable, YAML, async (h) => {
        let n = 0;
        const started = Date.now();
        await fc.assert(fc.asyncProperty(initial, fc.array(fc.oneof(pathOp, pathOp, noPathOp), { minLength: 1, maxLength: 6 }), async (start, ops) => {
          const userName = `p${n++}@example.com`;
          const created = await h.request('POST', '/Users', { ...start, userName });
          assert.equal(created.status, 201, created.text);
          const before = attributesOf(created.body);
          const expected = referenceApply(before, ops);
          const res = await h.request('PATCH', `/Users/${created.body.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops });
          const stored = attributesOf((await h.request('GET', `/Users/${created.body.id}`)).body);
          if (expected.ok) {
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(attributesOf(res.body), expected.user);
            assert.deepEqual(stored, expected.user);
          } else {
            assert.equal(res.status, 400, res.text);
            assert.equal(res.body.scimType, expected.scimType);
            assert.deepEqual(stored, before);
          }
          await h.request('DELETE', `/Users/${created.body.id}`);
        }), { numRuns: RUNS });
        process.stdout.write(`# property ${dialect}: ${n} cases in ${Date.now() - started} ms\n`);
      });
    });
  });
}
