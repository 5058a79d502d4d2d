/** The whole generator on the schemas the CLI round trip uses: plain forms where they suffice. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTERPRISE } from '../../../src/generate/dictionary.js';
import { summarize, summaryLine } from '../../../src/generate/summary.js';
import { DEMO, DJANGO, MULTI_TENANT, RAILS, UUID_STATUS, facts } from './fixtures.js';
import { draftOf, mapping, relations, scopeOf } from './helpers.js';

const unmapped = (r: { unmapped: readonly { column: string; path?: string }[] }) => r.unmapped.map((c) => `${c.path ?? '?'}: ${c.column}`);

describe('generate: Rails users with Devise and paranoia', () => {
  const { user, group } = draftOf(RAILS);
  test('email is userName and the work email; names and timestamps', () => {
    assert.deepEqual(mapping(user), {
      userName: { column: 'email', required: true }, 'emails[type eq "work"].value': 'email',
      'name.givenName': 'first_name', 'name.familyName': 'last_name', 'meta.created': 'created_at', 'meta.lastModified': 'updated_at',
    });
    assert.equal(group, undefined);
    assert.equal(user.delete?.soft, 'deleted_at');
  });
  test('credentials in a note, never offered; NOT NULL columns get create-only defaults', () => {
    assert.deepEqual(user.credentials, ['encrypted_password', 'reset_password_token']);
    assert.match(user.notes.join('\n'), /not mapped: credential .*: encrypted_password, reset_password_token/);
    assert.deepEqual(unmapped(user), []);
    assert.deepEqual(user.defaults.map((d) => [d.column, d.value]), [['encrypted_password', '!'], ['sign_in_count', 0]]);
  });
  test('plain forms only: no scope, join, derived', () => {
    assert.deepEqual([user.scope, user.join, user.derived], [[], [], []]);
  });
});

describe('generate: Django contrib.auth', () => {
  const { user, group } = draftOf(DJANGO);
  test('username is userName; is_active is active; auth_group through auth_user_groups', () => {
    assert.deepEqual(mapping(user), {
      userName: { column: 'username', required: true }, 'emails[type eq "work"].value': 'email', 'name.givenName': 'first_name',
      'name.familyName': 'last_name', 'meta.created': 'date_joined', active: 'is_active',
    });
    assert.deepEqual(relations(group!), { members: { through: 'auth_user_groups', group: 'group_id', member: 'user_id' } });
    assert.deepEqual(relations(user), { groups: { through: 'auth_user_groups', group: 'group_id', member: 'user_id' } });
    assert.deepEqual(mapping(group!), { displayName: { column: 'name', required: true } });
  });
  test('summary counts', () => {
    assert.deepEqual(summarize({ user, ...(group ? { group } : {}) }), { user: 7, group: 2, commented: 2 });
  });
});

describe('generate: multi-tenant accounts / members / teams', () => {
  const sample = facts({ members: { sampled: 3, columns: { account_id: [[1, 2], [2, 1]], disabled: [[false, 2], [true, 1]] } } });
  const { user, group } = draftOf(MULTI_TENANT, sample);
  test('members is the users table; disabled is active inverted; deactivated_at offered', () => {
    assert.equal(user.table, 'members');
    assert.deepEqual(mapping(user)['active'], { column: 'disabled', map: { true: false, false: true } });
    assert.deepEqual(user.offered.map((o) => o.value), ['deactivated_at']);
  });
  test('a plain scalar scope on both resources', () => {
    assert.deepEqual(scopeOf(user), { account_id: '$tenant' });
    assert.deepEqual(scopeOf(group!), { account_id: '$tenant' });
    assert.match(user.attributes[0]?.reason ?? '', /unique within the scope \(account_id, email\)/);
  });
});

describe('generate: uuid keys, a status enum, a self-referencing manager', () => {
  const enumSchema = { tables: UUID_STATUS.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.name === 'status' ? { ...c, allowed: ['active', 'suspended', 'deprovisioned'] } : c)) })) };
  const { user } = draftOf(enumSchema);
  test('the catalog values give the map; deprovisioning writes deprovisioned', () => {
    assert.deepEqual(mapping(user)['active'], { column: 'status', map: { true: 'active', false: ['deprovisioned', 'suspended'] } });
  });
  test('core and enterprise attributes, manager_id, is_deleted', () => {
    const m = mapping(user);
    assert.equal(m[`${ENTERPRISE}:manager.value`], 'manager_id');
    assert.equal(m[`${ENTERPRISE}:costCenter`], 'cost_center');
    assert.equal(m['locale'], 'locale');
    assert.equal(user.delete?.soft, 'is_deleted');
  });
  test('without the foreign key, manager_id is still the manager: named like one and typed like the key', () => {
    const noFk = { tables: UUID_STATUS.tables.map((t) => ({ ...t, foreignKeys: [] })) };
    assert.match(draftOf(noFk).user.attributes.find((a) => a.path === `${ENTERPRISE}:manager.value`)?.reason ?? '', /named like a manager and typed like users\.id/);
  });
});

describe('generate: the demo database', () => {
  const sample = facts({ users: { sampled: 25, columns: { status: [['active', 20], ['deprovisioned', 5]] } } });
  const draft = draftOf(DEMO, sample);
  test('status values from the sample, phones, groups, manager', () => {
    assert.deepEqual(mapping(draft.user)['active'], { column: 'status', map: { true: 'active', false: 'deprovisioned' } });
    assert.deepEqual(relations(draft.user), {
      phoneNumbers: { table: 'user_phones', key: 'user_id', fields: { value: 'number', type: 'kind', primary: 'is_primary' } },
      groups: { through: 'team_members', group: 'team_id', member: 'user_id' },
    });
  });
  test('the summary line names the relations', () => {
    assert.match(summaryLine(draft), /to User \(\+ phoneNumbers from user_phones, groups through team_members\), 5 of teams to Group \(\+ members through team_members\)/);
  });
});
