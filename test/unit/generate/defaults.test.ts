import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { proposeDefaults } from '../../../src/generate/defaults.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import type { ColumnKind, DbColumn, DbTable } from '../../../src/mapping/db-schema.js';
import { MATTERMOST, ZULIP } from './apps.js';
import { DJANGO, facts } from './fixtures.js';
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
  test('by kind and words', () => {
    assert.deepEqual(defaults.map((d) => [d.column, d.value]), [
      ['hashed_password', '!'], ['is_staff', false], ['logins', 0], ['balance', 0], ['joined', '$now'], ['born', '$now'],
      ['token', '$uuid'], ['slug', '$uuid'], ['bio', ''], ['prefs', '{}'], ['email_verified', true], ['created_unix', '$now'], ['team_id', 0],
    ]);
    assert.match(value('bio')?.check ?? '', /empty bio/);
    assert.match(value('email_verified')?.reason ?? '', /vouches/);
    assert.match(value('team_id')?.check ?? '', /looks like a reference/);
    assert.match(value('created_unix')?.check ?? '', /confirm created_unix holds Unix seconds/);
  });
  test('never a made-up value in an identity-like column; a short secret and a short unique column stay uncovered', () => {
    assert.deepEqual(uncovered.map((u) => u.column), ['code', 'avatar', 'login', 'lower_name', 'otp_secret']);
    assert.match(uncovered.find((u) => u.column === 'login')?.why ?? '', /looks like an identity/);
  });
  test('a unique text column of the users table is identity-like: no $uuid there', () => {
    const users = { ...TABLE, name: 'users' };
    const r = proposeDefaults(viewOf({ tables: [users] }), users, ['slug'], { usersTable: true });
    assert.deepEqual(r.defaults, []);
  });
  test('integer times: $nowMillis for milliseconds, from the sample', () => {
    const t: DbTable = { ...TABLE, name: 'm', columns: [col('CreateAt', 'integer')] };
    const sample = facts({ m: { sampled: 1, columns: { CreateAt: [[1700000000000, 1]] } } });
    assert.deepEqual(proposeDefaults(viewOf({ tables: [t] }, sample), t, ['CreateAt'], { usersTable: false }).defaults.map((d) => d.value), ['$nowMillis']);
  });
  test('an integer the sample knows takes its most common value (Zulip role 400); a credential a random value (api_key)', () => {
    assert.deepEqual(defaultsOf(appDraft(ZULIP).user), { api_key: '$uuid', role: 400 });
  });
  test('a soft-delete marker is live on insert (Mattermost GroupMembers.DeleteAt = 0)', () => {
    assert.ok(JSON.stringify(appDraft(MATTERMOST).group?.relations).includes('"DeleteAt":0'));
  });
  test("Django's password, is_superuser and is_staff", () => {
    assert.deepEqual(defaultsOf(draftOf(DJANGO).user), { password: '!', is_superuser: false, is_staff: false });
  });
});
