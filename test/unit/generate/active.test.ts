import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { proposeActive } from '../../../src/generate/active.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { commentValues, integerStatusMap, textStatusMap } from '../../../src/generate/status-values.js';
import type { DataFacts, DbColumn } from '../../../src/mapping/db-schema.js';
import { JOOMLA, MOODLE, SHAPES } from './apps.js';
import { cols, facts, table } from './fixtures.js';
import { appDraft, attr } from './helpers.js';

const activeOf = (columns: DbColumn[], sample?: DataFacts) => {
  const t = table('users', [...cols('id:integer!', 'email:string!'), ...columns]);
  return proposeActive(viewOf({ tables: [t] }, sample), t, new Set(['id', 'email']));
};

describe('active: flags', () => {
  test('a boolean flag maps as is; an integer the sample shows holding 1/0 maps 1/0', () => {
    assert.deepEqual(activeOf(cols('is_active:boolean!')).attribute?.map, undefined);
    const sample = facts({ users: { sampled: 3, columns: { enabled: [[1, 2], [0, 1]] } } });
    assert.deepEqual(activeOf(cols('enabled:integer!'), sample).attribute?.map, { true: 1, false: 0 });
  });
  test('an integer is a flag only when the sample shows 0/1: unsampled, or holding Unix seconds, it is not (phpBB user_last_active)', () => {
    assert.equal(activeOf(cols('enabled:integer!')).attribute, undefined);
    const times = facts({ users: { sampled: 3, columns: { active: [[1700000000, 2], [0, 1]] } } });
    assert.equal(activeOf(cols('active:integer!'), times).attribute, undefined);
    const zeros = facts({ users: { sampled: 3, columns: { user_last_active: [[0, 3]] } } });
    assert.equal(activeOf(cols('user_last_active:integer!='), zeros).attribute, undefined);
  });
  test('a positive flag no sampled row sets is not the sign-in flag', () => {
    assert.equal(activeOf(cols('is_active:integer!'), facts({ users: { sampled: 3, columns: { is_active: [[0, 3]] } } })).attribute, undefined);
  });
  test('a flag about a second factor is not active (Wiki.js tfaIsActive)', () => {
    assert.equal(activeOf(cols('tfaIsActive:boolean!')).attribute, undefined);
  });
  test('inverted flags: disabled, block (Joomla, 0/1), locked, prohibit_login', () => {
    assert.deepEqual(activeOf(cols('disabled:boolean!')).attribute?.map, { true: false, false: true });
    assert.deepEqual(attr(appDraft(JOOMLA).user, 'active')?.map, { true: 0, false: 1 });
    assert.deepEqual(activeOf(cols('prohibit_login:boolean!')).attribute?.map, { true: false, false: true });
    assert.deepEqual(attr(appDraft(MOODLE).user, 'active')?.map, { true: 0, false: 1 });
  });
  test('flags about something else are not active: email_blocked, lockout_enabled, failed_attempts', () => {
    assert.equal(activeOf(cols('email_blocked:boolean!', 'lockout_enabled:boolean!', 'failed_attempts:integer!')).attribute, undefined);
  });
});

describe('active: status enums', () => {
  test('text: the catalog\'s list is complete, every non-active value reads inactive, the best inactive word first', () => {
    const col = { ...cols('status:string!')[0]!, allowed: ['pending', 'active', 'suspended', 'deprovisioned'] };
    assert.deepEqual(activeOf([col]).attribute?.map, { true: 'active', false: ['deprovisioned', 'suspended', 'pending'] });
  });
  test('text from the sample: values that are neither stay out, named in a CHECK', () => {
    const a = textStatusMap(['Active', 'archived', 'deprovisioned', 'suspended'], false, 'values in the data');
    assert.deepEqual(a?.map, { true: 'Active', false: ['deprovisioned', 'suspended', 'archived'] });
    const b = textStatusMap(['active', 'warn-1', 'locked'], false, 'values in the data');
    assert.deepEqual(b?.map, { true: 'active', false: 'locked' });
    assert.match(b?.check ?? '', /the data also holds warn-1/);
    assert.equal(textStatusMap(['new', 'old'], false, 'x'), undefined);
  });
  test('integer: 1 active, 2 registered, 3 locked from the sample → true: 1, false: [3, 2] with a CHECK', () => {
    const active = attr(appDraft(SHAPES).user, 'active');
    assert.deepEqual(active?.map, { true: 1, false: [3, 2] });
    assert.match(active?.check ?? '', /confirm 1 means active and 3 is what deprovisioning should store/);
  });
  test('integer with a column comment: the comment\'s words decide', () => {
    assert.deepEqual([...commentValues('1=active, 2=registered, 3=locked')], [[1, 'active'], [2, 'registered'], [3, 'locked']]);
    assert.deepEqual(integerStatusMap([], '0: disabled; 1: active; 2: pending')?.map, { true: 1, false: [0, 2] });
  });
  test('no values: the guess stays with its CHECK', () => {
    const a = activeOf(cols('status:string!')).attribute;
    assert.deepEqual(a?.map, { true: 'active', false: 'inactive' });
    assert.match(a?.check ?? '', /inactive\? deprovisioned\? disabled\? suspended\?/);
  });
});

describe('active: timestamps and several columns at once', () => {
  test('deactivated_at alone: NULL = active, deactivating stamps the time', () => {
    assert.deepEqual(activeOf(cols('deactivated_at:dateTime')).attribute?.map, { true: null, false: '$now' });
  });
  test('a suspension until a time alone: inactiveWhile future', () => {
    const a = activeOf(cols('banned_until:dateTime')).attribute;
    assert.deepEqual([a?.column, a?.inactiveWhile], ['banned_until', 'future']);
  });
  test('a status, a prohibit-login flag and suspended_till: status is written, the others go under also', () => {
    const a = attr(appDraft(SHAPES).user, 'active');
    assert.equal(a?.column, 'status');
    assert.deepEqual(a?.also, [{ column: 'prohibit_login', map: { true: false, false: true } }, { column: 'suspended_till', inactiveWhile: 'future' }]);
    assert.match(a?.reason ?? '', /deprovisioning writes status, reactivation also clears prohibit_login, suspended_till/);
  });
  test('a flag and its deactivation stamp: the stamp records when, offered rather than mapped', () => {
    const p = activeOf(cols('disabled:boolean!', 'deactivated_at:dateTime'));
    assert.equal(p.attribute?.also, undefined);
    assert.deepEqual(p.offered.map((o) => [o.path, o.value]), [['active', 'deactivated_at']]);
  });
  test('an integer suspension in Unix seconds carries epoch', () => {
    const sample = facts({ users: { sampled: 2, columns: { locked_until: [[1900000000, 1], [null, 1]] } } });
    const a = activeOf(cols('locked_until:integer'), sample).attribute;
    assert.deepEqual([a?.inactiveWhile, a?.epoch], ['future', 'seconds']);
  });
});
