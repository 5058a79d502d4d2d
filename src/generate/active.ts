/**
 * `active` over what applications really store: a flag (`active`, `enabled`, `is_active`), an
 * inverted flag (`disabled`, `block`, `locked`, `prohibit_login`), a text or integer status enum
 * (values read from the catalog, the sample or the column comment), a deactivation stamp
 * (`deactivated_at`: NULL = active) and a suspension until a time (`suspended_till`: inactive while
 * in the future) — several at once: the first is what deprovisioning writes, the others go under
 * `also` (all must read true; reactivation clears them). Pure.
 */
import type { RawCondition } from '../config/raw-types.js';
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import type { DraftAttribute, DraftOffer, RawMap } from './draft.js';
import { epochOf } from './epoch.js';
import { factsOf, type SchemaView } from './schema-view.js';
import { integerStatusMap, textStatusMap, type StatusMap } from './status-values.js';
import { hasAny, splitWords } from './words.js';

type Role = 'flag' | 'status' | 'inverted' | 'stamp' | 'suspension';

/** One column that says something about whether the user may sign in. */
interface Signal {
  readonly role: Role;
  readonly column: DbColumn;
  readonly map?: RawMap;
  readonly why: string;
  readonly check?: string;
  readonly epoch?: 'seconds' | 'milliseconds';
}

const POSITIVE = new Set(['active', 'enabled', 'enable', 'activated']);
const NEGATIVE = new Set(['disabled', 'disable', 'blocked', 'block', 'locked', 'lock', 'suspended', 'suspend', 'banned', 'ban', 'deactivated', 'archived', 'inactive', 'prohibit', 'prohibited', 'lockout', 'suspension', 'silenced']);
const UNTIL = new Set(['till', 'until', 'end', 'expires', 'expiry', 'expiration', 'ends']);
const STAMP = new Set(['at', 'on', 'date', 'time', 'since']);
/** A flag about something else than signing in (`email_blocked`, `notifications_disabled`). */
const OTHER_SUBJECT = new Set(['email', 'notification', 'notifications', 'marketing', 'newsletter', 'message', 'comment', 'post', 'chat', 'sound', 'feature', 'mfa', 'totp', 'tfa', '2fa', 'otp', 'hotp', 'factor', 'sync', 'auto', 'field', 'count', 'attempts', 'reason',
  // `last_active`, `last_seen`: when, not whether.
  'last']);

/**
 * A boolean, or an integer the sample shows holding only 0 and 1: an unsampled integer may be a time
 * (phpBB's `user_last_active` holds Unix seconds), so its name alone never makes it a flag.
 */
function flagLike(view: SchemaView, table: string, column: DbColumn): boolean {
  if (column.kind === 'boolean') return true;
  if (column.kind !== 'integer') return false;
  const values = factsOf(view, table, column.name)?.values;
  return values !== undefined && values.length > 0 && values.every((v) => v.value === null || [0, 1].includes(Number(v.value)));
}

/** A flag the sample shows set on no row: no one would be active, so it says something else. */
function neverSet(view: SchemaView, table: string, column: DbColumn): boolean {
  const values = factsOf(view, table, column.name)?.values;
  return values !== undefined && values.length > 0 && values.every((v) => v.value === 0 || v.value === false || v.value === '0');
}

function flagSignal(column: DbColumn, inverted: boolean): Signal {
  const [on, off] = column.kind === 'boolean' ? [true, false] : [1, 0];
  const map: RawMap | undefined = inverted ? { true: off, false: on } : column.kind === 'boolean' ? undefined : { true: on, false: off };
  return {
    role: inverted ? 'inverted' : 'flag', column, ...(map !== undefined ? { map } : {}),
    why: inverted ? `${column.name} set means the user may not sign in (inverted)` : `${column.name} is the sign-in flag${column.kind === 'integer' ? ' (stored as 1/0)' : ''}`,
  };
}

/** The status map from the catalog (complete), else the sample, else the comment; undefined without values. */
function statusSignal(view: SchemaView, table: string, column: DbColumn): Signal {
  const seen = factsOf(view, table, column.name)?.values?.filter((v) => v.value !== null) ?? [];
  let found: StatusMap | undefined;
  if (column.kind === 'string') {
    found = column.allowed !== undefined && column.allowed.length > 1
      ? textStatusMap(column.allowed, true, 'its allowed values')
      : textStatusMap(seen.map((v) => String(v.value)), false, 'values in the data');
  } else {
    found = integerStatusMap(seen.map((v) => ({ value: Number(v.value), count: v.count })), column.comment);
  }
  if (found !== undefined) return { role: 'status', column, map: found.map, why: `${column.name} is a status (${found.why})`, ...(found.check !== undefined ? { check: found.check } : {}) };
  const guess: RawMap = column.kind === 'string' ? { true: 'active', false: 'inactive' } : { true: 1, false: 0 };
  const held = seen.length > 0 ? ` — the data holds: ${seen.map((v) => String(v.value)).join(', ')}` : '';
  return {
    role: 'status', column, map: guess, why: `${column.name} looks like a status`,
    check: `the values your application stores for active and deactivated users (inactive? deprovisioned? disabled? suspended?)${held}`,
  };
}

/** What role, if any, a column plays for `active`. */
function signalOf(view: SchemaView, table: DbTable, column: DbColumn): Signal | undefined {
  const words = splitWords(column.name).filter((w) => w !== 'is' && w !== 'has' && w !== 'user' && w !== 'account');
  // `lockout_enabled` says whether lockout may happen, not whether it did.
  if (hasAny(words, OTHER_SUBJECT) || (hasAny(words, NEGATIVE) && hasAny(words, POSITIVE))) return undefined;
  const timed = column.kind === 'dateTime' || (column.kind === 'integer' && epochOf(view, table.name, column) !== undefined);
  if (hasAny(words, NEGATIVE) && hasAny(words, UNTIL) && timed) {
    const epoch = column.kind === 'integer' ? epochOf(view, table.name, column)?.unit : undefined;
    return { role: 'suspension', column, why: `${column.name} in the future means suspended`, ...(epoch !== undefined ? { epoch } : {}) };
  }
  if (hasAny(words, NEGATIVE) && hasAny(words, STAMP) && column.kind === 'dateTime') {
    return { role: 'stamp', column, map: { true: null, false: '$now' }, why: `${column.name}: NULL = active; deactivating stamps the time` };
  }
  if (words.length <= 2 && words.some((w) => w === 'status' || w === 'state') && (column.kind === 'string' || column.kind === 'integer')) return statusSignal(view, table.name, column);
  if (words.length <= 2 && hasAny(words, POSITIVE) && flagLike(view, table.name, column) && !neverSet(view, table.name, column)) return flagSignal(column, false);
  if (words.length <= 3 && hasAny(words, NEGATIVE) && flagLike(view, table.name, column)) return flagSignal(column, true);
  return undefined;
}

const ORDER: readonly Role[] = ['flag', 'status', 'inverted', 'stamp', 'suspension'];

export interface ActiveProposal {
  readonly attribute?: DraftAttribute;
  /** Columns `active` reads. */
  readonly claimed: readonly string[];
  /** A deactivation stamp beside a flag: a record of when, offered rather than mapped. */
  readonly offered: readonly DraftOffer[];
}

function condition(s: Signal): RawCondition {
  return { column: s.column.name, ...(s.map !== undefined ? { map: s.map } : {}), ...(s.role === 'suspension' ? { inactiveWhile: 'future' as const } : {}) };
}

/** `active` from the columns of `table` not in `skip`. */
export function proposeActive(view: SchemaView, table: DbTable, skip: ReadonlySet<string>): ActiveProposal {
  const signals = table.columns.filter((c) => !skip.has(c.name)).map((c) => signalOf(view, table, c)).filter((s): s is Signal => s !== undefined)
    .sort((a, b) => ORDER.indexOf(a.role) - ORDER.indexOf(b.role));
  const [primary, ...rest] = signals;
  if (primary === undefined) return { claimed: [], offered: [] };
  // A stamp next to a flag or status records when; only suspensions and further flags gate sign-in too.
  const also = rest.filter((s) => s.role === 'suspension' || s.role === 'inverted' || (s.role === 'stamp' && primary.role === 'suspension')).filter((s) => s.epoch === undefined).slice(0, 3);
  const offered = rest.filter((s) => !also.includes(s)).map((s) => ({ path: 'active', value: s.column.name, reason: `— another candidate for active (${s.why}); keep one, or list it under also:` }));
  const attribute: DraftAttribute = {
    path: 'active', column: primary.column.name,
    ...(primary.map !== undefined ? { map: primary.map } : {}),
    ...(primary.role === 'suspension' ? { inactiveWhile: 'future' as const } : {}),
    ...(primary.epoch !== undefined ? { epoch: primary.epoch } : {}),
    ...(also.length > 0 ? { also: also.map(condition) } : {}),
    reason: [primary.why, ...also.map((s) => `also ${s.why}`)].join('; ') + (also.length > 0 ? `; deprovisioning writes ${primary.column.name}, reactivation also clears ${also.map((s) => s.column.name).join(', ')}` : ''),
    ...(primary.check !== undefined ? { check: primary.check } : {}),
  };
  return { attribute, claimed: [primary.column.name, ...also.map((s) => s.column.name)], offered };
}

/**
 * An integer soft-delete marker holding Unix time (0 = live) on a users table with no other sign-in
 * column: the application's deactivation (Mattermost keeps deactivated users, stamping `DeleteAt`),
 * so it is `active` — deactivated people stay visible as active=false, reactivation writes 0 back.
 */
export function activeFromMarker(column: string, epoch: 'seconds' | 'milliseconds'): DraftAttribute {
  return {
    path: 'active', column, map: { true: 0, false: '$now' }, epoch,
    reason: `${column} holds 0 while the user is live and the Unix time (${epoch}) it was deactivated: deprovisioning stamps it, reactivation writes 0`,
  };
}
