import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../../../src/generate/generate.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { chooseUsersTable } from '../../../src/generate/users-table.js';
import { GRAFANA, JOOMLA, KIMAI, ODOO, SHAPES, ZULIP } from './apps.js';
import { cols, table } from './fixtures.js';

const chosen = (schema: Parameters<typeof viewOf>[0]) => {
  const c = chooseUsersTable(viewOf(schema));
  return c.kind === 'chosen' ? c.table.name : c.kind;
};

describe('the users table, chosen by its columns', () => {
  test('whatever the prefix or the name: user (reserved word), jos_users, kimai2_users, res_users, zerver_userprofile, person', () => {
    assert.equal(chosen(GRAFANA.schema), 'user');
    assert.equal(chosen(JOOMLA.schema), 'jos_users');
    assert.equal(chosen(KIMAI.schema), 'kimai2_users');
    assert.equal(chosen(ODOO.schema), 'res_users');
    assert.equal(chosen(ZULIP.schema), 'zerver_userprofile');
    assert.equal(chosen(SHAPES.schema), 'person');
  });
  test('xx_user with an xx_ prefix on every table', () => {
    assert.equal(chosen({ tables: [
      table('xx_user', cols('id:string!', 'username:string!', 'email', 'first_name', 'last_name', 'enabled:boolean!'), { uniques: [['username']] }),
      table('xx_group', cols('id:string!', 'name:string!')),
      table('xx_realm', cols('id:string!', 'name:string!')),
    ] }), 'xx_user');
  });
  test('a child table with an email column loses to its owner, and says why', () => {
    const schema = { tables: [
      table('accounts', cols('id:integer!', 'login:string!', 'password_digest', 'full_name')),
      table('account_emails', cols('id:integer!', 'account_id:integer!', 'email:string!')),
    ] };
    const c = chooseUsersTable(viewOf(schema));
    assert.ok(c.kind === 'chosen');
    assert.equal(c.table.name, 'accounts');
    assert.match(c.candidates.find((x) => x.table === 'account_emails')?.why ?? '', /a child of accounts \(account_id → accounts\.id\)/);
  });
  test('no table with a login or email column: an error that lists each table with why', () => {
    const result = generate({ tables: [table('orders', cols('id:integer!', 'total:integer')), table('customers_notes', cols('id:integer!', 'name', 'note'))] });
    assert.equal(result.kind, 'noUsersTable');
    assert.deepEqual(result.kind === 'noUsersTable' && result.candidates.map((c) => [c.table, c.why]), [
      ['customers_notes', 'no login or email column (has name columns)'], ['orders', 'no login or email column'],
    ]);
  });
  test('--users and --groups choose; an unknown name says which flag', () => {
    const r = generate(GRAFANA.schema, GRAFANA.facts, { users: 'org' });
    assert.equal(r.kind === 'draft' && r.draft.user.table, 'org');
    assert.deepEqual(generate(GRAFANA.schema, GRAFANA.facts, { groups: 'nope' }), { kind: 'unknownTable', flag: '--groups', table: 'nope' });
    assert.deepEqual(generate(GRAFANA.schema, GRAFANA.facts, { users: 'nope' }), { kind: 'unknownTable', flag: '--users', table: 'nope' });
  });
});
