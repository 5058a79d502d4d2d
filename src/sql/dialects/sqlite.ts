/**
 * SQLite (better-sqlite3): `=` is case-sensitive, LIKE folds ASCII only (so exact matching uses
 * GLOB), lower() folds ASCII only, booleans are 0/1, dates are ISO-8601 text compared through
 * julianday(). There is no FOR UPDATE: Knex holds one connection and SQLite one writer, so a
 * write transaction already excludes every other writer.
 */
import type { Knex } from 'knex';
import type { SqliteSettings } from '../../mapping/types.js';
import type { Dialect } from '../dialect.js';
import { SQL_OP, constraintOf, errorCode, likePattern } from '../dialect.js';

/** The file is locked by another process, unreadable or full: a retry later may succeed. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/;

/** GLOB metacharacters `* ? [` are matched literally by wrapping them in brackets. */
const escapeGlob = (value: string) => value.replace(/[*?[]/g, (c) => `[${c}]`);

/**
 * A DATETIME column's instant. SQLite keeps whatever it was given: ISO text (what this server
 * writes, and most applications), or — from a Node application that bound a Date through knex —
 * Unix milliseconds as a number; both compare as instants.
 */
function instant(column: string): { sql: string; bindings: unknown[] } {
  return { sql: "(case when typeof(??) in ('integer', 'real') then julianday(?? / 1000.0, 'unixepoch') else julianday(??) end)", bindings: [column, column, column] };
}

/** The part of a better-sqlite3 handle used here. */
interface Handle {
  pragma(source: string, options?: { simple: boolean }): unknown;
  prepare(source: string): unknown;
}

/** Statements kept per connection, most recently used last. */
const STATEMENT_CACHE = 512;

/**
 * knex prepares every statement anew (sqlite3_prepare costs about as much as running a lookup);
 * the engine's SQL text depends only on the query's shape (test/sql/sql-text.test.ts), so each
 * connection keeps its prepared statements by text and reuses them. better-sqlite3 statements are
 * reusable once a call returns, and re-prepare themselves when the schema changes.
 */
function cachePrepared(handle: Handle): void {
  const prepare = handle.prepare.bind(handle);
  const cache = new Map<string, unknown>();
  handle.prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement !== undefined) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  };
}

function onConnect(sqlite: SqliteSettings | undefined): (handle: Handle, done: (error: Error | null, handle: Handle) => void) => void {
  const pragmas = sqlite === undefined ? undefined : servingPragmas(sqlite);
  return (handle, done) => {
    try {
      cachePrepared(handle);
      pragmas?.(handle);
      done(null, handle);
    } catch (error) {
      done(error as Error, handle);
    }
  };
}

/**
 * Each new connection, before it serves: the page cache and mmap (per connection), WAL when asked
 * (a property of the file, kept after the server stops) and, in WAL mode, checkpoint syncs.
 * SQLite's own defaults (a 2 MB cache, a rollback journal) make COUNTs and deep pages of a large
 * table disk-bound.
 */
function servingPragmas(sqlite: SqliteSettings): (handle: Handle) => void {
  return (handle) => {
    handle.pragma(`cache_size = ${-Math.floor(sqlite.cacheBytes / 1024)}`);
    handle.pragma(`mmap_size = ${Math.floor(sqlite.mmapBytes)}`);
    if (sqlite.journalMode === 'wal') handle.pragma('journal_mode = WAL');
    const mode = String(handle.pragma('journal_mode', { simple: true })).toLowerCase();
    if (mode === 'wal') handle.pragma(`synchronous = ${sqlite.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  };
}

export const sqliteDialect: Dialect = {
  client: 'sqlite',
  knexConfig: (settings) => ({
    client: 'better-sqlite3',
    connection: { filename: settings.connection },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and a second handle would see SQLITE_BUSY.
    pool: { min: 1, max: 1, afterCreate: onConnect(settings.sqlite) },
  }),
  isUnavailable: (error) => UNAVAILABLE.test(errorCode(error) ?? ''),
  // No statement timeout applies (statements run in-process); SQLITE_BUSY is another writer, not a slow query.
  isTimeout: () => false,
  // Statements run synchronously in this process: there is no socket to close and nothing to wait on.
  abortConnection: () => undefined,
  bind(value) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    return value;
  },
  textCompare(column, op, value, caseExact) {
    return caseExact
      ? { sql: `?? ${SQL_OP[op]} ?`, bindings: [column, value] }
      : { sql: `lower(??) ${SQL_OP[op]} lower(?)`, bindings: [column, value] };
  },
  textMatch(column, kind, value, caseExact) {
    if (!caseExact) return { sql: `?? like ? escape '\\'`, bindings: [column, likePattern(kind, value.toLowerCase())] };
    const glob = escapeGlob(value);
    return { sql: '?? glob ?', bindings: [column, kind === 'co' ? `*${glob}*` : kind === 'sw' ? `${glob}*` : `*${glob}`] };
  },
  textOrderKey(column, caseExact) {
    return caseExact ? { sql: '??', bindings: [column] } : { sql: 'lower(??)', bindings: [column] };
  },
  emptyText: (column) => ({ sql: "?? = ''", bindings: [column] }),
  timeOrderKey: (column) => instant(column),
  timeCompare(column, op, value) {
    const key = instant(column);
    return { sql: `${key.sql} ${SQL_OP[op]} julianday(?)`, bindings: [...key.bindings, value] };
  },
  lockForUpdate: (query) => query,
  transaction: (knex, work) => knex.transaction(work),
  // One connection and one writer: a write transaction already excludes every other writer.
  lockKey: async () => undefined,
  async insertReturningKey(trx: Knex.Transaction, table, row, keyColumn) {
    const [inserted] = await trx(table).insert(row).returning(keyColumn);
    return (inserted as Record<string, unknown>)[keyColumn];
  },
  isUniqueViolation: (error) => errorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' || errorCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  constraintViolation: (error) => constraintOf(errorCode(error), ['SQLITE_CONSTRAINT_NOTNULL'], ['SQLITE_CONSTRAINT_FOREIGNKEY']),
  isRetryable: (error) => errorCode(error) === 'SQLITE_BUSY',
  multiPrimary: async () => false,
};
