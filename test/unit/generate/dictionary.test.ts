import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { guessAttributes } from '../../../src/generate/attributes.js';
import { ENTERPRISE, GROUP_ENTRIES, GROUP_OWNER_WORDS, USER_ENTRIES, phrasesOf } from '../../../src/generate/dictionary.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { LEGACY, MOODLE } from './apps.js';
import { cols, table } from './fixtures.js';
import { appDraft, mapping } from './helpers.js';

const guess = (...specs: string[]) => {
  const t = table('people', cols('id:integer!', ...specs));
  return Object.fromEntries(guessAttributes(viewOf({ tables: [t] }), t, USER_ENTRIES, { skip: new Set(['id']), taken: new Set() }).attributes.map((a) => [a.path, a.column]));
};

describe('dictionary: words and synonyms, not exact names', () => {
  test('a column owned by the table reads without its owner word (user_email, member_name)', () => {
    assert.deepEqual(phrasesOf('user_email'), ['user email', 'email']);
    assert.deepEqual(phrasesOf('is_active'), ['is active', 'active']);
  });
  test('given/surname, shown_name, position, staff_code, office/private email, external_ref', () => {
    assert.deepEqual(guess('given', 'surname', 'shown_name', 'position', 'staff_code', 'office_email', 'private_email', 'external_ref'), {
      'name.givenName': 'given', 'name.familyName': 'surname', displayName: 'shown_name', title: 'position',
      [`${ENTERPRISE}:employeeNumber`]: 'staff_code', 'emails[type eq "work"].value': 'office_email',
      'emails[type eq "home"].value': 'private_email', externalId: 'external_ref',
    });
  });
  test('abbreviations and camelCase: fname/lname, nick, dept, tz, lang, tel, cell, jobTitle, extern_uid', () => {
    assert.deepEqual(guess('fname', 'lname', 'nick', 'dept', 'tz', 'lang', 'tel', 'cell', 'jobTitle', 'extern_uid'), {
      'name.givenName': 'fname', 'name.familyName': 'lname', nickName: 'nick', [`${ENTERPRISE}:department`]: 'dept',
      timezone: 'tz', preferredLanguage: 'lang', 'phoneNumbers[type eq "work"].value': 'tel',
      'phoneNumbers[type eq "mobile"].value': 'cell', title: 'jobTitle', externalId: 'extern_uid',
    });
  });
  test('the better phrase wins, the other is kept as a candidate', () => {
    const t = table('u', cols('full_name', 'display_name'));
    const g = guessAttributes(viewOf({ tables: [t] }), t, USER_ENTRIES, { skip: new Set(), taken: new Set() });
    assert.deepEqual(g.attributes.map((a) => a.column), ['display_name']);
    assert.equal(g.alternatives.get('full_name'), 'displayName');
  });
  test('a group table reads `squad_name` / `group_name` as the name', () => {
    const t = table('squads', cols('id:integer!', 'squad_name:string!'));
    const g = guessAttributes(viewOf({ tables: [t] }), t, GROUP_ENTRIES, { skip: new Set(['id']), taken: new Set(), ownerWords: GROUP_OWNER_WORDS });
    assert.deepEqual(g.attributes.map((a) => [a.path, a.column]), [['displayName', 'squad_name']]);
  });
  test('Moodle: firstname, phone1/phone2, idnumber, institution, timecreated as Unix seconds', () => {
    const m = mapping(appDraft(MOODLE).user);
    assert.equal(m['name.givenName'], 'firstname');
    assert.equal(m['phoneNumbers[type eq "mobile"].value'], 'phone2');
    assert.equal(m[`${ENTERPRISE}:employeeNumber`], 'idnumber');
    assert.equal(m[`${ENTERPRISE}:organization`], 'institution');
    assert.deepEqual(m['meta.created'], { column: 'timecreated', epoch: 'seconds' });
  });
  test('a legacy schema: usr_login, fname, shown_name, ts_created, supervisor_id as the manager', () => {
    const m = mapping(appDraft(LEGACY).user);
    assert.deepEqual(m['userName'], { column: 'usr_login', required: true });
    assert.equal(m['meta.created'], 'ts_created');
    assert.equal(m[`${ENTERPRISE}:manager.value`], 'supervisor_id');
  });
});
