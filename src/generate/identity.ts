/**
 * Identity: userName from the login column (else the email), its uniqueness as the database states
 * it, the copies the application keeps beside an identity column (`lower_login`, `username_clean`,
 * `email_canonical`: `derived`, never `$uuid`), and which columns are identity-like — never to
 * be given a made-up default. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { emailColumn, loginColumn } from './columns.js';
import type { DraftAttribute, DraftDerived } from './draft.js';
import { isUniqueAlone } from './schema-view.js';
import { describeUniqueness, uniquenessOf } from './uniqueness.js';
import { hasAny, phraseOf, splitWords } from './words.js';

/** A folded copy of `column` that is unique (`username_clean`, `lower_name`): the column is unique case-insensitively. */
function uniqueCopy(table: DbTable, column: string): string | undefined {
  return table.columns.find((c) => foldOf(c.name, column) !== undefined && isUniqueAlone(table, c.name))?.name;
}

const FULL_NAME = ['full name', 'display name', 'real name', 'shown name'];

/**
 * A `name` column that is unique (alone, folded, or through a unique folded copy) beside a separate
 * full-name column: the handle people log in with.
 */
function handleColumn(table: DbTable, skip: ReadonlySet<string>): DbColumn | undefined {
  const name = table.columns.find((c) => !skip.has(c.name) && c.kind === 'string' && phraseOf(c.name) === 'name');
  if (name === undefined || !table.columns.some((c) => FULL_NAME.includes(phraseOf(c.name)))) return undefined;
  const u = uniquenessOf(table, name.name).kind;
  return u === 'unique' || u === 'caseInsensitive' || uniqueCopy(table, name.name) !== undefined ? name : undefined;
}

/** userName from the login column, else a unique handle, else the email column; undefined when the table has none. */
export function proposeUserName(table: DbTable, scopeColumns: readonly string[], skip: ReadonlySet<string>): DraftAttribute | undefined {
  const login = loginColumn(table, skip);
  const handle = login === undefined ? handleColumn(table, skip) : undefined;
  const column = login ?? handle ?? emailColumn(table, skip);
  if (column === undefined) return undefined;
  const uniqueness = uniquenessOf(table, column.name, scopeColumns);
  const copy = uniqueness.kind === 'none' ? uniqueCopy(table, column.name) : undefined;
  const told = copy !== undefined ? { reason: `unique case-insensitively through its copy ${copy}` } : describeUniqueness(table.name, column.name, uniqueness);
  const what = login !== undefined ? `${column.name} is the login column`
    : handle !== undefined ? `${column.name} is unique beside a separate full name: the handle people log in with`
      : `${column.name} is the email column (there is no login column)`;
  return {
    path: 'userName', column: column.name, required: true,
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
