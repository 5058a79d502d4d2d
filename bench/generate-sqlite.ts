/**
 * SQLite: the directory is built in a temporary file in one transaction through prepared
 * statements (better-sqlite3), indexed and analysed, then renamed into bench/.cache, where later
 * runs find it. The server opens it as an application's file: no pragmas are left behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { SHAPE_VERSION } from './directory/shape.js';
import { createIndexes, createTables, tableLoads } from './directory/tables.js';

const ROWS_PER_STATEMENT = 50;

export function sqlitePath(cacheDir: string, users: number): string {
  return join(cacheDir, `directory-${users}-v${SHAPE_VERSION}.sqlite`);
}

/** The cached file for `users`, generated first when absent. Returns its path. */
export function ensureSqlite(cacheDir: string, users: number, log: (line: string) => void): string {
  const path = sqlitePath(cacheDir, users);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const started = Date.now();
  const db = new Database(partial);
  try {
    // Load-time settings only (journal_mode=OFF and synchronous are not persisted in the file).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    for (const sql of createTables('sqlite')) db.exec(sql);
    db.exec('begin');
    for (const load of tableLoads(users, { time: (d) => d.toISOString(), bool: (b) => (b ? 1 : 0) })) {
      insertAll(db, load.table, load.columns, load.rows());
      log(`  sqlite ${load.table}: loaded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    db.prepare('insert into bench_meta (shape, users, complete) values (?, ?, 1)').run(SHAPE_VERSION, users);
    db.exec('commit');
    for (const sql of createIndexes('sqlite')) db.exec(sql);
    db.exec('analyze');
  } finally {
    db.close();
  }
  renameSync(partial, path);
  log(`  sqlite directory of ${users} users generated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${path}`);
  return path;
}

/** Multi-row INSERTs of ROWS_PER_STATEMENT rows through two prepared statements (full batches, remainder). */
function insertAll(db: Database.Database, table: string, columns: readonly string[], rows: Iterable<unknown[]>): void {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => db.prepare(`insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: n }, () => tuple).join(', ')}`);
  const full = statement(ROWS_PER_STATEMENT);
  let batch: unknown[] = [];
  let count = 0;
  for (const row of rows) {
    batch.push(...row);
    if (++count === ROWS_PER_STATEMENT) { full.run(batch); batch = []; count = 0; }
  }
  if (count > 0) statement(count).run(batch);
}
