import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCredential, isPassword } from '../../../src/generate/credentials.js';
import { cols } from './fixtures.js';

describe('credentials: judged by words, never mapped nor offered', () => {
  const credential = ['password', 'encrypted_password', 'user_pass', 'passwd', 'pwd', 'password_hash', 'salt', 'rands', 'totp_secret', 'tfaSecret',
    'otpKey', 'otep', 'api_key', 'apikey', 'private_key', 'recovery_codes', 'reset_password_token', 'MfaSecret', 'secret_word', 'totp_seed', 'user_actkey',
    'encrypted_otp_secret', 'twoFactorSecret', 'jwtSecret', 'session_nonce', 'tokens'];
  test('each of these is a credential', () => {
    for (const c of cols(...credential)) assert.ok(isCredential(c), c.name);
  });
  const plain = ['email', 'login', 'passport_number', 'last_login', 'public_key_fingerprint', 'display_name', 'company', 'pinned', 'keyboard_layout'];
  test('these are not', () => {
    for (const c of cols(...plain)) assert.ok(!isCredential(c), c.name);
  });
  test('a password itself, not the facts about it, takes the unusable "!"', () => {
    assert.ok(isPassword(cols('user_password')[0]!));
    assert.ok(!isPassword(cols('password_changed_at:dateTime')[0]!));
    assert.ok(!isPassword(cols('LastPasswordUpdate:integer')[0]!));
  });
});
