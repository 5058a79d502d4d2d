/**
 * Issue 11 §7: the demo database is built atomically. Concurrent first runs (processes and calls)
 * end with one complete file; an interrupted build leaves no demo database and no temporary file
 * the next run would not clear; an empty leftover is replaced.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoDatabase } from '../../src/cli/demo-database.js';
import { createDemoSchema } from '../../src/cli/demo-data.js';
import { openDatabase } from '../../src/sql/connect.js';

async function users(path: string): Promise<number> {
  const knex = openDatabase({ client: 'sqlite', connection: path });
  try {
    return Number((await knex('users').count({ n: '*' }))[0]?.['n']);
  } finally {
    await knex.destroy();
  }
}

function firstRun(path: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli/demo-first-run.ts', path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out: out.trim() })));
}

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-demo-'));
  try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

describe('the demo database is created atomically', () => {
  test('three first runs in three processes at once: one builds it, all end with the complete file', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'demo.sqlite');
      const runs = await Promise.all([firstRun(path), firstRun(path), firstRun(path)]);
      assert.deepEqual(runs.map((r) => r.code), [0, 0, 0]);
      assert.ok(runs.filter((r) => r.out === 'created').length >= 1, JSON.stringify(runs));
      assert.equal(await users(path), 25);
      assert.deepEqual(readdirSync(dir), ['demo.sqlite'], 'no temporary file left');
    });
  });

  test('concurrent calls in one process: exactly one creates it', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'demo.sqlite');
      const created = await Promise.all(Array.from({ length: 4 }, () => ensureDemoDatabase(path)));
      assert.equal(created.filter(Boolean).length, 1);
      assert.equal(await users(path), 25);
      assert.deepEqual(readdirSync(dir), ['demo.sqlite']);
    });
  });

  test('a build interrupted half way leaves no demo database; the next run builds it', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'demo.sqlite');
      const interrupted = async (knex: Parameters<typeof createDemoSchema>[0]) => { await createDemoSchema(knex); throw new Error('interrupted'); };
      await assert.rejects(ensureDemoDatabase(path, interrupted), /interrupted/);
      assert.deepEqual(readdirSync(dir), [], 'neither the database nor a temporary file');
      assert.equal(await ensureDemoDatabase(path), true);
      assert.equal(await users(path), 25);
    });
  });

  test('an empty file left by an older version, and a killed run\'s temporary file, are replaced and removed', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'demo.sqlite');
      writeFileSync(path, '');
      writeFileSync(`${path}.999999999.0badc0de.tmp`, 'half');
      assert.equal(await ensureDemoDatabase(path), true);
      assert.equal(await users(path), 25);
      assert.deepEqual(readdirSync(dir), ['demo.sqlite']);
      assert.equal(await ensureDemoDatabase(path), false, 'a complete one is kept');
    });
  });
});
