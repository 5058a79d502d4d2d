import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyValue, proposePeople } from '../../../src/generate/people.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { AUTHENTIK, GRAFANA, METABASE, PHPBB, SINGLE_TABLE, WIKI, ZULIP } from './apps.js';
import { cols, facts, table } from './fixtures.js';
import { appDraft, scopeOf } from './helpers.js';

describe('which rows are people', () => {
  test('values read as words', () => {
    assert.deepEqual(['User', 'personal', 'Bot', 'service_account', 'internal_service_account', 'USER_GROUP', 'Organization', 'internal', 'api-key', 'SuperAdmin'].map(classifyValue),
      ['person', 'person', 'notPerson', 'notPerson', 'notPerson', 'group', 'group', 'ambiguous', 'notPerson', 'person']);
  });
  test('flags: Grafana is_service_account (nullable: false or NULL), Zulip is_bot, Wiki isSystem (the guest row)', () => {
    assert.deepEqual(scopeOf(appDraft(GRAFANA).user)['is_service_account'], [false, null]);
    assert.equal(scopeOf(appDraft(ZULIP).user)['is_bot'], false);
    assert.equal(scopeOf(appDraft(WIKI).user)['isSystem'], false);
  });
  test('a link column: service_account_client_link and bot_owner_id must be NULL for people', () => {
    const t = table('u', cols('id:integer!', 'username:string!', 'service_account_client_link'));
    assert.deepEqual(proposePeople(viewOf({ tables: [t] }), t, new Set()).scope.map((s) => [s.column, s.value]), [['service_account_client_link', null]]);
    assert.equal(scopeOf(appDraft(ZULIP).user)['bot_owner_id'], null);
  });
  test('type values: Metabase keeps personal (internal is a system row when a clear person value exists)', () => {
    const user = appDraft(METABASE).user;
    assert.equal(scopeOf(user)['type'], 'personal');
    assert.match(user.scope[0]?.reason ?? '', /internal, api-key are not \(creates write personal\)/);
  });
  test('type values: Authentik keeps internal and external (no clearer person value), with a CHECK', () => {
    const user = appDraft(AUTHENTIK).user;
    assert.deepEqual(scopeOf(user)['type'], ['internal', 'external']);
    assert.match(user.scope[0]?.check ?? '', /internal, external: taken as people/);
  });
  test('Rails STI: NULL (the base class) and SuperAdmin are people, Bot is not', () => {
    const t = table('users', cols('id:integer!', 'email:string!', 'type'));
    const sample = facts({ users: { sampled: 6, columns: { type: [[null, 4], ['SuperAdmin', 1], ['Bot', 1]] } } });
    const scope = proposePeople(viewOf({ tables: [t] }, sample), t, new Set()).scope[0];
    assert.deepEqual(scope?.value, ['SuperAdmin', null]);
  });
  test('integer types have no words: a CHECK listing the values, no scope (phpBB user_type)', () => {
    const user = appDraft(PHPBB).user;
    assert.deepEqual(user.scope, []);
    assert.match(user.notes.join('\n'), /CHECK: user_type holds 2 \(3 rows\), 0 \(2 rows\), 3 \(1 rows\)/);
  });
  test('groups as rows of the users table: people scope on User, a second resource for the group value', () => {
    const { user, group } = appDraft(SINGLE_TABLE);
    assert.equal(scopeOf(user)['type'], 'user');
    assert.equal(group?.table, 'account');
    assert.equal(scopeOf(group!)['type'], 'group');
    assert.deepEqual(group?.relations.map((r) => r.spec), [{ through: 'org_user', group: 'org_id', member: 'uid', defaults: { is_public: false } }]);
  });
  test('a catalog enum is read too: values never sampled still count', () => {
    const t = table('users', cols('id:integer!', 'email:string!', 'account_type:string!').map((c) => (c.name === 'account_type' ? { ...c, allowed: ['human', 'robot'] } : c)));
    assert.equal(proposePeople(viewOf({ tables: [t] }), t, new Set()).scope[0]?.value, 'human');
  });
});
