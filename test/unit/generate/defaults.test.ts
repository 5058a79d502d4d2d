import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsToFill, proposeDefaults } from '../../../src/generate/defaults.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import type { ColumnKind, DbColumn, DbTable } from '../../../src/mapping/db-schema.js';
import { MATTERMOST, ZULIP } from './apps.js';
import { cols, DJANGO, facts, table } from './fixtures.js';
import { appDraft, defaultsOf, draftOf } from './helpers.js';

const col = (name: string, kind: ColumnKind, maxLength?: number): DbColumn =>
  ({ name, kind, dataType: kind, nullable: false, hasDefault: false, autoIncrement: false, ...(maxLength !== undefined ? { maxLength } : {}) });

const TABLE: DbTable = {
  name: 't', primaryKey: ['id'], foreignKeys: [], uniques: [['slug'], ['code']],
  columns: [
    col('hashed_password', 'string'), col('is_staff', 'boolean'), col('logins', 'integer'), col('balance', 'decimal'),
    col('joined', 'dateTime'), col('born', 'date'), col('token', 'uuid'), col('slug', 'string'), col('code', 'string', 8),
    col('bio', 'string'), col('prefs', 'json'), col('avatar', 'binary'), col('email_verified', 'boolean'), col('created_unix', 'integer'),
    col('login', 'string'), col('lower_name', 'string'), col('otp_secret', 'string', 16), col('team_id', 'integer'),
  ],
};

describe('defaults: NOT NULL columns nothing fills', () => {
  const { defaults, uncovered } = proposeDefaults(viewOf({ tables: [TABLE] }), TABLE, TABLE.columns.map((c) => c.name), { usersTable: false });
  const value = (column: string) => defaults.find((d) => d.column === column);
  test('by kind and words, when the sample says nothing', () => {
    assert.deepEqual(defaults.map((d) => [d.column, d.value]), [
      ['hashed_password', '!'], ['is_staff', false], ['logins', 0], ['balance', 0], ['joined', '$now'], ['born', '$now'],
      ['token', '$uuid'], ['slug', '$uuid'], ['bio', ''], ['prefs', '{}'], ['email_verified', true], ['created_unix', '$now'],
    ]);
    assert.match(value('bio')?.check ?? '', /empty bio/);
    assert.match(value('email_verified')?.reason ?? '', /vouches/);
    assert.match(value('created_unix')?.check ?? '', /confirm created_unix holds Unix seconds/);
  });
  test('never a made-up value in an identity-like column, a secret a user sets up, or a reference (0 points at no row)', () => {
    assert.deepEqual(uncovered.map((u) => u.column), ['code', 'avatar', 'login', 'lower_name', 'otp_secret', 'team_id']);
    assert.match(uncovered.find((u) => u.column === 'login')?.why ?? '', /looks like an identity/);
    assert.match(uncovered.find((u) => u.column === 'team_id')?.why ?? '', /points at another row/);
  });
  test('a unique text column of the users table is identity-like: no $uuid there', () => {
    const users = { ...TABLE, name: 'users' };
    const r = proposeDefaults(viewOf({ tables: [users] }), users, ['slug'], { usersTable: true });
    assert.deepEqual(r.defaults, []);
  });
  test('integer times: $nowMillis for milliseconds, from the sample; 0 where the sample shows 0 = never', () => {
    const t: DbTable = { ...TABLE, name: 'm', columns: [col('CreateAt', 'integer'), col('LastPictureUpdate', 'integer')] };
    const sample = facts({ m: { sampled: 3, columns: { CreateAt: [[1700000000000, 3]], LastPictureUpdate: [[0, 3]] } } });
    assert.deepEqual(proposeDefaults(viewOf({ tables: [t] }, sample), t, ['CreateAt', 'LastPictureUpdate'], { usersTable: false }).defaults.map((d) => d.value), ['$nowMillis', 0]);
  });
  test('an integer the sample knows takes its most common value (Zulip role 400); an API key a random one', () => {
    assert.deepEqual(defaultsOf(appDraft(ZULIP).user), { api_key: '$random', role: 400 });
  });
  test('Mattermost GroupMembers.DeleteAt is a membership condition (where: 0), not a default', () => {
    assert.ok(JSON.stringify(appDraft(MATTERMOST).group?.relations).includes('"where":{"DeleteAt":0}'));
  });
  test("Django's password, is_superuser and is_staff", () => {
    assert.deepEqual(defaultsOf(draftOf(DJANGO).user), { password: '!', is_superuser: false, is_staff: false });
  });
});

describe('defaults: what the data says the application writes', () => {
  const t = table('users', cols('id:integer!', 'login:string!', 'auth:string!', 'path:string!', 'role:integer!', 'bio:string!', 'roles:string!',
    'created_by_id:integer!', 'nickname', 'theme', 'confirmed:integer!=', 'time_added:integer!='), { uniques: [['login']] });
  const sample = (rows: number, columns: Record<string, readonly (readonly [string | number | boolean | null, number])[]>) => viewOf({ tables: [t] }, facts({ users: { sampled: rows, columns } }));
  const proposed = (view: ReturnType<typeof sample>, names: string[], kept?: number) =>
    Object.fromEntries(proposeDefaults(view, t, names, { usersTable: true, ...(kept !== undefined ? { kept } : {}) }).defaults.map((d) => [d.column, d.value]));
  test('the value at least half the rows hold (Moodle auth manual, Authentik path users, Zulip role 400)', () => {
    const view = sample(4, { auth: [['manual', 3], ['mnet', 1]], path: [['users', 2], ['goauthentik.io/outposts', 1], ['x', 1]], role: [[400, 3], [100, 1]] });
    assert.deepEqual(proposed(view, ['auth', 'path', 'role']), { auth: 'manual', path: 'users', role: 400 });
  });
  test('no value held by half the rows: the kind\'s neutral value, with a CHECK', () => {
    const view = sample(4, { bio: [['a', 1], ['b', 1], ['c', 1], ['d', 1]] });
    assert.deepEqual(proposed(view, ['bio']), { bio: '' });
  });
  test('half of the rows the scope keeps is enough (Kimai roles a:0:{}, 2 of 4 people beside 1 system account)', () => {
    const view = sample(5, { roles: [['a:0:{}', 2], ['a:1:{i:0;s:10:"ROLE_ADMIN";}', 1], ['x', 1], ['y', 1]] });
    assert.deepEqual(proposed(view, ['roles']), { roles: '' });
    assert.deepEqual(proposed(view, ['roles'], 4), { roles: 'a:0:{}' });
  });
  test('a reference to a row takes the id most rows hold, never 0 (Zammad created_by_id = 1)', () => {
    const view = sample(4, { created_by_id: [[1, 3], [2, 1]] });
    assert.deepEqual(proposed(view, ['created_by_id']), { created_by_id: 1 });
    assert.deepEqual(proposed(sample(4, { created_by_id: [[0, 4]] }), ['created_by_id']), {});
  });
  test('nullable columns the sample never leaves NULL are filled too; those it does are not', () => {
    const view = sample(3, { nickname: [['', 3]], theme: [['dark', 2], [null, 1]] });
    const fill = columnsToFill(view, t, new Set(['id', 'login', 'auth', 'path', 'role', 'bio', 'roles', 'created_by_id']));
    assert.deepEqual(fill.map((f) => [f.name, f.need]), [['nickname', 'neverNull'], ['confirmed', 'overDefault'], ['time_added', 'overDefault']]);
  });
  test('over a database default: a confirmed flag the rows hold on, a creation time no row holds 0 in', () => {
    const view = sample(3, { confirmed: [[1, 3]], time_added: [[1700000000, 2], [1700000100, 1]] });
    const fill = columnsToFill(view, t, new Set(t.columns.map((c) => c.name).filter((c) => !['confirmed', 'time_added'].includes(c))));
    assert.deepEqual(Object.fromEntries(proposeDefaults(view, t, fill, { usersTable: true }).defaults.map((d) => [d.column, d.value])), { confirmed: 1, time_added: '$now' });
  });
});

describe('defaults: credentials a create needs', () => {
  const t = table('users', cols('id:integer!', 'password_hash:binary!', 'salt', 'rands', 'api_key:string!', 'mfa_secret', 'totp_secret:string!', 'password:string!', 'password_changed_at:dateTime!'));
  const view = viewOf({ tables: [t] }, facts({ users: { sampled: 3, columns: { salt: [['s1', 3]], rands: [['r', 2], [null, 1]], mfa_secret: [['', 3]] } } }));
  const fill = columnsToFill(view, t, new Set(['id']));
  const proposed = proposeDefaults(view, t, fill, { usersTable: true });
  test('a binary password hash gets random bytes, a text password "!", a salt and an API key $random; a time about a password $now', () => {
    assert.deepEqual(Object.fromEntries(proposed.defaults.map((d) => [d.column, d.value])),
      { password_hash: '$random', api_key: '$random', password: '!', password_changed_at: '$now', salt: '$random', mfa_secret: '' });
  });
  test('a TOTP secret is never made up: it would say the user enrolled; a salt the sample leaves NULL is left alone', () => {
    assert.deepEqual(proposed.uncovered.map((u) => u.column), ['totp_secret']);
    assert.ok(!fill.some((f) => f.name === 'rands'));
  });
});
