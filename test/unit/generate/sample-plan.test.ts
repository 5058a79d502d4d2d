import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLED_COLUMNS, columnsToSample } from '../../../src/generate/sample-plan.js';
import { GRAFANA, KIMAI, SHAPES, ZULIP } from './apps.js';
import { factsOf, viewOf } from '../../../src/generate/schema-view.js';
import { cols, DJANGO, facts, RAILS, table } from './fixtures.js';

describe('columnsToSample: what the generator needs from the data, and nothing secret', () => {
  test('Grafana: org_id (tenant?), is_service_account, is_disabled, is_admin; nullable salt and rands only for their NULLs; never the key', () => {
    const [user] = columnsToSample(GRAFANA.schema);
    assert.equal(user?.table, 'user');
    for (const c of ['org_id', 'is_service_account', 'is_disabled', 'salt', 'rands']) assert.ok(user?.columns.includes(c), c);
    assert.ok(!user?.columns.includes('id'));
  });
  test('credential and login values never reach the rules: only NULL counts, and blanks', () => {
    const schema = { tables: [table('users', cols('id:integer!', 'login:string!', 'salt', 'name:string!'))] };
    const view = viewOf(schema, facts({ users: { sampled: 3, columns: { salt: [['abc', 1], ['', 2]], login: [['ann', 1], ['-', 1], ['', 1]], name: [['Ann', 3]] } } }));
    const values = (c: string) => factsOf(view, 'users', c)?.values?.map((v) => v.value);
    assert.deepEqual(values('salt'), ['']);
    assert.deepEqual(values('login'), ['-', '']);
    assert.deepEqual(values('name'), []);
  });
  test('the tables around the people: memberships, bot tables and groups tables are sampled too', () => {
    const tables = columnsToSample(GRAFANA.schema).map((r) => r.table);
    for (const t of ['user', 'team', 'team_member', 'org_user']) assert.ok(tables.includes(t), t);
  });
  test('Zulip: realm_id, is_bot, bot_owner_id; never api_key', () => {
    const user = columnsToSample(ZULIP.schema).find((r) => r.table === 'zerver_userprofile');
    for (const c of ['realm_id', 'is_bot', 'bot_owner_id']) assert.ok(user?.columns.includes(c), c);
    assert.ok(!user?.columns.includes('api_key'));
  });
  test('status, kind, account_id and integer times of a person table; bounded per table', () => {
    const person = columnsToSample(SHAPES.schema).find((r) => r.table === 'person');
    for (const c of ['status', 'kind', 'account_id', 'prohibit_login', 'created_unix']) assert.ok(person?.columns.includes(c), c);
    for (const r of columnsToSample(SHAPES.schema)) assert.ok(r.columns.length <= MAX_SAMPLED_COLUMNS);
  });
  test('a key-value table\'s key column', () => {
    assert.ok(columnsToSample(KIMAI.schema).some((r) => r.table === 'kimai2_user_preferences' && r.columns.join() === 'name'));
  });
  test('the CLI fixtures: Django is_active/is_staff/is_superuser; a NOT NULL password is never read', () => {
    assert.deepEqual(columnsToSample(DJANGO)[0]?.columns.includes('is_active'), true);
    assert.ok(columnsToSample(RAILS).every((r) => !r.columns.includes('encrypted_password')));
  });
});
