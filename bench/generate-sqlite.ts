/**
 * SQLite: the directory is built in a temporary file, each table in one transaction through
 * prepared statements (better-sqlite3), indexed and analysed, then renamed into bench/.cache,
 * where later runs find it. The server opens it as an application's file: no pragmas are left behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { buildDirectory } from './directory/build.js';
import { SHAPE_VERSION } from './directory/shape.js';

const ROWS_PER_STATEMENT = 50;

export function sqlitePath(cacheDir: string, users: number): string {
  return join(cacheDir, `directory-${users}-v${SHAPE_VERSION}.sqlite`);
}

/** The cached file for `users`, generated first when absent. Returns its path. */
export async function ensureSqlite(cacheDir: string, users: number, log: (line: string) => void): Promise<string> {
  const path = sqlitePath(cacheDir, users);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(partial);
  try {
    // Load-time settings only (journal_mode=OFF and synchronous are not persisted in the file).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    await buildDirectory('sqlite', users, { time: (d) => d.toISOString(), bool: (b) => (b ? 1 : 0) }, {
      exec: (sql) => db.exec(sql),
      load: ({ table, columns, rows }) => { db.exec('begin'); insertAll(db, table, columns, rows()); db.exec('commit'); },
    }, log);
  } finally {
    db.close();
  }
  renameSync(partial, path);
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
