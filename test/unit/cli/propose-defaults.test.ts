/** The `defaults:` init proposes for NOT NULL columns without a database default, and how they render. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { propose } from '../../../src/cli/propose.js';
import { proposeDefaults } from '../../../src/cli/propose-defaults.js';
import { renderYaml } from '../../../src/cli/render-yaml.js';
import type { ColumnKind, DbColumn, DbTable } from '../../../src/mapping/db-schema.js';
import { DJANGO } from './propose-fixtures.js';

const col = (name: string, kind: ColumnKind, maxLength?: number): DbColumn =>
  ({ name, kind, dataType: kind, nullable: false, hasDefault: false, autoIncrement: false, ...(maxLength !== undefined ? { maxLength } : {}) });

const TABLE: DbTable = {
  name: 't', primaryKey: ['id'], foreignKeys: [], uniques: [['slug'], ['code']],
  columns: [
    col('hashed_password', 'string'), col('is_staff', 'boolean'), col('logins', 'integer'), col('balance', 'decimal'),
    col('joined', 'dateTime'), col('born', 'date'), col('token', 'uuid'), col('slug', 'string'), col('code', 'string', 8),
    col('nickname', 'string'), col('prefs', 'json'), col('avatar', 'binary'),
  ],
};

describe('proposeDefaults', () => {
  const { defaults, uncovered } = proposeDefaults(TABLE, TABLE.columns.map((c) => c.name));
  const value = (column: string) => defaults.find((d) => d.column === column);
  test('password-like → "!"; booleans → false; numbers → 0; timestamps and dates → $now; uuid and unique text → $uuid', () => {
    assert.deepEqual(defaults.map((d) => [d.column, d.value]), [
      ['hashed_password', '!'], ['is_staff', false], ['logins', 0], ['balance', 0], ['joined', '$now'], ['born', '$now'],
      ['token', '$uuid'], ['slug', '$uuid'], ['nickname', ''],
    ]);
    assert.match(value('hashed_password')?.reason ?? '', /login is disabled for SCIM-created users unless it sets a password/);
  });
  test('other text gets "" with a CHECK question', () => {
    assert.match(value('nickname')?.check ?? '', /SCIM-created rows get an empty nickname/);
    assert.equal(value('slug')?.check, undefined);
  });
  test('what no rule fits stays uncovered: unique text too short for a UUID, json, binary', () => {
    assert.deepEqual(uncovered, ['code', 'prefs', 'avatar']);
  });
});

describe('init renders defaults: (Django as Django creates it)', () => {
  const result = propose(DJANGO);
  assert.ok(result.kind === 'draft');
  const text = renderYaml(result.draft, { client: 'sqlite', connection: './app.sqlite' });
  test('a commented block before attributes:, one reason per value', () => {
    assert.deepEqual(parse(text).resources.User.defaults, { password: '!', is_superuser: false, is_staff: false });
    assert.match(text, /# written only when SCIM creates a row \(never on update, never read\).*\n {4}defaults:\n {6}password: "!" # an unusable password: the app's own login is disabled/);
    assert.match(text, /^ {6}is_staff: false # NOT NULL without a database default: SCIM-created rows get false$/m);
  });
  test('no "POST will fail" note once every column is filled', () => {
    assert.doesNotMatch(text, /will fail/);
  });
});
