/**
 * `defaults:` end to end on every dialect: POST fills the NOT NULL columns SCIM has no attribute for
 * (a constant, `$now`, `$uuid`); PUT and PATCH never touch them, so what the application later writes
 * there survives; they are never read back. Without `defaults:` the same POST is a 400 naming the column.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const truthy = (v: unknown): boolean => [true, 1, '1'].includes(v as never);

/** A Django-like table: four NOT NULL columns without a database default that no attribute maps. */
async function createAccounts(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('username', 150).notNullable().unique();
    t.string('first_name', 150);
    t.boolean('is_active').notNullable().defaultTo(true);
    t.string('password', 128).notNullable();
    t.boolean('is_staff').notNullable();
    t.integer('login_count').notNullable();
    t.string('slug', 64).notNullable().unique();
    t.datetime('date_joined').notNullable();
  });
}

const DEFAULTS = '    defaults: { password: "!", is_staff: false, login_count: 0, slug: $uuid, date_joined: $now }\n';

function resources(withDefaults: boolean): string {
  return `resources:
  User:
    table: accounts
${withDefaults ? DEFAULTS : ''}    attributes:
      userName: username
      name.givenName: first_name
      active: is_active
`;
}

async function create({ request }: Harness, userName: string): Promise<{ id: string; key: number; body: Record<string, unknown> }> {
  const created = await request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'Ada' }, active: true });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  return { id, key: Number(id.slice('user-'.length)), body: created.body };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: defaults: written on create only`, () => {
    test('POST fills every default; $uuid differs per row; $now is the write time; none is read back', () =>
      withServer(dialect, createAccounts, resources(true), async (h) => {
        const started = Date.now();
        const a = await create(h, 'ada');
        const b = await create(h, 'grace');
        const rows = await h.db.knex('accounts').whereIn('id', [a.key, b.key]).orderBy('id');
        for (const row of rows) {
          assert.equal(row.password, '!');
          assert.equal(truthy(row.is_staff), false);
          assert.equal(Number(row.login_count), 0);
          assert.match(String(row.slug), UUID_TEXT);
          const joined = new Date(dialect === 'sqlite' ? String(row.date_joined) : row.date_joined).getTime();
          assert.ok(Math.abs(joined - started) < 60_000, `date_joined ${String(row.date_joined)} is the write's time`);
        }
        assert.notEqual(rows[0].slug, rows[1].slug);
        const text = JSON.stringify(a.body);
        for (const hidden of ['"!"', 'password', 'slug', 'login_count', String(rows[0].slug)]) assert.ok(!text.includes(hidden), `${hidden} is never read`);
      }));

    test('PUT and PATCH leave the defaulted columns as the application set them', () =>
      withServer(dialect, createAccounts, resources(true), async (h) => {
        const { id, key } = await create(h, 'ada');
        const app = { password: 'pbkdf2_sha256$x', is_staff: true, login_count: 7, slug: 'ada-l' };
        await h.db.knex('accounts').where({ id: key }).update(app);
        const before = await h.db.knex('accounts').where({ id: key }).first();
        const put = await h.request('PUT', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: 'ada', name: { givenName: 'Augusta' }, active: true });
        assert.equal(put.status, 200, put.text);
        const patch = await h.request('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }, { op: 'replace', path: 'name.givenName', value: 'Ada' }] });
        assert.equal(patch.status, 200, patch.text);
        const after = await h.db.knex('accounts').where({ id: key }).first();
        assert.equal(truthy(after.is_active), false, 'the PATCH was written');
        assert.deepEqual(
          { password: after.password, is_staff: truthy(after.is_staff), login_count: Number(after.login_count), slug: after.slug, date_joined: String(after.date_joined) },
          { ...app, date_joined: String(before.date_joined) },
        );
      }));

    test('without defaults: the same POST is 400 invalidValue naming a NOT NULL column', () =>
      withServer(dialect, createAccounts, resources(false), async ({ request }) => {
        const created = await request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada' });
        assert.equal(created.status, 400, created.text);
        assert.equal(created.body.scimType, 'invalidValue');
        assert.match(created.body.detail, /NOT NULL column/);
      }));
  });
}
