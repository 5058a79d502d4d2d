import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { headWord, phraseOf, schemaPrefixes, singular, splitWords, stripPrefix, tableWords } from '../../../src/generate/words.js';

describe('words: names split into canonical words', () => {
  test('snake_case, camelCase, PascalCase, acronyms and digits', () => {
    assert.deepEqual(splitWords('first_name'), ['first', 'name']);
    assert.deepEqual(splitWords('firstName'), ['first', 'name']);
    assert.deepEqual(splitWords('CreateAt'), ['create', 'at']);
    assert.deepEqual(splitWords('SAMLNameId'), ['saml', 'name', 'id']);
    assert.deepEqual(splitWords('phone1'), ['phone', '1']);
    assert.deepEqual(splitWords('USER_EMAIL'), ['user', 'email']);
  });
  test('compounds and abbreviations become canonical words', () => {
    assert.equal(phraseOf('firstname'), 'first name');
    assert.equal(phraseOf('usr_first_nm'), 'user first name');
    assert.equal(phraseOf('fname'), 'first name');
    assert.equal(phraseOf('timecreated'), 'time created');
    assert.equal(phraseOf('user_pass'), 'user password');
    assert.equal(phraseOf('otpKey'), 'otp key');
    assert.equal(phraseOf('dept'), 'department');
    assert.equal(phraseOf('mgr_id'), 'manager id');
    assert.equal(phraseOf('tz'), 'timezone');
    assert.equal(phraseOf('e2fa'), 'e 2fa');
  });
  test('names glued by case folding split by the vocabulary (PostgreSQL folds CreateAt to createat); ordinary words stay whole', () => {
    assert.equal(phraseOf('createat'), 'create at');
    assert.equal(phraseOf('deleteat'), 'delete at');
    assert.equal(phraseOf('lastpasswordupdate'), 'last password update');
    assert.equal(phraseOf('emailverified'), 'email verified');
    assert.equal(phraseOf('createdbyid'), 'created by id');
    for (const w of ['position', 'password', 'timezone', 'status', 'person', 'format', 'hobby', 'valid', 'rands', 'mnethostid']) assert.equal(phraseOf(w), w, w);
  });
  test('singular forms', () => {
    assert.deepEqual(['users', 'people', 'categories', 'statuses', 'addresses', 'teams', 'status'].map(singular),
      ['user', 'person', 'category', 'status', 'address', 'team', 'status']);
  });
});

describe('words: table prefixes', () => {
  test('known prefixes are stripped; never down to nothing', () => {
    const known = schemaPrefixes([]);
    assert.equal(stripPrefix('wp_users', known), 'users');
    assert.equal(stripPrefix('jos_user_usergroup_map', known), 'user_usergroup_map');
    assert.equal(stripPrefix('kimai2_users_teams', known), 'users_teams');
    assert.equal(stripPrefix('phpbb_groups', known), 'groups');
    assert.equal(stripPrefix('auth_', known), 'auth_');
  });
  test('a prefix most tables share is found (xx_ users, groups, memberships)', () => {
    const prefixes = schemaPrefixes(['acme_users', 'acme_groups', 'acme_group_users', 'migrations']);
    assert.ok(prefixes.includes('acme_'));
    assert.deepEqual(tableWords('acme_group_users', prefixes), ['group', 'user']);
    assert.equal(headWord('acme_groups', prefixes), 'group');
  });
  test('a table named `user` (a reserved word) or `res_users` heads as user; usergroups as group', () => {
    const p = schemaPrefixes([]);
    assert.equal(headWord('user', p), 'user');
    assert.equal(headWord('res_users', p), 'user');
    assert.equal(headWord('jos_usergroups', p), 'group');
    assert.equal(headWord('UserGroups', p), 'group');
  });
});
