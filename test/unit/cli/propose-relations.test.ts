import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { summaryLine } from '../../../src/cli/init.js';
import { propose, statusToSample, type Draft, type ProposeHints } from '../../../src/cli/propose.js';
import { statusFromData } from '../../../src/cli/propose-extras.js';
import { renderYaml } from '../../../src/cli/render-yaml.js';
import type { DbSchema } from '../../../src/mapping/db-schema.js';
import { CHILD_TABLES, DEMO, DJANGO, MULTI_TENANT, RAILS, UUID_STATUS } from './propose-fixtures.js';

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
const SQLITE = { client: 'sqlite', connection: './app.sqlite' } as const;

function draftOf(schema: DbSchema, hints: ProposeHints = {}): Draft {
  const result = propose(schema, hints);
  assert.equal(result.kind, 'draft');
  return (result as { draft: Draft }).draft;
}

const specs = (r: Draft['user']) => Object.fromEntries(r.relations.map((x) => [x.path, x.spec]));

describe('propose: the demo database', () => {
  const draft = draftOf(DEMO, { observedValues: new Map([['users.status', ['active', 'deprovisioned']]]) });
  test('phoneNumbers from user_phones, groups from team_members; members on the Group', () => {
    assert.deepEqual(specs(draft.user), {
      phoneNumbers: { table: 'user_phones', key: 'user_id', fields: { value: 'number', type: 'kind', primary: 'is_primary' } },
      groups: { through: 'team_members', group: 'team_id', member: 'user_id' },
    });
    assert.deepEqual(specs(draft.group as Draft['user']), { members: { through: 'team_members', group: 'team_id', member: 'user_id' } });
    assert.deepEqual(draft.user.offered, []);
  });
  test('manager_id (a foreign key to users.id) is the manager; personal_email the home email', () => {
    assert.equal(draft.user.attributes.find((a) => a.path === MANAGER)?.column, 'manager_id');
    assert.equal(draft.user.attributes.find((a) => a.path === 'emails[type eq "home"].value')?.column, 'personal_email');
  });
  test('the status values seen in the data give the active map, without a CHECK', () => {
    const active = draft.user.attributes.find((a) => a.path === 'active');
    assert.deepEqual(active?.map, { true: 'active', false: 'deprovisioned' });
    assert.equal(active?.check, undefined);
    assert.match(active?.reason ?? '', /values in the data: active, deprovisioned; deactivating writes deprovisioned/);
  });
  test('the YAML holds the relations as real mappings, and the summary names them', () => {
    const config = parse(renderYaml(draft, SQLITE));
    assert.deepEqual(config.resources.User.attributes.phoneNumbers, { table: 'user_phones', key: 'user_id', fields: { value: 'number', type: 'kind', primary: 'is_primary' } });
    assert.deepEqual(config.resources.Group.attributes.members, { through: 'team_members', group: 'team_id', member: 'user_id' });
    assert.equal(config.resources.User.attributes[MANAGER], 'manager_id');
    assert.match(summaryLine(draft), /to User \(\+ phoneNumbers from user_phones, groups through team_members\), 5 of teams to Group \(\+ members through team_members\)/);
  });
  test('without observed values init asks to sample users.status; with them it does not', () => {
    assert.deepEqual(statusToSample(DEMO, propose(DEMO)), { table: 'users', column: 'status' });
    assert.equal(statusToSample(DEMO, propose(DEMO, { observedValues: new Map([['users.status', ['active', 'deprovisioned']]]) })), undefined);
    assert.equal(statusToSample(RAILS, propose(RAILS)), undefined);
    assert.equal(statusToSample(UUID_STATUS, propose(UUID_STATUS, { enumValues: new Map([['users.status', ['active', 'suspended']]]) })), undefined);
  });
});

describe('propose: child tables', () => {
  const { user } = draftOf(CHILD_TABLES);
  test('a list table is mapped with value, type and primary columns; generic value names only where the table name says', () => {
    assert.deepEqual(specs(user), {
      emails: { table: 'user_emails', key: 'user_id', fields: { value: 'email_address', type: 'email_type', primary: 'preferred' } },
      phoneNumbers: { table: 'phones', key: 'owner_id', fields: { value: 'number', type: 'label' } },
    });
    assert.match(user.relations[0]?.reason ?? '', /child table user_emails \(user_id → users\), guessed from column name email_address/);
  });
  test('one-to-one tables, join tables and tables whose name says nothing about a generic column are left alone', () => {
    const tables = [...user.relations, ...user.offered].map((r) => 'table' in r.spec ? r.spec.table : r.spec.through);
    for (const t of ['user_profiles', 'user_roles', 'invoices']) assert.ok(!tables.includes(t), t);
  });
  test('a second table for the same attribute, and a table with a NOT NULL column no field fills, are offered with why', () => {
    assert.deepEqual(user.offered.map((r) => [r.path, 'table' in r.spec ? r.spec.table : '', r.reason.replace(/:.*/, '')]), [
      ['phoneNumbers', 'user_mobiles', '— another candidate for phoneNumbers (keep one)'],
      ['entitlements', 'user_entitlements', '— not mapped'],
    ]);
    assert.match(user.offered[1]?.reason ?? '', /user_entitlements\.granted_by is NOT NULL without a database default/);
  });
  test('reports_to referencing users is the manager', () => {
    assert.equal(user.attributes.find((a) => a.path === MANAGER)?.column, 'reports_to');
  });
  test('offered tables render as comment lines that, uncommented, are valid mappings', () => {
    const text = renderYaml(draftOf(CHILD_TABLES), SQLITE);
    const line = /^( {6})# (entitlements: \{ table: user_entitlements, key: user_id, fields: \{ value: value \} \})   — not mapped/m;
    assert.match(text, line);
    const config = parse(text.replace(line, '$1$2 #'));
    assert.deepEqual(config.resources.User.attributes.entitlements, { table: 'user_entitlements', key: 'user_id', fields: { value: 'value' } });
  });
});

describe('propose: a child table for an attribute the users table already maps', () => {
  const schema: DbSchema = {
    tables: [
      ...RAILS.tables,
      {
        name: 'user_emails', primaryKey: ['id'], uniques: [], foreignKeys: [{ columns: ['user_id'], refTable: 'users', refColumns: ['id'] }],
        columns: ['id', 'user_id', 'address', 'kind'].map((name) => ({ name, kind: name.endsWith('id') ? 'integer' as const : 'string' as const, dataType: 'x', nullable: false, hasDefault: name === 'id', autoIncrement: name === 'id' })),
      },
    ],
  };
  test('the column form (users.email) stays; the table is offered as a comment that says why', () => {
    const { user } = draftOf(schema);
    assert.equal(user.attributes.find((a) => a.path === 'emails[type eq "work"].value')?.column, 'email');
    assert.deepEqual(user.relations, []);
    assert.equal(user.offered.length, 1);
    assert.deepEqual(user.offered[0]?.spec, { table: 'user_emails', key: 'user_id', fields: { value: 'address', type: 'kind' } });
    assert.match(user.offered[0]?.reason ?? '', /emails already comes from users\.email.*not both/);
    assert.match(renderYaml(draftOf(schema), SQLITE), /# emails: \{ table: user_emails, key: user_id, fields: \{ value: address, type: kind \} \} {3}— not mapped/);
  });
});

describe('propose: membership', () => {
  test('multi-tenant: members through memberships, groups on the member', () => {
    const { user, group } = draftOf(MULTI_TENANT);
    assert.deepEqual(specs(group as Draft['user']), { members: { through: 'memberships', group: 'team_id', member: 'member_id' } });
    assert.deepEqual(specs(user), { groups: { through: 'memberships', group: 'team_id', member: 'member_id' } });
  });
  test('a join table with a NOT NULL column and no default gets a CHECK on members', () => {
    const schema: DbSchema = {
      tables: DJANGO.tables.map((t) => t.name !== 'auth_user_groups' ? t : {
        ...t, columns: [...t.columns, { name: 'added_by', kind: 'string' as const, dataType: 'text', nullable: false, hasDefault: false, autoIncrement: false }],
      }),
    };
    const members = draftOf(schema).group?.relations[0];
    assert.match(members?.check ?? '', /adding a member inserts a row into auth_user_groups, whose added_by is NOT NULL/);
    assert.match(renderYaml(draftOf(schema), SQLITE), /# CHECK: adding a member.*\n\s+members: \{ through: auth_user_groups/);
  });
  test('no join table, no Group and no groups', () => {
    const { user, group } = draftOf(RAILS);
    assert.equal(group, undefined);
    assert.deepEqual(user.relations, []);
  });
});

describe('propose: active from the values in the data', () => {
  const base = { path: 'active', column: 'status', reason: 'guessed from column name status', map: { true: 'active', false: 'inactive' }, check: 'the values…' };
  test('true ↔ the active value; false ↔ every inactive-looking value, best first', () => {
    const a = statusFromData(base, ['Active', 'archived', 'deprovisioned', 'suspended']);
    assert.deepEqual(a.map, { true: 'Active', false: ['deprovisioned', 'suspended', 'archived'] });
    assert.equal(a.check, undefined);
    assert.match(a.reason, /deactivating writes deprovisioned/);
  });
  test('values that fit neither keep a CHECK naming them', () => {
    const a = statusFromData(base, ['active', 'disabled', 'invited', 'pending']);
    assert.deepEqual(a.map, { true: 'active', false: 'disabled' });
    assert.match(a.check ?? '', /the data also holds invited, pending/);
  });
  test('no inactive value seen (or no active one): the guess stays, its CHECK lists what the data holds', () => {
    const onlyActive = statusFromData(base, ['active']);
    assert.deepEqual(onlyActive.map, base.map);
    assert.match(onlyActive.check ?? '', /the data holds: active/);
    assert.deepEqual(statusFromData(base, ['new', 'gone']).map, base.map);
    assert.equal(statusFromData(base, undefined), base);
    assert.equal(statusFromData(base, []), base);
  });
  test('catalog values win over observed ones', () => {
    const { user } = draftOf(UUID_STATUS, {
      enumValues: new Map([['users.status', ['active', 'suspended', 'deprovisioned']]]),
      observedValues: new Map([['users.status', ['active', 'disabled']]]),
    });
    assert.deepEqual(user.attributes.find((a) => a.path === 'active')?.map, { true: 'active', false: ['deprovisioned', 'suspended'] });
  });
});
