import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keptRows } from '../../../src/generate/sampled.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { cols, facts, fk, table } from './fixtures.js';
import { defaultsOf, draftOf, mapping, scopeOf } from './helpers.js';

const users = (...more: string[]) => table('users', cols('id:integer!', 'username:string!', 'email', ...more), { uniques: [['username']] });

describe('who is a person: bot tables, placeholders, companions of the login', () => {
  test('a bots table with one row per user: joined, and people are the users without a row (creates insert none)', () => {
    const bots = table('bots', cols('user_id:string!', 'description'), { primaryKey: ['user_id'] });
    const u = table('users', cols('id:string!', 'username:string!'), { primaryKey: ['id'], uniques: [['username']] });
    const d = draftOf({ tables: [u, bots] });
    assert.deepEqual(scopeOf(d.user), { 'bots.user_id': null });
    assert.deepEqual(d.user.join.map((j) => [j.table, j.on]), [['bots', { column: 'id', sideColumn: 'user_id' }]]);
  });
  test('an api_keys table is no bot table: people have keys too', () => {
    const keys = table('api_keys', cols('id:integer!', 'user_id:integer!', 'key_hash:string!'), { uniques: [['user_id']], foreignKeys: [fk('user_id', 'users')] });
    assert.deepEqual(scopeOf(draftOf({ tables: [users(), keys] }).user), {});
  });
  test('logins the sample shows blank ("" or "-") are placeholder rows: scoped out', () => {
    const d = draftOf({ tables: [users()] }, facts({ users: { sampled: 4, columns: { username: [['-', 1], ['', 1]] } } }));
    assert.deepEqual(scopeOf(d.user), { username: { not: ['-', ''] } });
  });
  test('a login unique with another column that one value holds nearly everywhere: scoped to it (a local host beside remote ones)', () => {
    const u = table('users', cols('id:integer!', 'host_id:integer!=', 'username:string!'), { uniques: [['host_id', 'username']] });
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 8, columns: { host_id: [[1, 7], [3, 1]] } } }));
    assert.deepEqual(scopeOf(d.user), { host_id: 1 });
    assert.match(d.user.attributes.find((a) => a.path === 'userName')?.reason ?? '', /unique within the scope \(host_id, username\)/);
  });
  test('…but not where the values are shared more evenly (local and SSO accounts alike): the CHECK stays', () => {
    const u = table('users', cols('id:integer!', 'provider:string!=', 'email:string!'), { uniques: [['provider', 'email']] });
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 5, columns: { provider: [['sso', 3], ['local', 2]] } } }));
    assert.deepEqual(scopeOf(d.user), {});
    assert.match(d.user.attributes.find((a) => a.path === 'userName')?.check ?? '', /unique only together with provider/);
  });
  test('a role column whose every allowed value names people: all in scope (NULL too), creates write the most common', () => {
    const plain = users('role');
    const u = { ...plain, columns: plain.columns.map((c) => (c.name === 'role' ? { ...c, allowed: ['admin', 'member', 'viewer'] } : c)) };
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 5, columns: { role: [['member', 3], ['admin', 2]] } } }));
    assert.deepEqual(scopeOf(d.user), { role: ['member', 'admin', 'viewer', null] });
  });
});

describe('times and deletion', () => {
  test('an integer DeleteAt (0 = live, Unix milliseconds) on users is the deactivation: active, not a delete', () => {
    const u = users('CreateAt:integer', 'DeleteAt:integer');
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 3, columns: { CreateAt: [[1700000000000, 3]], DeleteAt: [[0, 2], [1700000001000, 1]] } } }));
    assert.deepEqual(mapping(d.user)['active'], { column: 'DeleteAt', map: { true: 0, false: '$now' }, epoch: 'milliseconds' });
    assert.equal(d.user.delete, undefined);
  });
  test('…beside a sign-in flag it stays a soft delete, with its epoch', () => {
    const u = users('is_active:boolean!', 'CreateAt:integer', 'DeleteAt:integer');
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 3, columns: { CreateAt: [[1700000000000, 3]], DeleteAt: [[0, 3]] } } }));
    assert.deepEqual(d.user.delete && { soft: d.user.delete.soft, epoch: d.user.delete.epoch }, { soft: 'DeleteAt', epoch: 'milliseconds' });
  });
  test('ISO timestamps kept in text columns are meta times (the server stamps them); unmapped ones get $now on create', () => {
    const u = users('createdAt:string!', 'updatedAt:string!');
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 2, columns: { createdAt: [['2024-01-02T03:04:05.000Z', 2]], updatedAt: [['2024-01-02 03:04:05', 2]] } } }));
    assert.deepEqual([mapping(d.user)['meta.created'], mapping(d.user)['meta.lastModified']], ['createdAt', 'updatedAt']);
    assert.deepEqual(defaultsOf(d.user), {});
    const other = draftOf({ tables: [users('joinedOn:string!')] }, facts({ users: { sampled: 2, columns: { joinedOn: [['2024-01-02', 2]] } } }));
    assert.deepEqual(defaultsOf(other.user), { joinedOn: '$now' });
  });
});

describe('attributes the application writes itself', () => {
  test('a foreign key column is not an attribute: its values are another table\'s keys', () => {
    const locales = table('locales', cols('code:string!'), { primaryKey: ['code'] });
    const u = table('users', cols('id:integer!', 'username:string!', 'locale:string!='), { uniques: [['username']], foreignKeys: [fk('locale', 'locales', 'code')] });
    assert.equal(mapping(draftOf({ tables: [u, locales] }).user)['locale'], undefined);
  });
  test('a text column holding JSON documents is not a timezone (MariaDB JSON is LONGTEXT)', () => {
    const u = users('timezone');
    assert.equal(mapping(draftOf({ tables: [u] }, facts({ users: { sampled: 2, columns: { timezone: [['{"auto":"true"}', 2]] } } })).user)['timezone'], undefined);
    assert.equal(mapping(draftOf({ tables: [u] }, facts({ users: { sampled: 2, columns: { timezone: [['Europe/Paris', 2]] } } })).user)['timezone'], 'timezone');
  });
  test('a NOT NULL name column beside the mapped one is its copy (name_last beside name); a unique handle is a slug of displayName', () => {
    const groups = table('groups', cols('id:integer!', 'name:string!', 'name_last:string!', 'slug:string!'), { uniques: [['slug']] });
    const members = table('groups_users', cols('group_id:integer!', 'user_id:integer!'), { primaryKey: ['group_id', 'user_id'] });
    const g = draftOf({ tables: [users(), groups, members] }).group!;
    assert.deepEqual(g.derived.map((d) => [d.column, d.from, d.transform]), [['slug', 'displayName', 'slug'], ['name_last', 'displayName', undefined]]);
  });
  test('a mapped column the IdP may not send falls back to what most rows hold (a nickname "")', () => {
    const u = users('nickname');
    const d = draftOf({ tables: [u] }, facts({ users: { sampled: 3, columns: { nickname: [['', 3]] } } }));
    assert.deepEqual(defaultsOf(d.user), { nickname: '' });
  });
  test('the application\'s built-in groups (is_system_group) are not the IdP\'s', () => {
    const groups = table('groups', cols('id:integer!', 'name:string!', 'is_system_group:boolean!'));
    const members = table('groups_users', cols('group_id:integer!', 'user_id:integer!'), { primaryKey: ['group_id', 'user_id'] });
    assert.deepEqual(scopeOf(draftOf({ tables: [users(), groups, members] }).group!), { is_system_group: false });
  });
});

describe('rows beside a new user', () => {
  const org = table('org', cols('id:integer!', 'name:string!'));
  const u = table('user', cols('id:integer!', 'login:string!', 'org_id:integer!'), { uniques: [['login']] });
  const orgUser = table('org_user', cols('id:integer!', 'org_id:integer!', 'user_id:integer!', 'role:string!', 'created:dateTime!'), { uniques: [['org_id', 'user_id']] });
  const sample = (roles: number) => facts({
    user: { sampled: 4, columns: { org_id: [[1, 3], [2, 1]] } },
    org_user: { sampled: roles, columns: { org_id: [[1, 3], [2, 1]], user_id: [[1, 1], [2, 1], [3, 1], [4, 1]].slice(0, roles) as [number, number][], role: [['Viewer', 2], ['Admin', 1], ['Editor', 1]] } },
  });
  test('every user has one row keyed by (tenant, user) under a tenant scope: onCreate writes it, the commonest role', () => {
    const d = draftOf({ tables: [org, u, orgUser] }, sample(4));
    assert.deepEqual(d.user.onCreate?.map((c) => [c.table, c.values]), [['org_user', { org_id: '$owner.org_id', user_id: '$owner.id', role: 'Viewer', created: '$now' }]]);
  });
  test('…not when some users have none', () => {
    assert.deepEqual(draftOf({ tables: [org, u, orgUser] }, sample(3)).user.onCreate, []);
  });
  test('the sample keeps about the rows the scope keeps: "most rows hold" is measured against those', () => {
    const view = viewOf({ tables: [users('kind:boolean!')] }, facts({ users: { sampled: 5, columns: { kind: [[false, 4], [true, 1]] } } }));
    assert.equal(keptRows(view, 'users', [{ column: 'kind', value: false, reason: '' }]), 4);
  });
});
