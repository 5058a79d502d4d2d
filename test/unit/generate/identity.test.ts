import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldedCopies, isIdentityLike, proposeUserName } from '../../../src/generate/identity.js';
import { describeUniqueness, uniquenessOf } from '../../../src/generate/uniqueness.js';
import { METABASE, PHPBB, SHAPES, SINGLE_TABLE, ZULIP } from './apps.js';
import { cols, table, uniqueIndex } from './fixtures.js';
import { appDraft, attr } from './helpers.js';

describe('uniqueness: read from uniques and indexes', () => {
  const t = table('users', cols('id:integer!', 'realm_id:string!', 'username:string!', 'login:string!', 'email', 'handle'), {
    uniques: [['realm_id', 'username']],
    indexes: [uniqueIndex('users_lower_login', 'lower(login)'), { name: 'live_email', unique: true, partial: true, where: 'deleted_at IS NULL', keys: [{ column: 'email' }] }],
  });
  test('an expression index on lower(login) makes login unique case-insensitively (not "no unique index")', () => {
    assert.deepEqual(uniquenessOf(t, 'login'), { kind: 'caseInsensitive', index: 'users_lower_login' });
  });
  test('a composite unique (realm_id, username) is unique within the realm scope, and a CHECK without it', () => {
    assert.deepEqual(uniquenessOf(t, 'username', ['realm_id']), { kind: 'within', columns: ['realm_id'] });
    assert.match(describeUniqueness('users', 'username', uniquenessOf(t, 'username')).check ?? '', /unique only together with realm_id/);
  });
  test('a partial unique index, and none at all', () => {
    assert.deepEqual(uniquenessOf(t, 'email'), { kind: 'partial', where: 'deleted_at IS NULL' });
    assert.match(describeUniqueness('users', 'handle', uniquenessOf(t, 'handle')).check ?? '', /no unique index/);
  });
  test('a composite unique with the tenant is unique within the scope (realm_id, upper(email))', () => {
    const t = table('people', cols('id:integer!', 'realm_id:integer!', 'email:string!'), { indexes: [uniqueIndex('u', 'realm_id', 'upper(email)')] });
    assert.deepEqual(uniquenessOf(t, 'email', ['realm_id']), { kind: 'within', columns: ['realm_id'] });
  });
  test('Zulip: delivery_email, the address people sign in with, beside a plain email that may be masked; the plain one is its copy', () => {
    const user = appDraft(ZULIP).user;
    assert.equal(attr(user, 'userName')?.column, 'delivery_email');
    assert.equal(attr(user, 'emails[type eq "work"].value')?.column, 'delivery_email');
    assert.deepEqual(user.derived.find((d) => d.column === 'email')?.from, 'userName');
  });
  test('Metabase: unique lower(email)', () => {
    assert.match(attr(appDraft(METABASE).user, 'userName')?.reason ?? '', /unique case-insensitively \(index idx_uniq_user_lower_email/);
  });
});

describe('identity: userName, folded copies, and no made-up values', () => {
  test('the login column first, then a unique handle beside a full name, then the email', () => {
    const t = table('u', cols('id:integer!', 'email:string!', 'login:string!'), { uniques: [['login']] });
    assert.equal(proposeUserName(t, [], new Set())?.column, 'login');
    const handle = table('u', cols('id:integer!', 'name:string!', 'lower_name:string!', 'full_name', 'email:string!'), { uniques: [['lower_name']] });
    assert.equal(proposeUserName(handle, [], new Set())?.column, 'name');
    assert.match(proposeUserName(handle, [], new Set())?.reason ?? '', /unique case-insensitively through its copy lower_name/);
    const mail = table('u', cols('id:integer!', 'name:string!', 'email:string!'));
    assert.equal(proposeUserName(mail, [], new Set())?.column, 'email');
  });
  test('a lower-cased copy next to its source becomes derived: login + lower_login, username + username_clean, name + lower_name, email + email_lower', () => {
    const t = table('u', cols('login', 'lower_login', 'username', 'username_clean', 'email', 'email_lower', 'UserNameUpper'));
    const derived = foldedCopies(t, [
      { path: 'userName', column: 'login', reason: '' }, { path: 'nickName', column: 'username', reason: '' },
      { path: 'emails[type eq "work"].value', column: 'email', reason: '' },
    ], new Set());
    assert.deepEqual(derived.map((d) => [d.column, d.from, d.transform]), [
      ['lower_login', 'userName', 'lower'], ['username_clean', 'nickName', 'lower'], ['email_lower', 'emails[type eq "work"].value', 'lower'],
      ['UserNameUpper', 'nickName', 'upper'],
    ]);
    assert.match(derived[1]?.check ?? '', /may normalise username_clean beyond lower-casing/);
  });
  test('phpBB: username_clean is derived from userName and never given $uuid; SHAPES: lower_login', () => {
    const phpbb = appDraft(PHPBB).user;
    assert.deepEqual(phpbb.derived.map((d) => [d.column, d.from]), [['username_clean', 'userName']]);
    assert.ok(!phpbb.defaults.some((d) => d.value === '$uuid'));
    assert.deepEqual(appDraft(SHAPES).user.derived.map((d) => [d.column, d.from, d.transform]), [['lower_login', 'userName', 'lower']]);
  });
  test('identity-like: named like a login/email/name or a copy, or unique text of the users table; not uuid/guid surrogates', () => {
    const t = table('u', cols('login', 'lower_email', 'display_name', 'slug', 'public_uuid', 'bio'), { uniques: [['slug'], ['public_uuid']] });
    const like = (name: string, users = true) => isIdentityLike(t, t.columns.find((c) => c.name === name)!, users);
    assert.deepEqual(['login', 'lower_email', 'display_name', 'slug', 'public_uuid', 'bio'].map((n) => like(n)), [true, true, true, true, false, false]);
    assert.equal(like('slug', false), false, 'a unique slug of a groups table may take $uuid');
  });
  test('a single-table design: the User takes name as userName, lower_name derived; no identity column gets a default', () => {
    const { user, group } = appDraft(SINGLE_TABLE);
    assert.equal(attr(user, 'userName')?.column, 'name');
    assert.deepEqual(user.derived.map((d) => d.column), ['lower_name']);
    assert.match(group?.notes.join('\n') ?? '', /POST \/Groups will fail until email has a value.*looks like an identity/);
  });
});
