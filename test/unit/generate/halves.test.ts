import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identityRoot, partnerTables } from '../../../src/generate/halves.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import type { DbColumn } from '../../../src/mapping/db-schema.js';
import { cols, facts, fk, table } from './fixtures.js';
import { draftOf, mapping, relations, scopeOf } from './helpers.js';

/** An entity table (name, type USER | USER_GROUP) with a person half and a group half, members pointing at entities (Guacamole's shape). */
/** Columns with the first one a serial key (and `patch` applied by name). */
const keyed = (specs: string[], patch: Record<string, Partial<DbColumn>> = {}): DbColumn[] =>
  cols(...specs).map((c, i) => ({ ...c, ...(i === 0 ? { autoIncrement: true, hasDefault: true } : {}), ...(patch[c.name] ?? {}) }));
const entity = table('entity', keyed(['entity_id:integer!', 'name:string!', 'type:string!'], { type: { allowed: ['USER', 'USER_GROUP'] } }), { primaryKey: ['entity_id'], uniques: [['type', 'name']] });
const person = table('app_user', keyed(['user_id:integer!', 'entity_id:integer!', 'password_hash:binary!', 'password_date:dateTime!', 'disabled:boolean!=', 'full_name', 'email_address']),
  { primaryKey: ['user_id'], uniques: [['entity_id']], foreignKeys: [fk('entity_id', 'entity', 'entity_id')] });
const group = table('app_user_group', keyed(['user_group_id:integer!', 'entity_id:integer!', 'disabled:boolean!=']),
  { primaryKey: ['user_group_id'], uniques: [['entity_id']], foreignKeys: [fk('entity_id', 'entity', 'entity_id')] });
const member = table('app_user_group_member', cols('user_group_id:integer!', 'member_entity_id:integer!'),
  { primaryKey: ['user_group_id', 'member_entity_id'], foreignKeys: [fk('user_group_id', 'app_user_group', 'user_group_id'), fk('member_entity_id', 'entity', 'entity_id')] });
const ENTITY = { tables: [entity, person, group, member] };

describe('halves: the User belongs on the half holding the identity', () => {
  test('memberships point at the entity, not at the person half: the User is on the entity, joined to its person half', () => {
    assert.equal(identityRoot(viewOf(ENTITY), person)?.table.name, 'entity');
    const d = draftOf(ENTITY);
    assert.equal(d.user.table, 'entity');
    assert.deepEqual(scopeOf(d.user), { type: 'USER' });
    assert.deepEqual(d.user.join.map((j) => [j.table, j.on]), [['app_user', { column: 'entity_id', sideColumn: 'entity_id' }]]);
    assert.deepEqual(Object.fromEntries(d.user.join[0]!.defaults.map((x) => [x.column, x.value])), { password_hash: '$random', password_date: '$now' });
    const m = mapping(d.user);
    assert.deepEqual([m['userName'], m['displayName'], m['active']], [{ column: 'name', required: true }, 'app_user.full_name', { column: 'app_user.disabled', map: { true: false, false: true } }]);
  });
  test('the Group is the group half, joined to the entity row that names it and scoped to its type; members are entity ids', () => {
    const g = draftOf(ENTITY).group!;
    assert.equal(g.table, 'app_user_group');
    assert.deepEqual(scopeOf(g), { 'entity.type': 'USER_GROUP' });
    assert.deepEqual(g.join.map((j) => [j.table, j.on]), [['entity', { column: 'entity_id', sideColumn: 'entity_id' }]]);
    assert.deepEqual(mapping(g)['displayName'], { column: 'entity.name', required: true });
    assert.deepEqual(relations(g)['members'], { through: 'app_user_group_member', group: 'user_group_id', member: 'member_entity_id' });
  });

  test('a users table with a text (uuid) key the server generates stays where it is, beside a serial profile it points at', () => {
    const profile = table('profiles', keyed(['id:integer!', 'bio']));
    const u = table('users', cols('id:uuid!', 'email:string!', 'profile_id:integer!'), { uniques: [['email'], ['profile_id']], foreignKeys: [fk('profile_id', 'profiles')] });
    assert.equal(identityRoot(viewOf({ tables: [u, profile] }), u), undefined);
  });

  /** A base table with the generated key beside a data table keyed by (uid, langcode), one row per language, the default one flagged (Drupal's shape). */
  const base = table('users', keyed(['uid:integer!', 'uuid:string!', 'langcode:string!']), { primaryKey: ['uid'], uniques: [['uuid']] });
  const data = table('users_data', cols('uid:integer!', 'langcode:string!', 'name:string!', 'mail', 'status:integer', 'created:integer!', 'is_default:integer!'),
    { primaryKey: ['uid', 'langcode'], uniques: [['name', 'langcode']] });
  const sample = facts({
    users_data: { sampled: 4, columns: { langcode: [['en', 3], ['fr', 1]], is_default: [[1, 3], [0, 1]], status: [[1, 3], [0, 1]], created: [[1700000000, 4]], name: [['', 1]] } },
    users: { sampled: 3, columns: { langcode: [['en', 3]] } },
  });
  test('a data half whose key is not generated: the User is on the table with the generated key sharing it', () => {
    assert.deepEqual(partnerTables(viewOf({ tables: [base, data] }), data).map((p) => [p.table.name, p.column]), [['users', 'uid']]);
    const d = draftOf({ tables: [base, data] }, sample);
    assert.equal(d.user.table, 'users');
    assert.deepEqual(d.user.join.map((j) => [j.table, j.on, Object.fromEntries(j.defaults.map((x) => [x.column, x.value]))]),
      [['users_data', { column: 'uid', sideColumn: 'uid' }, { langcode: 'en', created: '$now' }]]);
  });
  test('the flagged row is the user\'s (scope on the side table); the login is the side table\'s unique name; a blank name is no person', () => {
    const d = draftOf({ tables: [base, data] }, sample);
    assert.deepEqual(scopeOf(d.user), { 'users_data.name': { not: '' }, 'users_data.is_default': 1 });
    assert.deepEqual(mapping(d.user)['userName'], { column: 'users_data.name', required: true });
    assert.deepEqual(Object.fromEntries(d.user.defaults.map((x) => [x.column, x.value])), { uuid: '$uuid', langcode: 'en' });
  });
});
