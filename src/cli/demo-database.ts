/**
 * The demo's SQLite file is built under a temporary name beside its final path, flushed to disk,
 * then linked into place. An interrupted first run leaves no demo database (only a temporary file,
 * which the next run removes) and two first runs at once both end up serving the one complete
 * file; neither can ever serve an empty or half-seeded one. A link, unlike a rename, fails when the
 * path exists, so a run that finishes second never replaces a file another one is serving.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../sql/connect.js';
import { createDemoSchema, seedDemo } from './demo-data.js';

async function buildDemo(knex: Knex): Promise<void> {
  await createDemoSchema(knex);
  await seedDemo(knex);
}

/** A file with content: an empty one was left by a run from before the build was atomic. */
const usable = (path: string) => existsSync(path) && statSync(path).size > 0;

/** `demo.sqlite.<pid>.<random>.tmp` */
const TEMP = /^(.*)\.(\d+)\.[0-9a-f]+\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files of runs that were interrupted (their process is gone). */
function removeStaleTemps(path: string): void {
  for (const name of readdirSync(dirname(path))) {
    const match = TEMP.exec(name);
    if (!match || match[1] !== basename(path) || alive(Number(match[2]))) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

function flush(path: string): void {
  const fd = openSync(path, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** Puts the finished file in place unless another run did; true when this run's file is the one in place. */
function publish(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && usable(path)) return false;
    // An empty leftover, or a filesystem without hard links: rename replaces atomically.
    if (code === 'EEXIST' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      renameSync(temp, path);
      return true;
    }
    throw error;
  }
}

/**
 * Creates the demo database at `path` unless a usable one is there; returns whether this call
 * created it. `build` fills a fresh database (tests pass one that fails half way).
 */
export async function ensureDemoDatabase(path: string, build: (knex: Knex) => Promise<void> = buildDemo): Promise<boolean> {
  if (usable(path)) return false;
  removeStaleTemps(path);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const knex = openDatabase({ client: 'sqlite', connection: temp });
    try {
      await build(knex);
    } finally {
      await knex.destroy();
    }
    flush(temp);
    return publish(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
