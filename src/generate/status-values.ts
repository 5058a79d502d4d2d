/**
 * `active` over a status column: which of its values mean "may sign in" and which do not, read
 * as words (`blocked_pending_approval` is inactive, `Active` active), from the catalog's allowed
 * values, the sampled values, or — for an integer enum — the column comment (`1=active, 3=locked`)
 * or, failing that, the counts. Pure.
 */
import type { RawMapValue } from '../config/raw-types.js';
import type { RawMap } from './draft.js';
import { hasAny, splitWords } from './words.js';

/** Values that mean "this user may sign in", best first. */
const ACTIVE_WORDS = ['active', 'enabled', 'activated', 'live', 'normal', 'ok', 'approved', 'confirmed', 'verified', 'valid', 'current'];
/** Values deprovisioning may write, best first; every one of them reads as inactive. */
const INACTIVE_WORDS = [
  'deprovisioned', 'deactivated', 'inactive', 'disabled', 'suspended', 'locked', 'blocked', 'archived', 'banned', 'closed',
  'terminated', 'removed', 'deleted', 'expired', 'frozen', 'rejected', 'pending', 'registered', 'invited', 'unconfirmed', 'unverified',
];
const ACTIVE_SET: ReadonlySet<string> = new Set(ACTIVE_WORDS);
const INACTIVE_SET: ReadonlySet<string> = new Set(INACTIVE_WORDS);

export type StatusWord = 'active' | 'inactive' | 'unknown';

/** What a status value means, by its words; an exact active word beats a compound. */
export function statusOf(value: string): StatusWord {
  const words = splitWords(value);
  if (hasAny(words, INACTIVE_SET)) return 'inactive';
  return hasAny(words, ACTIVE_SET) ? 'active' : 'unknown';
}

/** The position of the value's best word in a list (lower is better). */
function rankIn(list: readonly string[], value: string): number {
  const words = splitWords(value);
  const i = list.findIndex((w) => words.includes(w));
  return i < 0 ? list.length : i;
}

/** `1=active, 2=registered, 3=locked` (or `1: active; 3 - locked`) in a column comment → number → word. */
export function commentValues(comment: string | undefined): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const m of (comment ?? '').matchAll(/(-?\d+)\s*[=:\-–]\s*([A-Za-z][A-Za-z_ -]*[A-Za-z])/g)) out.set(Number(m[1]), m[2] ?? '');
  return out;
}

export interface StatusMap {
  readonly map: RawMap;
  /** What was read and what deactivation writes, for the reason. */
  readonly why: string;
  readonly check?: string;
}

const list = (values: readonly RawMapValue[]): RawMapValue | readonly RawMapValue[] => (values.length === 1 ? values[0] ?? null : values);

/**
 * A text status: true ↔ the best active value; false ↔ the inactive ones, the best first (what
 * deactivation writes). `complete` (the catalog's list) reads every other value as inactive; from a
 * sample, values that are neither stay out of the map and are named in a CHECK.
 */
export function textStatusMap(values: readonly string[], complete: boolean, source: string): StatusMap | undefined {
  const on = [...values].filter((v) => statusOf(v) === 'active').sort((a, b) => rankIn(ACTIVE_WORDS, a) - rankIn(ACTIVE_WORDS, b))[0];
  const inactive = values.filter((v) => statusOf(v) === 'inactive').sort((a, b) => rankIn(INACTIVE_WORDS, a) - rankIn(INACTIVE_WORDS, b));
  const unknown = values.filter((v) => v !== on && !inactive.includes(v));
  const offs = complete ? [...inactive, ...unknown] : inactive;
  const off = offs[0];
  if (on === undefined || off === undefined) return undefined;
  const left = complete ? [] : unknown;
  return {
    map: { true: on, false: list(offs) },
    why: `${source}: ${values.join(', ')}; deactivating writes ${off}`,
    ...(left.length > 0 ? { check: `the data also holds ${left.join(', ')}, which this map leaves out (such users show no active attribute): add each to true or false` } : {}),
  };
}

/**
 * An integer status: the comment's words when it has them; else the most frequent value is taken as
 * active and the others as inactive (deactivation writes 0 when present, else the largest), with a CHECK.
 */
export function integerStatusMap(counts: readonly { value: number; count: number }[], comment: string | undefined): StatusMap | undefined {
  const named = commentValues(comment);
  if (named.size >= 2) {
    const words = [...named].map(([n, w]) => ({ n, w, s: statusOf(w) }));
    const on = words.filter((x) => x.s === 'active').sort((a, b) => rankIn(ACTIVE_WORDS, a.w) - rankIn(ACTIVE_WORDS, b.w))[0];
    const offs = words.filter((x) => x !== on).sort((a, b) => rankIn(INACTIVE_WORDS, a.w) - rankIn(INACTIVE_WORDS, b.w));
    if (on !== undefined && offs[0] !== undefined) {
      return { map: { true: on.n, false: list(offs.map((x) => x.n)) }, why: `the column comment: ${[...named].map(([n, w]) => `${n} ${w}`).join(', ')}; deactivating writes ${offs[0].n} (${offs[0].w})` };
    }
  }
  const sorted = [...counts].sort((a, b) => b.count - a.count);
  const on = sorted[0];
  if (on === undefined || sorted.length < 2) return undefined;
  const others = sorted.slice(1).map((x) => x.value);
  const first = others.includes(0) ? 0 : Math.max(...others);
  const offs = [first, ...others.filter((v) => v !== first).sort((a, b) => b - a)];
  return {
    map: { true: on.value, false: list(offs) },
    why: `the sampled values: ${sorted.map((x) => `${x.value} (${x.count} rows)`).join(', ')}; the most frequent taken as active, deactivating writes ${first}`,
    check: `${sorted.length} integer values and no words for them: confirm ${on.value} means active and ${first} is what deprovisioning should store`,
  };
}
