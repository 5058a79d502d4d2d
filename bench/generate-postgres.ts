/**
 * PostgreSQL: the directory lives in its own schema, `scim_bench_<users>`, reused when its
 * bench_meta row says it is complete and of the current shape; otherwise it is dropped and
 * rebuilt with COPY FROM STDIN (directory/pg-copy.ts), then indexed, given its foreign keys, and analysed.
 */
import pg from 'pg';
import { buildDirectory } from './directory/build.js';
import { copyRows } from './directory/pg-copy.js';
import { SHAPE_VERSION } from './directory/shape.js';

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
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`create schema "${schema}"`);
    await client.query(`set search_path to "${schema}"`);
    await buildDirectory('postgres', users, { time: (d) => d, bool: (b) => b }, {
      exec: (sql) => client.query(sql),
      load: ({ table, columns, rows }) => copyRows(client, table, columns, rows()),
    }, log);
    return schema;
  } finally {
    await client.end();
  }
}
