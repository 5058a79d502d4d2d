/**
 * The directory a run measures: generated on first use (or reused from bench/.cache, the
 * scim_bench_<users> schema or database), with the `database:` section of the server's config and
 * an admin connection that puts the directory back as generated after write workloads.
 *
 *   npx tsx bench/generate-directory.ts --db sqlite --users 100000     # generate ahead of a run
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Dialect } from './directory/tables.js';
import { BIG_TEAM_ID, bigTeamSize } from './directory/shape.js';
import { ensureMysql } from './generate-mysql.js';
import { ensurePostgres } from './generate-postgres.js';
import { ensureSqlite } from './generate-sqlite.js';

export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');
export const PG_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env['BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';

export interface Directory {
  readonly db: Dialect;
  readonly users: number;
  /** The config's `database:` section. */
  readonly yaml: string;
  /** How the raw handler connects: a file path or a connection URL, and a schema for PostgreSQL. */
  readonly connection: { readonly url: string; readonly schema?: string };
  /** Runs statements on a separate admin connection. */
  exec(statements: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Undoes what the write workloads did: created users, deactivations, members added to the big group. */
export function resetStatements(users: number): string[] {
  return [
    `delete from user_emails where user_id > ${users}`,
    `delete from user_phones where user_id > ${users}`,
    `delete from team_members where user_id > ${users}`,
    `delete from users where id > ${users}`,
    "update users set status = 'active' where status = 'deprovisioned'",
    `delete from team_members where team_id = ${BIG_TEAM_ID} and user_id > ${bigTeamSize(users)}`,
  ];
}

export async function openDirectory(db: Dialect, users: number, log: (line: string) => void): Promise<Directory> {
  switch (db) {
    case 'sqlite': {
      const path = await ensureSqlite(CACHE_DIR, users, log);
      const admin = new Database(path);
      admin.pragma('busy_timeout = 30000');
      return { db, users, yaml: `database:\n  client: sqlite\n  connection: ${JSON.stringify(path)}`, connection: { url: path },
        async exec(statements) { for (const s of statements) admin.exec(s); },
        async close() { admin.close(); } };
    }
    case 'postgres': {
      const schema = await ensurePostgres(PG_URL, users, log);
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`set search_path to "${schema}"`);
      return { db, users, yaml: `database:\n  client: postgres\n  connection: ${JSON.stringify(PG_URL)}\n  schema: ${schema}`, connection: { url: PG_URL, schema },
        async exec(statements) { for (const s of statements) await admin.query(s); },
        async close() { await admin.end(); } };
    }
    case 'mysql': {
      const database = await ensureMysql(MYSQL_URL, users, log);
      const url = new URL(MYSQL_URL);
      url.pathname = `/${database}`;
      const admin = await mysql.createConnection({ uri: url.toString() });
      return { db, users, yaml: `database:\n  client: mysql\n  connection: ${JSON.stringify(url.toString())}`, connection: { url: url.toString() },
        async exec(statements) { for (const s of statements) await admin.query(s); },
        async close() { await admin.end(); } };
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] ?? fallback : fallback; };
  const started = Date.now();
  const directory = await openDirectory(arg('db', 'sqlite') as Dialect, Number(arg('users', '10000')), (line) => console.log(line));
  await directory.exec(resetStatements(directory.users));
  await directory.close();
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
