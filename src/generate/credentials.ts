/**
 * Credentials never travel over SCIM: a column whose words say password, hash, salt, secret, token,
 * one-time password, API or private key, recovery code… is neither mapped nor offered, only listed
 * as "not mapped: credential". Matched by words, so `user_pass`, `passwd`, `tfaSecret`,
 * `otpKey`, `rands` and `encrypted_otp_secret` are all caught. Pure.
 */
import type { DbColumn } from '../mapping/db-schema.js';
import { hasAny, hasPhrase, splitWords } from './words.js';

const CREDENTIAL_WORDS: ReadonlySet<string> = new Set([
  'password', 'passcode', 'passphrase', 'digest', 'hash', 'hashed', 'salt', 'secret', 'secrets', 'token', 'tokens',
  'totp', 'otp', 'otep', 'hotp', 'mfa', '2fa', 'tfa', 'recovery', 'rands', 'nonce', 'jwt', 'pin', 'actkey', 'crypted',
]);

const CREDENTIAL_PHRASES: readonly string[] = [
  'api key', 'private key', 'otp key', 'secret key', 'access key', 'signing key', 'encryption key', 'activation key',
  'activation code', 'two factor', 'auth key', 'session key',
];

/** Kinds that cannot hold a secret: a time, a count or a flag about a credential (`LastPasswordUpdate`, `MfaActive`). */
const FACT_KINDS: ReadonlySet<string> = new Set(['dateTime', 'date', 'boolean', 'integer', 'decimal']);

/** Whether the column holds (or guards) a credential, judged by its words; secrets are text or bytes. */
export function isCredential(column: DbColumn): boolean {
  if (FACT_KINDS.has(column.kind)) return false;
  const words = splitWords(column.name);
  return hasAny(words, CREDENTIAL_WORDS) || CREDENTIAL_PHRASES.some((p) => hasPhrase(words, p));
}

/** A password itself (or its hash): the one credential a create may fill with the unusable "!". */
export function isPassword(column: DbColumn): boolean {
  const words = splitWords(column.name);
  return words.includes('password') && !words.some((w) => ['at', 'date', 'time', 'changed', 'expires', 'update', 'updated', 'reset', 'count', 'requested', 'last', 'must', 'requires', 'change'].includes(w));
}

/** The credential columns of a table, in table order. */
export function credentialColumns(columns: readonly DbColumn[]): readonly string[] {
  return columns.filter(isCredential).map((c) => c.name);
}
