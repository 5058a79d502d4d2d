/**
 * The steps every dialect's generator takes, in order: tables, rows table by table, indexes (and
 * PostgreSQL's foreign keys), statistics, and last the bench_meta row that marks the directory
 * complete — a generator that dies half-way leaves no such row, and the next run rebuilds.
 */
import { SHAPE_VERSION } from './shape.js';
import { createIndexes, createTables, tableLoads, type Dialect, type Encoders, type TableLoad } from './tables.js';

export interface Loader {
  exec(sql: string): Promise<unknown> | unknown;
  /** Loads one table's rows (in its own transaction where the dialect wants one). */
  load(load: TableLoad): Promise<unknown> | unknown;
}

const ANALYZE: Record<Dialect, string> = {
  sqlite: 'analyze',
  postgres: 'vacuum analyze',
  mysql: 'analyze table users, user_emails, user_phones, teams, team_members',
};

export async function buildDirectory(d: Dialect, users: number, encoders: Encoders, loader: Loader, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  for (const sql of createTables(d)) await loader.exec(sql);
  for (const load of tableLoads(users, encoders)) {
    await loader.load(load);
    log(`  ${d} ${load.table}: loaded (${elapsed()})`);
  }
  for (const sql of createIndexes(d)) await loader.exec(sql);
  await loader.exec(ANALYZE[d]);
  await loader.exec(`insert into bench_meta (shape, users, complete) values (${SHAPE_VERSION}, ${users}, 1)`);
  log(`  ${d} directory of ${users} users generated in ${elapsed()}`);
}
