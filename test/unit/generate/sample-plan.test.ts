import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLED_COLUMNS, columnsToSample } from '../../../src/generate/sample-plan.js';
import { GRAFANA, KIMAI, SHAPES, ZULIP } from './apps.js';
import { DJANGO, RAILS } from './fixtures.js';

describe('columnsToSample: what the generator needs from the data, and nothing secret', () => {
  test('Grafana: org_id (tenant?), is_service_account, is_disabled, is_admin — never password, salt, rands, login or email', () => {
    const [user] = columnsToSample(GRAFANA.schema);
    assert.equal(user?.table, 'user');
    for (const c of ['org_id', 'is_service_account', 'is_disabled']) assert.ok(user?.columns.includes(c), c);
    for (const c of ['password', 'salt', 'rands', 'login', 'email', 'id']) assert.ok(!user?.columns.includes(c), c);
  });
  test('Zulip: realm_id, is_bot, bot_owner_id; never api_key', () => {
    const user = columnsToSample(ZULIP.schema).find((r) => r.table === 'zerver_userprofile');
    for (const c of ['realm_id', 'is_bot', 'bot_owner_id']) assert.ok(user?.columns.includes(c), c);
    assert.ok(!user?.columns.includes('api_key'));
  });
  test('status, kind, account_id and integer times of a person table; at most a handful per table', () => {
    const person = columnsToSample(SHAPES.schema).find((r) => r.table === 'person');
    for (const c of ['status', 'kind', 'account_id', 'prohibit_login', 'created_unix']) assert.ok(person?.columns.includes(c), c);
    assert.ok(!person?.columns.some((c) => ['totp_seed', 'secret_word', 'login'].includes(c)));
    for (const r of columnsToSample(SHAPES.schema)) assert.ok(r.columns.length <= MAX_SAMPLED_COLUMNS);
  });
  test('a key-value table\'s key column', () => {
    assert.ok(columnsToSample(KIMAI.schema).some((r) => r.table === 'kimai2_user_preferences' && r.columns.join() === 'name'));
  });
  test('the CLI fixtures: Django is_active/is_staff/is_superuser, Rails active', () => {
    assert.deepEqual(columnsToSample(DJANGO)[0]?.columns.includes('is_active'), true);
    assert.ok(columnsToSample(RAILS).every((r) => !r.columns.includes('encrypted_password')));
  });
});
