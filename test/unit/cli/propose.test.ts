import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { propose, summarize, type Draft, type DraftResource } from '../../../src/cli/propose.js';
import type { DbSchema } from '../../../src/mapping/db-schema.js';
import { DJANGO, MULTI_TENANT, RAILS, UUID_STATUS } from './propose-fixtures.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function draftOf(schema: DbSchema): Draft {
  const result = propose(schema);
  assert.equal(result.kind, 'draft');
  return (result as { draft: Draft }).draft;
}

/** path → column, or path → { column, map, required } when there is more than the column. */
function mapping(resource: DraftResource): Record<string, unknown> {
  return Object.fromEntries(resource.attributes.map((a) => [a.path,
    a.map === undefined && a.required === undefined ? a.column : { column: a.column, ...(a.required ? { required: true } : {}), ...(a.map ? { map: a.map } : {}) }]));
}

const unmapped = (r: DraftResource): string[] => r.unmapped.map((c) => `${c.path ?? '?'}: ${c.column}`);

describe('propose: Rails users with Devise and paranoia', () => {
  const { user, group } = draftOf(RAILS);
  test('maps email to userName and the work email, names, timestamps', () => {
    assert.equal(user.table, 'users');
    assert.deepEqual(user.id, { column: 'id', reason: 'the primary key' });
    assert.deepEqual(mapping(user), {
      userName: { column: 'email', required: true },
      'emails[type eq "work"].value': 'email',
      'name.givenName': 'first_name',
      'name.familyName': 'last_name',
      'meta.created': 'created_at',
      'meta.lastModified': 'updated_at',
    });
    assert.equal(group, undefined);
  });
  test('deleted_at is the soft-delete marker', () => {
    assert.equal(user.delete?.soft, 'deleted_at');
  });
  test('credentials are named in a note and never offered as columns', () => {
    assert.deepEqual(user.skipped, ['encrypted_password', 'reset_password_token']);
    assert.match(user.notes.join('\n'), /deliberately not mapped.*encrypted_password, reset_password_token/);
    assert.deepEqual(unmapped(user), []);
  });
  test('NOT NULL columns without a database default get create-only defaults: "!" for the password, 0 for a counter', () => {
    assert.deepEqual(user.defaults.map((d) => [d.column, d.value]), [['encrypted_password', '!'], ['sign_in_count', 0]]);
    assert.match(user.defaults[0]?.reason ?? '', /login is disabled for SCIM-created users unless it sets a password/);
    assert.deepEqual(user.uncovered, []);
  });
  test('each attribute says why', () => {
    const given = user.attributes.find((a) => a.path === 'name.givenName');
    assert.equal(given?.reason, 'guessed from column name first_name');
    assert.match(user.attributes[0]?.reason ?? '', /unique in the database/);
  });
});

describe('propose: Django contrib.auth', () => {
  const { user, group } = draftOf(DJANGO);
  test('username wins userName; email still feeds emails; is_active is active', () => {
    assert.equal(user.table, 'auth_user');
    assert.deepEqual(mapping(user), {
      userName: { column: 'username', required: true },
      'emails[type eq "work"].value': 'email',
      'name.givenName': 'first_name',
      'name.familyName': 'last_name',
      active: 'is_active',
      'meta.created': 'date_joined',
    });
    assert.deepEqual(user.skipped, ['password']);
    assert.deepEqual(unmapped(user), ['?: last_login']);
    assert.deepEqual(user.defaults.map((d) => [d.column, d.value]), [['password', '!'], ['is_superuser', false], ['is_staff', false]]);
  });
  test('auth_group is the Group, with members through auth_user_groups', () => {
    assert.equal(group?.table, 'auth_group');
    assert.deepEqual(group?.members, { through: 'auth_user_groups', group: 'group_id', member: 'user_id' });
    assert.deepEqual(mapping(group as DraftResource), { displayName: { column: 'name', required: true } });
    assert.deepEqual(group?.relations.map((r) => [r.path, r.spec]), [['members', { through: 'auth_user_groups', group: 'group_id', member: 'user_id' }]]);
    assert.match(group?.relations[0]?.reason ?? '', /join table auth_user_groups: group_id → auth_group, user_id → auth_user/);
    assert.equal(group?.relations[0]?.check, undefined);
  });
  test('the User gets the readOnly groups from the same join table', () => {
    assert.deepEqual(user.relations.map((r) => [r.path, r.spec]), [['groups', { through: 'auth_user_groups', group: 'group_id', member: 'user_id' }]]);
    assert.match(user.relations[0]?.reason ?? '', /readOnly/);
  });
  test('summary counts mapped and commented columns', () => {
    assert.deepEqual(summarize({ user, ...(group ? { group } : {}) }), { user: 7, group: 2, commented: 2 });
  });
});

describe('propose: multi-tenant accounts / members / teams', () => {
  const { user, group } = draftOf(MULTI_TENANT);
  test('members (with an email column) is the users table, not accounts', () => {
    assert.equal(user.table, 'members');
  });
  test('disabled is active inverted; deactivated_at is offered as the other candidate', () => {
    assert.deepEqual(mapping(user), {
      userName: { column: 'email', required: true },
      'emails[type eq "work"].value': 'email',
      displayName: 'full_name',
      active: { column: 'disabled', map: { true: false, false: true } },
      'meta.created': 'inserted_at',
    });
    assert.deepEqual(unmapped(user), ['active: deactivated_at']);
  });
  test('userName unique per tenant (account_id, email) needs no check', () => {
    assert.equal(user.attributes[0]?.check, undefined);
    assert.match(user.attributes[0]?.reason ?? '', /unique in the database/);
  });
  test('account_id becomes scope: ${SCIM_ACCOUNT_ID} on both resources', () => {
    assert.deepEqual(user.skipped, ['account_id']);
    assert.deepEqual({ column: user.scope?.column, variable: user.scope?.variable }, { column: 'account_id', variable: 'SCIM_ACCOUNT_ID' });
    assert.match(user.scope?.reason ?? '', /tenant column/);
    assert.deepEqual(group?.skipped, ['account_id']);
    assert.equal(group?.scope?.variable, 'SCIM_ACCOUNT_ID');
  });
  test('teams joined through memberships is the Group', () => {
    assert.equal(group?.table, 'teams');
    assert.deepEqual(group?.members, { through: 'memberships', group: 'team_id', member: 'member_id' });
    assert.deepEqual(mapping(group as DraftResource), { displayName: { column: 'name', required: true }, externalId: 'external_id' });
  });
});

describe('propose: uuid keys and a status enum', () => {
  const { user } = draftOf(UUID_STATUS);
  test('without the enum values (no catalog hints), status maps active ↔ "active", "inactive" and asks to check the values', () => {
    const active = user.attributes.find((a) => a.path === 'active');
    assert.deepEqual(active?.map, { true: 'active', false: 'inactive' });
    assert.match(active?.check ?? '', /inactive\? deprovisioned\? disabled\? suspended\?/);
  });
  test('login is userName, core and enterprise attributes are guessed', () => {
    assert.deepEqual(user.id, { column: 'id', reason: 'the primary key' });
    assert.deepEqual(mapping(user), {
      userName: { column: 'login', required: true },
      'emails[type eq "work"].value': 'email',
      displayName: 'display_name',
      locale: 'locale',
      timezone: 'timezone',
      active: { column: 'status', map: { true: 'active', false: 'inactive' } },
      [`${ENTERPRISE}:employeeNumber`]: 'employee_number',
      [`${ENTERPRISE}:costCenter`]: 'cost_center',
      [`${ENTERPRISE}:manager.value`]: 'manager_id',
    });
    assert.equal(user.delete?.soft, 'is_deleted');
  });
  test('manager_id, a foreign key to users.id, is the enterprise manager', () => {
    const manager = user.attributes.find((a) => a.path === `${ENTERPRISE}:manager.value`);
    assert.equal(manager?.column, 'manager_id');
    assert.match(manager?.reason ?? '', /manager_id references users\.id: SCIM shows it as the manager's User id/);
    assert.deepEqual(user.unmapped.map((c) => [c.column, c.path, c.note]), [['avatar', undefined, undefined]]);
  });
});

describe('propose: edge cases', () => {
  const col = (name: string, kind: 'string' | 'integer' | 'dateTime' | 'boolean') =>
    ({ name, kind, dataType: kind, nullable: true, hasDefault: false, autoIncrement: false });
  test('a losing candidate is offered under the path it could feed', () => {
    const base = { primaryKey: ['id'], uniques: [], foreignKeys: [] };
    const { user } = draftOf({ tables: [{ name: 'users', columns: [col('id', 'integer'), col('email', 'string'), col('full_name', 'string'), col('display_name', 'string')], ...base }] });
    assert.equal(user.attributes.find((a) => a.path === 'displayName')?.column, 'display_name');
    assert.deepEqual(unmapped(user), ['displayName: full_name']);
  });
  test('no users-like table is reported with the tables seen', () => {
    const schema: DbSchema = { tables: [{ name: 'orders', columns: [col('id', 'integer')], primaryKey: ['id'], uniques: [], foreignKeys: [] }] };
    assert.deepEqual(propose(schema), { kind: 'noUsersTable', tables: ['orders'] });
  });
  test('an integer flag maps 1/0; deactivated_at alone maps null/$now; a groups table without a join table is not proposed', () => {
    const base = { primaryKey: ['id'], uniques: [], foreignKeys: [] };
    const { user: a, group } = draftOf({ tables: [
      { name: 'groups', columns: [col('id', 'integer'), col('name', 'string')], ...base },
      { name: 'people', columns: [col('id', 'integer'), col('email', 'string'), col('enabled', 'integer')], ...base },
    ] });
    assert.equal(group, undefined);
    assert.deepEqual(a.attributes.find((x) => x.path === 'active')?.map, { true: 1, false: 0 });
    const { user: b } = draftOf({ tables: [
      { name: 'accounts', columns: [col('id', 'integer'), col('user_name', 'string'), col('deactivated_at', 'dateTime')], ...base },
    ] });
    assert.deepEqual(b.attributes.find((x) => x.path === 'active')?.map, { true: null, false: '$now' });
  });
});
