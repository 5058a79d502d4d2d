/** Config values (constants and generators) → what a driver binds, for every write. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { NOW, RANDOM, UUID, isOwnerColumn, type ColumnRef, type ColumnValue, type DefaultColumnValue } from '../mapping/types.js';
import type { Dialect } from './dialect.js';

/**
 * NOW → this write's timestamp, UUID → a new random UUID, `$owner.<column>` → that column of
 * `owner` (the owning row, read by the caller); the result as the driver binds it.
 */
export function resolveValue(dialect: Dialect, column: ColumnRef, value: DefaultColumnValue, now: Date, owner?: Readonly<Record<string, unknown>>): unknown {
  if (isOwnerColumn(value)) return owner?.[value.owner.name] ?? null;
  // Random bytes in a binary column: an unusable password hash for a user who signs in through the IdP.
  if (value === RANDOM) return column.kind === 'binary' ? randomBytes(32) : randomText(column.maxLength);
  const logical: ColumnValue = value === NOW ? now : value === UUID ? randomUUID() : value;
  return dialect.bind(logical, column);
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random key of lower-case letters and digits, for a text key too short for a UUID (Mattermost's 26). */
export function randomKey(length: number): string {
  return Array.from({ length }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join('');
}

/** `$random`: letters and digits, as many as the column holds up to 32 (a salt, an API key the app would make). */
export function randomText(maxLength: number | undefined): string {
  return Array.from({ length: Math.min(maxLength ?? 32, 32) }, () => RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)]).join('');
}
