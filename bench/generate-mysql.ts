/**
 * MariaDB / MySQL: the directory lives in its own database, `scim_bench_<users>`, reused when
 * complete; otherwise rebuilt with multi-row INSERTs of 1,000 rows, a transaction per table,
 * foreign-key and unique checks off during the load, then indexed and analysed.
 */
import mysql from 'mysql2/promise';
import { buildDirectory } from './directory/build.js';
import { SHAPE_VERSION } from './directory/shape.js';
import type { TableLoad } from './directory/tables.js';

export const mysqlDatabase = (users: number): string => `scim_bench_${users}`;
const BATCH = 1000;

async function isComplete(conn: mysql.Connection, database: string, users: number): Promise<boolean> {
  const [found] = await conn.query('select 1 from information_schema.tables where table_schema = ? and table_name = ?', [database, 'bench_meta']);
  if ((found as unknown[]).length === 0) return false;
  const [meta] = await conn.query(`select shape, users, complete from \`${database}\`.bench_meta`);
  const row = (meta as { shape: number; users: number; complete: number }[])[0];
  return row !== undefined && row.shape === SHAPE_VERSION && row.users === users && row.complete === 1;
}

async function insertAll(conn: mysql.Connection, { table, columns, rows }: TableLoad): Promise<void> {
  const insert = (batch: unknown[][]) => conn.query(`insert into ${table} (${columns.join(', ')}) values ?`, [batch]);
  await conn.query('begin');
  let batch: unknown[][] = [];
  for (const row of rows()) {
    batch.push(row);
    if (batch.length === BATCH) { await insert(batch); batch = []; }
  }
  if (batch.length > 0) await insert(batch);
  await conn.query('commit');
}

/** Makes sure the database for `users` exists and is complete; returns its name. */
export async function ensureMysql(url: string, users: number, log: (line: string) => void): Promise<string> {
  const database = mysqlDatabase(users);
  const conn = await mysql.createConnection({ uri: url, timezone: 'Z' });
  try {
    if (await isComplete(conn, database, users)) return database;
    await conn.query(`drop database if exists \`${database}\``);
    await conn.query(`create database \`${database}\``);
    await conn.query(`use \`${database}\``);
    await conn.query('set foreign_key_checks = 0, unique_checks = 0');
    await buildDirectory('mysql', users, { time: (d) => d, bool: (b) => (b ? 1 : 0) }, {
      exec: (sql) => conn.query(sql),
      load: (load) => insertAll(conn, load),
    }, log);
    return database;
  } finally {
    await conn.end();
  }
}
