import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { viewOf } from '../../../src/generate/schema-view.js';
import { judgeTenants, tenantVariable } from '../../../src/generate/tenant.js';
import { GRAFANA, LEGACY, ODOO, SHAPES, ZULIP } from './apps.js';
import { MULTI_TENANT, cols, facts, fk, table } from './fixtures.js';
import { appDraft, draftOf, scopeOf } from './helpers.js';

const orgs = table('organizations', cols('id:integer!', 'name:string!'));

describe('tenant: a reference to an organisation-like table that users share', () => {
  test('Zulip realm_id (a realm the sampled users share) is the tenant ($tenant, each credential value from ${SCIM_REALM_ID}), on User and Group', () => {
    const { user, group } = appDraft(ZULIP);
    assert.equal(scopeOf(user)['realm_id'], '$tenant');
    assert.equal(user.scope.find((s) => s.column === 'realm_id')?.tenantVariable, 'SCIM_REALM_ID');
    assert.equal(scopeOf(group!)['realm_id'], '$tenant');
    assert.match(user.scope[0]?.reason ?? '', /references zerver_realm and the sampled users share its values/);
  });
  test('Grafana org_id (no foreign key: found by name) shared by every sampled user', () => {
    assert.equal(scopeOf(appDraft(GRAFANA).user)['org_id'], '$tenant');
  });
  test('the multi-tenant fixture: account_id shared by two members', () => {
    const sample = facts({ members: { sampled: 3, columns: { account_id: [[1, 2], [2, 1]] } } });
    const user = draftOf(MULTI_TENANT, sample).user;
    assert.deepEqual(user.scope.map((s) => [s.column, s.value, s.check]), [['account_id', '$tenant', undefined]]);
  });
  test('without a sample it is proposed with a CHECK', () => {
    assert.match(draftOf(MULTI_TENANT).user.scope[0]?.check ?? '', /no sampled rows show whether users share account_id/);
  });
});

describe('tenant: never a primary key, a per-user reference, a unique or a nullable column', () => {
  test('a primary key named org_id is the id, never the scope', () => {
    const { user } = appDraft(LEGACY);
    assert.equal(user.id?.column, 'org_id');
    assert.deepEqual(user.scope, []);
  });
  test('account_id pointing at the user\'s own account row (each sampled user its own) is a per-user reference', () => {
    const { user } = appDraft(SHAPES);
    assert.deepEqual(user.scope.filter((s) => s.column === 'account_id'), []);
    assert.match(user.notes.join('\n'), /not a tenant: account_id — account is a one-to-one side table of person/);
  });
  test('Odoo partner_id (res_partner holds people) is per-user; company_id is the tenant', () => {
    const verdicts = judgeTenants(viewOf(ODOO.schema, ODOO.facts), ODOO.schema.tables.find((t) => t.name === 'res_users')!, new Set(['res_partner']));
    assert.deepEqual(verdicts.map((v) => [v.column, v.scope !== undefined]), [['company_id', true]]);
  });
  test('a unique organization_id, and a nullable one with NULLs (customers\' companies, not tenants)', () => {
    const unique = table('users', cols('id:integer!', 'email:string!', 'organization_id:integer!'), { uniques: [['organization_id']], foreignKeys: [fk('organization_id', 'organizations')] });
    assert.match(judgeTenants(viewOf({ tables: [orgs, unique] }), unique, new Set())[0]?.rejected ?? '', /is unique/);
    const nullable = table('users', cols('id:integer!', 'email:string!', 'organization_id:integer'), { foreignKeys: [fk('organization_id', 'organizations')] });
    const sample = facts({ users: { sampled: 4, columns: { organization_id: [[null, 2], [1, 2]] } } });
    assert.match(judgeTenants(viewOf({ tables: [orgs, nullable] }, sample), nullable, new Set())[0]?.rejected ?? '', /may be NULL/);
  });
  test('no two sampled users share the value: not a tenant', () => {
    const t = table('users', cols('id:integer!', 'email:string!', 'organization_id:integer!'), { foreignKeys: [fk('organization_id', 'organizations')] });
    const sample = facts({ users: { sampled: 2, columns: { organization_id: [[1, 1], [2, 1]] } } });
    assert.match(judgeTenants(viewOf({ tables: [orgs, t] }, sample), t, new Set())[0]?.rejected ?? '', /no two sampled users share/);
  });
  test('variables: SCIM_ + the column in capitals, camelCase split', () => {
    assert.equal(tenantVariable('account_id'), 'SCIM_ACCOUNT_ID');
    assert.equal(tenantVariable('orgId'), 'SCIM_ORG_ID');
    assert.equal(tenantVariable('realmID'), 'SCIM_REALM_ID');
  });
});
