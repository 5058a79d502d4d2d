/**
 * `active` over what applications really store, on every dialect: an integer status enum with
 * several inactive values (1 active, 2 registered, 3 locked), an inverted integer flag (Joomla's
 * `block`), a suspension timestamp that is inactive while in the future, and a flag plus a
 * suspension plus a "prohibit login" flag at once. For each: what seeded rows read, what the
 * filters select, which columns deprovisioning and reactivation write (Okta's PATCH
 * {active:false|true}, RFC 7644 §3.5.2).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const FUTURE = new Date('2999-01-01T00:00:00Z');
const PAST = new Date('2001-01-01T00:00:00Z');

/** Six people; each storage below reads its own columns of them. */
async function schema(knex: Knex): Promise<void> {
  await knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.string('login', 50).notNullable();
    t.integer('status').notNullable().defaultTo(1);
    t.integer('block').notNullable().defaultTo(0);
    t.dateTime('suspended_till');
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('prohibit_login').notNullable().defaultTo(false);
  });
  await knex('members').insert([
    { login: 'plain', status: 1, block: 0, suspended_till: null, active: true, prohibit_login: false },
    { login: 'registered', status: 2, block: 1, suspended_till: FUTURE, active: true, prohibit_login: false },
    { login: 'locked', status: 3, block: 0, suspended_till: PAST, active: false, prohibit_login: false },
    { login: 'prohibited', status: 1, block: 0, suspended_till: null, active: true, prohibit_login: true },
    { login: 'expired', status: 1, block: 0, suspended_till: PAST, active: true, prohibit_login: false },
    { login: 'banned', status: 3, block: 1, suspended_till: FUTURE, active: false, prohibit_login: true },
  ]);
}

interface Storage {
  readonly name: string;
  readonly active: string;
  /** Which logins read active=true. */
  readonly on: readonly string[];
  /** What deprovisioning `plain` writes, and what reactivating `banned` writes. */
  off(row: Record<string, unknown>): boolean;
  reactivated(row: Record<string, unknown>): boolean;
}

const num = (v: unknown) => Number(v);
/** A timestamp as read back: a Date (pg, mysql2), ISO text or Unix milliseconds (SQLite). */
const instant = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v)));
const truthy = (v: unknown) => v === true || v === 1 || v === '1';

const STORAGES: readonly Storage[] = [
  {
    name: 'an integer status enum, several inactive values', active: '{ column: status, map: { true: 1, false: [3, 2] } }',
    on: ['plain', 'prohibited', 'expired'],
    off: (r) => num(r['status']) === 3, reactivated: (r) => num(r['status']) === 1,
  },
  {
    name: 'an inverted integer flag', active: '{ column: block, map: { true: 0, false: 1 } }',
    on: ['plain', 'locked', 'prohibited', 'expired'],
    off: (r) => num(r['block']) === 1, reactivated: (r) => num(r['block']) === 0,
  },
  {
    name: 'a suspension timestamp (inactive while in the future)', active: '{ column: suspended_till, inactiveWhile: future }',
    on: ['plain', 'locked', 'prohibited', 'expired'],
    off: (r) => instant(r['suspended_till']) > Date.now(),
    reactivated: (r) => r['suspended_till'] === null,
  },
  {
    name: 'a flag, a suspension and a prohibit-login flag at once (deprovisioning writes the flag)',
    active: '{ column: active, also: [ { column: suspended_till, inactiveWhile: future }, { column: prohibit_login, map: { true: false, false: true } } ] }',
    on: ['plain', 'expired'],
    off: (r) => !truthy(r['active']) && !truthy(r['prohibit_login']) && r['suspended_till'] === null,
    reactivated: (r) => truthy(r['active']) && !truthy(r['prohibit_login']) && r['suspended_till'] === null,
  },
];

const yaml = (active: string) => `resources:
  User:
    table: members
    attributes:
      userName: login
      active: ${active}
`;

const ALL = ['plain', 'registered', 'locked', 'prohibited', 'expired', 'banned'];

async function logins(h: Harness, filter: string): Promise<string[]> {
  const r = await h.request('GET', `/Users?count=100&filter=${encodeURIComponent(filter)}`);
  assert.equal(r.status, 200, r.text);
  return (r.body.Resources as { userName: string }[]).map((u) => u.userName).sort();
}

const row = (h: Harness, login: string) => h.db.knex('members').where({ login }).first() as Promise<Record<string, unknown>>;
const idOf = async (h: Harness, login: string) => `user-${(await row(h, login))['id']}`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: active over what applications store`, () => {
    for (const storage of STORAGES) {
      test(storage.name, async () => {
        await withServer(dialect, schema, yaml(storage.active), async (h) => {
          const on = [...storage.on].sort();
          const off = ALL.filter((l) => !on.includes(l)).sort();
          const list = await h.request('GET', '/Users?count=100');
          assert.deepEqual(Object.fromEntries((list.body.Resources as { userName: string; active: boolean }[]).map((u) => [u.userName, u.active])),
            Object.fromEntries(ALL.map((l) => [l, on.includes(l)])), 'what each row reads');
          assert.deepEqual(await logins(h, 'active eq true'), on);
          assert.deepEqual(await logins(h, 'active eq false'), off);
          assert.deepEqual(await logins(h, 'active ne true'), off);
          assert.deepEqual(await logins(h, 'not (active eq false)'), on);
          assert.deepEqual(await logins(h, 'active pr'), [...ALL].sort());

          const deactivate = await h.request('PATCH', `/Users/${await idOf(h, 'plain')}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
          assert.equal(deactivate.status, 200, deactivate.text);
          assert.equal(deactivate.body.active, false);
          assert.ok(storage.off(await row(h, 'plain')), `deprovisioning wrote ${JSON.stringify(await row(h, 'plain'))}`);

          const reactivate = await h.request('PATCH', `/Users/${await idOf(h, 'banned')}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
          assert.equal(reactivate.status, 200, reactivate.text);
          assert.equal(reactivate.body.active, true, 'reactivation clears whatever made the user inactive');
          assert.ok(storage.reactivated(await row(h, 'banned')), `reactivation wrote ${JSON.stringify(await row(h, 'banned'))}`);

          const created = await h.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'newbie', active: false });
          assert.equal(created.status, 201, created.text);
          assert.equal(created.body.active, false, 'a user created inactive reads inactive');
        });
      });
    }
  });
}
