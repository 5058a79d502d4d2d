import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isGeneratedSecret } from '../../../src/generate/credential-defaults.js';
import { isCredential } from '../../../src/generate/credentials.js';
import { epochOf, namedLikeTime } from '../../../src/generate/epoch.js';
import { ownerColumn } from '../../../src/generate/owner.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { cols, facts, fk, table } from './fixtures.js';

describe('epoch: integer Unix times, and what only looks like one', () => {
  test('who did it, how many and which version are not times: *_by_id, created_by, login_failed', () => {
    for (const c of cols('created_by_id:integer!', 'updated_by:integer!', 'login_failed:integer!', 'login_count:integer!')) assert.ok(!namedLikeTime(c), c.name);
    assert.ok(namedLikeTime(cols('created_unix:integer!')[0]!));
  });
  test('a column referencing a table is an id whatever its name (a foreign key to users)', () => {
    const t = table('groups', cols('id:integer!', 'created_at:integer!'), { foreignKeys: [fk('created_at', 'users')] });
    const users = table('users', cols('id:integer!'));
    assert.equal(epochOf(viewOf({ tables: [t, users] }), 'groups', t.columns[1]!), undefined);
  });
  test('sampled values must be plausible Unix times: 1, 2, 7 are ids; ≈1e9 seconds, ≈1e12 milliseconds', () => {
    const t = table('t', cols('id:integer!', 'changed_at:integer!', 'created_at:integer!', 'CreateAt:integer'));
    const view = viewOf({ tables: [t] }, facts({ t: { sampled: 3, columns: { changed_at: [[1, 2], [2, 1]], created_at: [[1700000000, 3]], CreateAt: [[1700000000000, 3]] } } }));
    assert.equal(epochOf(view, 't', t.columns[1]!), undefined);
    assert.equal(epochOf(view, 't', t.columns[2]!)?.unit, 'seconds');
    assert.equal(epochOf(view, 't', t.columns[3]!)?.unit, 'milliseconds');
  });
});

describe('credentials: what is a secret, and which a create may make up', () => {
  test('a time, a count or a flag about a credential is not one (LastPasswordUpdate, MfaActive, tfaIsActive)', () => {
    for (const c of cols('LastPasswordUpdate:integer', 'MfaActive:boolean', 'tfaIsActive:boolean!', 'password_changed_at:dateTime')) assert.ok(!isCredential(c), c.name);
  });
  test('salts, rands, nonces, API keys and JWT secrets are made per row; TOTP secrets and activation keys are enrolments', () => {
    for (const c of cols('salt', 'rands', 'password_salt:binary', 'api_key', 'jwtSecret:binary', 'session_nonce')) assert.ok(isGeneratedSecret(c), c.name);
    for (const c of cols('totp_secret', 'otpKey', 'user_actkey', 'recovery_codes', 'password')) assert.ok(!isGeneratedSecret(c), c.name);
  });
});

describe('owner columns: audit columns never make a table the user\'s own', () => {
  test('roles(created_by_id, updated_by_id → users) is not a child table of users', () => {
    const users = table('users', cols('id:integer!', 'login:string!'));
    const roles = table('roles', cols('id:integer!', 'name:string!', 'created_by_id:integer!', 'updated_by_id:integer!'), { foreignKeys: [fk('created_by_id', 'users'), fk('updated_by_id', 'users')] });
    assert.equal(ownerColumn(viewOf({ tables: [users, roles] }), roles, users), undefined);
  });
});
