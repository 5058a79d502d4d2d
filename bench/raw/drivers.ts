/**
 * The raw handler's database access: the driver itself (no knex), each statement prepared once
 * per connection and reused (better-sqlite3 Statement cache; pg named statements; mysql2
 * execute), a template replayed on one connection per request. Connections are opened as the
 * engine opens them: SQLite with one handle and the engine's serving pragmas (WAL, synchronous
 * NORMAL, a 64 MB page cache: src/sql/dialects/sqlite.ts), pg and mysql2 pools of 10.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Dialect } from '../directory/tables.js';
import { replay, rowsOf, type Params, type Row, type Statement, type Template } from './template.js';

export interface RawDriver {
  run(template: Template, params: Params): Promise<Row[][]>;
  close(): Promise<void>;
}

const CONTROL = /^(begin|commit|rollback)\b/i;

/** Drives the replay generator with an executor; rolls back an open transaction on error. */
async function drive(template: Template, params: Params, exec: (s: Statement) => Row[] | Promise<Row[]>, rollback: () => unknown): Promise<Row[][]> {
  const run = replay(template, params);
  let open = false;
  try {
    for (let next = run.next([]); ; ) {
      if (next.done) return next.value;
      open = CONTROL.test(next.value.sql) ? /^begin/i.test(next.value.sql) : open;
      const rows = exec(next.value);
      next = run.next(rows instanceof Promise ? await rows : rows);
    }
  } catch (error) {
    if (open) await rollback();
    throw error;
  }
}

function sqliteDriver(file: string): RawDriver {
  const db = new Database(file);
  db.pragma('cache_size = -65536');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const cache = new Map<string, Database.Statement>();
  const bind = (v: unknown) => (v instanceof Date ? v.valueOf() : typeof v === 'boolean' ? Number(v) : v);
  // Synchronous from BEGIN to COMMIT: nothing else can run on the one handle in between.
  const exec = ({ sql, values }: Statement): Row[] => {
    let statement = cache.get(sql);
    if (!statement) { statement = db.prepare(sql); cache.set(sql, statement); }
    if (statement.reader) return statement.all(values.map(bind)) as Row[];
    const result = statement.run(values.map(bind));
    return [{ '': result.lastInsertRowid }];
  };
  return {
    run: (template, params) => drive(template, params, exec, () => db.exec('rollback')),
    async close() { db.close(); },
  };
}

function postgresDriver(url: string, schema: string | undefined): RawDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const names = new Map<string, string>();
  const numbered = (sql: string) => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`); };
  return {
    async run(template, params) {
      const client = await pool.connect();
      try {
        return await drive(template, params, async ({ sql, values }) => {
          if (CONTROL.test(sql)) return rowsOf(await client.query(sql));
          let name = names.get(sql);
          if (!name) { name = `raw${names.size + 1}`; names.set(sql, name); }
          return rowsOf(await client.query({ name, text: numbered(sql), values: values as unknown[] }));
        }, () => client.query('rollback'));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function mysqlDriver(url: string): RawDriver {
  const pool = mysql.createPool({ uri: url, connectionLimit: 10, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true });
  const bind = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  return {
    async run(template, params) {
      const conn = await pool.getConnection();
      try {
        return await drive(template, params, async ({ sql, values }) => {
          if (CONTROL.test(sql)) return rowsOf((await conn.query(sql))[0]);
          return rowsOf((await conn.execute(sql, values.map(bind) as never[]))[0]);
        }, () => conn.query('rollback'));
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openRawDriver(db: Dialect, url: string, schema?: string): RawDriver {
  switch (db) {
    case 'sqlite': return sqliteDriver(url);
    case 'postgres': return postgresDriver(url, schema);
    case 'mysql': return mysqlDriver(url);
  }
}
