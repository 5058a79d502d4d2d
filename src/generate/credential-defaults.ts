/**
 * The create-only value of a credential column the application needs filled (credentials are never
 * mapped, never offered): a password gets the unusable "!" — random bytes for a binary hash, which
 * no password matches; a value the application generates per row and nobody types (a salt, `rands`,
 * a nonce, an API key, a JWT or signing secret) gets `$random`; an enrolment secret (TOTP, OTP,
 * recovery codes, an activation key) says the user enrolled or is pending, so it only gets the
 * empty value the sample shows the application writes for "none". Pure.
 */
import type { DbColumn } from '../mapping/db-schema.js';
import { isPassword } from './credentials.js';
import type { DraftDefault } from './draft.js';
import { dominantValue } from './sampled.js';
import type { SchemaView } from './schema-view.js';
import { hasAny, hasPhrase, splitWords } from './words.js';

const GENERATED_WORDS: ReadonlySet<string> = new Set(['salt', 'rands', 'nonce', 'pepper', 'jwt', 'token', 'tokens']);
const GENERATED_PHRASES: readonly string[] = ['api key', 'signing key', 'session key', 'secret key', 'auth key', 'access key', 'encryption key'];
const ENROLMENT_WORDS: ReadonlySet<string> = new Set(['totp', 'otp', 'hotp', 'otep', 'mfa', '2fa', 'tfa', 'recovery', 'actkey', 'activation', 'confirmation', 'reset', 'pin']);

/** A secret the application makes up for each row (a salt, an API key), as opposed to one a person sets or enrols. */
export function isGeneratedSecret(column: DbColumn): boolean {
  const words = splitWords(column.name);
  if (hasAny(words, ENROLMENT_WORDS)) return false;
  return hasAny(words, GENERATED_WORDS) || GENERATED_PHRASES.some((p) => hasPhrase(words, p)) || (words.includes('secret') && words.length > 1);
}

export type CredentialOutcome = DraftDefault | { readonly why: string } | undefined;

/** The default of a credential column, `{ why }` when none is safe, undefined when none is needed. */
export function credentialDefault(view: SchemaView, table: string, column: DbColumn, required: boolean): CredentialOutcome {
  const base = { column: column.name };
  const text = column.kind === 'string' || column.kind === 'other';
  if (isPassword(column) && (text || column.kind === 'binary')) {
    return text
      ? { ...base, value: '!', reason: 'an unusable password: the app\'s own login is disabled for SCIM-created users unless it sets a password (SSO is unaffected)' }
      : { ...base, value: '$random', reason: 'random bytes no password hashes to: the app\'s own login is disabled for SCIM-created users unless it sets a password' };
  }
  if (isGeneratedSecret(column) && (text || column.kind === 'binary' || column.kind === 'uuid')) {
    return { ...base, value: column.kind === 'uuid' ? '$uuid' : '$random', reason: `${required ? 'NOT NULL without a database default' : 'never NULL in the sample'}: a secret the application makes for each row, so a random one nobody knows` };
  }
  const empty = dominantValue(view, table, column);
  if (empty !== undefined && empty.value === '') {
    return { ...base, value: '', reason: `the empty value most sampled rows hold (${empty.count} of ${empty.of}): no ${column.name} set up` };
  }
  return required ? { why: `${column.name} is a secret a user sets up (or the application sends): a made-up one would pretend it is set` } : undefined;
}
