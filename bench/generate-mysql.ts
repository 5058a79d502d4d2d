/**
 * MariaDB / MySQL: the directory lives in its own database, `scim_bench_<users>`, reused when
 * complete; otherwise rebuilt with multi-row INSERTs of 1,000 rows (foreign-key and unique checks
 * off during the load), then indexed and analysed.
 */
import mysql from 'mysql2/promise';
import { SHAPE_VERSION } from './directory/shape.js';
import { createIndexes, createTables, tableLoads } from './directory/tables.js';

export const mysqlDatabase = (users: number): string => `scim_bench_${users}`;
const BATCH = 1000;

async function isComplete(conn: mysql.Connection, database: string, users: number): Promise<boolean> {
  const [found] = await conn.query('select 1 from information_schema.tables where table_schema = ? and table_name = ?', [database, 'bench_meta']);
  if ((found as unknown[]).length === 0) return false;
  const [meta] = await conn.query(`select shape, users, complete from \`${database}\`.bench_meta`);
  const row = (meta as { shape: number; users: number; complete: number }[])[0];
  return row !== undefined && row.shape === SHAPE_VERSION && row.users === users && row.complete === 1;
}

/** Makes sure the database for `users` exists and is complete; returns its name. */
export async function ensureMysql(url: string, users: number, log: (line: string) => void): Promise<string> {
  const database = mysqlDatabase(users);
  const conn = await mysql.createConnection({ uri: url, timezone: 'Z' });
  try {
    if (await isComplete(conn, database, users)) return database;
    const started = Date.now();
    await conn.query(`drop database if exists \`${database}\``);
    await conn.query(`create database \`${database}\``);
    await conn.query(`use \`${database}\``);
    await conn.query('set foreign_key_checks = 0, unique_checks = 0');
    for (const sql of createTables('mysql')) await conn.query(sql);
    for (const load of tableLoads(users, { time: (d) => d, bool: (b) => (b ? 1 : 0) })) {
      await conn.query('begin');
      let batch: unknown[][] = [];
      for (const row of load.rows()) {
        batch.push(row);
        if (batch.length === BATCH) { await conn.query(`insert into ${load.table} (${load.columns.join(', ')}) values ?`, [batch]); batch = []; }
      }
      if (batch.length > 0) await conn.query(`insert into ${load.table} (${load.columns.join(', ')}) values ?`, [batch]);
      await conn.query('commit');
      log(`  mysql ${load.table}: loaded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await conn.query('set foreign_key_checks = 1, unique_checks = 1');
    for (const sql of createIndexes('mysql')) await conn.query(sql);
    await conn.query('analyze table users, user_emails, user_phones, teams, team_members');
    await conn.query('insert into bench_meta (shape, users, complete) values (?, ?, 1)', [SHAPE_VERSION, users]);
    log(`  mysql directory of ${users} users generated in ${((Date.now() - started) / 1000).toFixed(0)} s: database ${database}`);
    return database;
  } finally {
    await conn.end();
  }
}
