/**
 * Finding columns by the dictionary: the best column of a table for a path, and the login and
 * email columns every other rule starts from. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { LOGIN_PHRASES, phraseRank, USER_ENTRIES, type PathEntry } from './dictionary.js';
import { hasAny, splitWords } from './words.js';

/** Columns of `table` matching `entry`, best phrase first (table order among equals). */
export function matchingColumns(table: DbTable, entry: PathEntry, skip: ReadonlySet<string> = new Set(), ownerWords?: ReadonlySet<string>): readonly DbColumn[] {
  return table.columns
    .map((column, index) => ({ column, index, rank: phraseRank(column, entry, ownerWords) }))
    .filter((m): m is { column: DbColumn; index: number; rank: number } => m.rank !== undefined && !skip.has(m.column.name))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((m) => m.column);
}

export const LOGIN_ENTRY: PathEntry = { path: 'userName', phrases: LOGIN_PHRASES, kinds: ['string'] };

const WORK_EMAIL = USER_ENTRIES.find((e) => e.path === 'emails[type eq "work"].value');

/** The column people log in with by name (`login`, `username`, `user_name`, `handle`, a text `uid`). */
export function loginColumn(table: DbTable, skip?: ReadonlySet<string>): DbColumn | undefined {
  return matchingColumns(table, LOGIN_ENTRY, skip)[0];
}

/** The (work) email column. */
export function emailColumn(table: DbTable, skip?: ReadonlySet<string>): DbColumn | undefined {
  return WORK_EMAIL === undefined ? undefined : matchingColumns(table, WORK_EMAIL, skip)[0];
}

/** Whether any column of `table` matches the entry of `path`. */
export function hasColumnFor(table: DbTable, entries: readonly PathEntry[], path: string): boolean {
  const entry = entries.find((e) => e.path === path);
  return entry !== undefined && matchingColumns(table, entry).length > 0;
}

const IDENTITY_WORDS: ReadonlySet<string> = new Set(['login', 'email', 'handle', 'nickname', 'name']);

/** A text column named like a login, an email, a handle or a name: what identifies or names a person. */
export function namedLikeIdentity(column: DbColumn): boolean {
  return column.kind === 'string' && hasAny(splitWords(column.name), IDENTITY_WORDS);
}
