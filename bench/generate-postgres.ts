/**
 * PostgreSQL: the directory lives in its own schema, `scim_bench_<users>`, reused when its
 * bench_meta row says it is complete and of the current shape; otherwise it is dropped and
 * rebuilt with COPY FROM STDIN (pg-copy.ts), then indexed, given its foreign keys, and analysed.
 */
import pg from 'pg';
import { copyRows } from './directory/pg-copy.js';
import { SHAPE_VERSION } from './directory/shape.js';
import { createIndexes, createTables, tableLoads } from './directory/tables.js';

export const postgresSchema = (users: number): string => `scim_bench_${users}`;

async function isComplete(client: pg.Client, schema: string, users: number): Promise<boolean> {
  const found = await client.query('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [schema, 'bench_meta']);
  if (found.rowCount === 0) return false;
  const meta = await client.query(`select shape, users, complete from "${schema}".bench_meta`);
  const row = meta.rows[0] as { shape: number; users: number; complete: number } | undefined;
  return row !== undefined && row.shape === SHAPE_VERSION && row.users === users && row.complete === 1;
}

/** Makes sure the schema for `users` exists and is complete; returns its name. */
export async function ensurePostgres(url: string, users: number, log: (line: string) => void): Promise<string> {
  const schema = postgresSchema(users);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (await isComplete(client, schema, users)) return schema;
    const started = Date.now();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`create schema "${schema}"`);
    await client.query(`set search_path to "${schema}"`);
    await client.query('begin');
    for (const sql of createTables('postgres')) await client.query(sql);
    for (const load of tableLoads(users, { time: (d) => d, bool: (b) => b })) {
      await copyRows(client, load.table, load.columns, load.rows());
      log(`  postgres ${load.table}: loaded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await client.query('commit');
    for (const sql of createIndexes('postgres')) await client.query(sql);
    await client.query('vacuum analyze');
    await client.query('insert into bench_meta (shape, users, complete) values ($1, $2, 1)', [SHAPE_VERSION, users]);
    log(`  postgres directory of ${users} users generated in ${((Date.now() - started) / 1000).toFixed(0)} s: schema ${schema}`);
    return schema;
  } finally {
    await client.end();
  }
}
