/**
 * Identity: userName from the login column (else the email), its uniqueness as the database states
 * it, the copies the application keeps beside an identity column (`lower_login`, `username_clean`,
 * `email_canonical`: `derived`, never `$uuid`), and which columns are identity-like — never to
 * be given a made-up default. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { emailColumn, loginColumn } from './columns.js';
import type { DraftAttribute, DraftDerived } from './draft.js';
import { fitsUuid } from './kind-defaults.js';
import { isUniqueAlone } from './schema-view.js';
import { describeUniqueness, uniquenessOf } from './uniqueness.js';
import { hasAny, phraseOf, splitWords } from './words.js';

/** A folded copy of `column` that is unique (`username_clean`, `lower_name`): the column is unique case-insensitively. */
function uniqueCopy(table: DbTable, column: string): string | undefined {
  return table.columns.find((c) => foldOf(c.name, column) !== undefined && isUniqueAlone(table, c.name))?.name;
}

/**
 * A `name` column unique in any way the schema says (alone, folded, through a unique folded copy,
 * or together with other columns): the handle people log in with — display names are never unique.
 */
function handleColumn(table: DbTable, scopeColumns: readonly string[], skip: ReadonlySet<string>): DbColumn | undefined {
  const name = table.columns.find((c) => !skip.has(c.name) && c.kind === 'string' && phraseOf(c.name) === 'name');
  if (name === undefined) return undefined;
  return uniquenessOf(table, name.name, scopeColumns).kind !== 'none' || uniqueCopy(table, name.name) !== undefined ? name : undefined;
}

/** Words that say which of two email columns people sign in with and receive mail at (`delivery_email` beside a public `email`). */
const LOGIN_EMAIL_WORDS: ReadonlySet<string> = new Set(['delivery', 'login', 'real', 'actual', 'account', 'auth', 'signin']);

/**
 * An email column qualified as the one people sign in with, beside a plain `email`: the plain one
 * is then what others see (Zulip hides addresses behind `user<id>@…` there), not the login.
 */
function loginEmailColumn(table: DbTable, skip: ReadonlySet<string>): DbColumn | undefined {
  const plain = emailColumn(table, skip);
  if (plain === undefined) return undefined;
  return table.columns.find((c) => {
    const words = splitWords(c.name);
    return !skip.has(c.name) && c.kind === 'string' && c.name !== plain.name && words.length === 2 && words[1] === 'email' && LOGIN_EMAIL_WORDS.has(words[0] ?? '');
  });
}

/** userName from the login column, else a login email, else a unique handle, else the email column; undefined when the table has none. */
export function proposeUserName(table: DbTable, scopeColumns: readonly string[], skip: ReadonlySet<string>, qualifier = ''): DraftAttribute | undefined {
  const login = loginColumn(table, skip);
  const loginEmail = login === undefined ? loginEmailColumn(table, skip) : undefined;
  const handle = login === undefined && loginEmail === undefined ? handleColumn(table, scopeColumns, skip) : undefined;
  const column = login ?? loginEmail ?? handle ?? emailColumn(table, skip);
  if (column === undefined) return undefined;
  const uniqueness = uniquenessOf(table, column.name, scopeColumns);
  const copy = uniqueness.kind === 'none' ? uniqueCopy(table, column.name) : undefined;
  const told = copy !== undefined ? { reason: `unique case-insensitively through its copy ${copy}` } : describeUniqueness(table.name, column.name, uniqueness);
  const what = login !== undefined ? `${column.name} is the login column`
    : loginEmail !== undefined ? `${column.name} is the address people sign in with (the plain ${emailColumn(table, skip)?.name ?? 'email'} beside it may be a public or masked copy)`
      : handle !== undefined ? `${column.name} is unique: the handle people log in with (display names are never unique)`
        : `${column.name} is the email column (there is no login column)`;
  return {
    path: 'userName', column: `${qualifier}${column.name}`, required: true,
    reason: `${what}${told.reason !== undefined ? `; ${told.reason}` : ''}`,
    ...('check' in told && told.check !== undefined ? { check: told.check } : {}),
  };
}

/** Words saying a column is a folded copy of another: `lower_login`, `username_clean`, `email_canonical`. */
const FOLD_WORDS: ReadonlySet<string> = new Set(['lower', 'lowercase', 'lowercased', 'lc', 'clean', 'canonical', 'normalized', 'normalised', 'norm', 'folded', 'ci', 'upper', 'uppercase', 'search']);
const APPROXIMATE: ReadonlySet<string> = new Set(['clean', 'normalized', 'normalised', 'norm', 'search', 'canonical']);

/** The fold word when `copy`'s words are `source`'s words plus one fold word before or after. */
function foldOf(copy: string, source: string): string | undefined {
  const c = splitWords(copy);
  const s = splitWords(source).join(' ');
  const first = c[0];
  const last = c[c.length - 1];
  if (last !== undefined && FOLD_WORDS.has(last) && c.slice(0, -1).join(' ') === s) return last;
  if (first !== undefined && FOLD_WORDS.has(first) && c.slice(1).join(' ') === s) return first;
  return undefined;
}

/**
 * For each mapped attribute whose column has a folded copy next to it, a `derived:` entry that
 * keeps the copy in step (generated columns are the database's own business and are skipped).
 */
export function foldedCopies(table: DbTable, attributes: readonly DraftAttribute[], taken: ReadonlySet<string>): readonly DraftDerived[] {
  const out: DraftDerived[] = [];
  for (const copy of table.columns) {
    if (taken.has(copy.name) || copy.generated === true || copy.kind !== 'string') continue;
    for (const a of attributes) {
      const fold = a.keyed === undefined && !a.column.includes('.') ? foldOf(copy.name, a.column) : undefined;
      if (fold === undefined || out.some((d) => d.column === copy.name)) continue;
      const transform = fold.startsWith('upper') ? 'upper' : 'lower';
      out.push({
        column: copy.name, from: a.path, transform,
        reason: `${copy.name} is the application's ${transform}-cased copy of ${a.column}: written with every change of ${a.path}`,
        ...(APPROXIMATE.has(fold) ? { check: `the application may normalise ${copy.name} beyond ${transform}-casing (accents, spaces): confirm ${transform}(${a.column}) is what it stores` } : {}),
      });
    }
  }
  return out;
}

const IDENTITY_WORDS: ReadonlySet<string> = new Set(['login', 'email', 'handle', 'nickname']);

const SURROGATE_WORDS: ReadonlySet<string> = new Set(['uuid', 'guid', 'key', 'token', 'code', 'hash', 'uid', 'id']);

/**
 * Identity-like: named like a login, an email or a name, or a unique text column of the users
 * table other than a surrogate (`uuid`, `guid`). Such a column never gets a made-up default:
 * a random value there corrupts what the application shows and matches on.
 */
export function isIdentityLike(table: DbTable, column: DbColumn, usersTable: boolean): boolean {
  if (column.kind !== 'string') return false;
  const words = splitWords(column.name);
  if (hasAny(words, IDENTITY_WORDS) || words.includes('name') || words.some((w) => FOLD_WORDS.has(w))) return !hasAny(words, SURROGATE_WORDS) || words.includes('login');
  return usersTable && isUniqueAlone(table, column.name) && !hasAny(words, SURROGATE_WORDS);
}

const SURROGATE_NAMES: ReadonlySet<string> = new Set(['uuid', 'guid', 'uid']);

/**
 * A surrogate id the application generates (`uuid`, `uid`, `guid`, unique alone or within a tenant):
 * not something people log in with, so a random UUID is what it holds. Only columns nothing maps
 * are asked about: a `uid` that is the login was taken for userName first.
 */
export function isSurrogate(table: DbTable, column: DbColumn): boolean {
  if (!['string', 'uuid', 'other'].includes(column.kind) || !fitsUuid(column)) return false;
  const words = splitWords(column.name);
  if (!SURROGATE_NAMES.has(words[words.length - 1] ?? '') || words.length > 2) return false;
  const composite = table.uniques.some((u) => u.length > 1 && u.includes(column.name));
  return column.kind === 'uuid' || isUniqueAlone(table, column.name) || composite;
}

const HANDLE_WORDS: ReadonlySet<string> = new Set(['slug', 'handle', 'name', 'key', 'code']);

/**
 * A unique text column of a groups table named like a handle (`slug`, a `name` beside the mapped
 * display name), that nothing maps: the application makes it from the name, so it is derived
 * from displayName as a slug — a random value would be unreadable, a constant would collide.
 */
export function handleSlugs(table: DbTable, attributes: readonly DraftAttribute[], taken: ReadonlySet<string>): readonly DraftDerived[] {
  if (!attributes.some((a) => a.path === 'displayName')) return [];
  return table.columns.filter((c) => c.kind === 'string' && !taken.has(c.name) && c.generated !== true && isUniqueAlone(table, c.name)
    && splitWords(c.name).length === 1 && HANDLE_WORDS.has(splitWords(c.name)[0] ?? ''))
    .map((c) => ({
      column: c.name, from: 'displayName', transform: 'slug' as const,
      reason: `${c.name} is unique and named like a handle beside the display name: derived from displayName as a slug`,
      check: `confirm the application builds ${c.name} from the name this way (lower case, words joined by -)`,
    }));
}
