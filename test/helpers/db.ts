/**
 * Test databases: each call makes a fresh, empty namespace (a PostgreSQL schema, a MariaDB
 * database, a SQLite file) and `cleanup()` drops it, so test files can run side by side.
 * A database server that is down fails the test: nothing is skipped silently.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { DbClient } from '../../src/config/raw-types.js';
import { openDatabase, type DbSettings } from '../../src/sql/connect.js';

export const ALL_DIALECTS: readonly DbClient[] = ['sqlite', 'postgres', 'mysql'];

/** `DIALECTS=sqlite,postgres` narrows the run; the default is all three. */
export const DIALECTS: readonly DbClient[] = (process.env['DIALECTS'] ?? ALL_DIALECTS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is DbClient => (ALL_DIALECTS as readonly string[]).includes(s));

const PG_URL = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDb {
  readonly client: DbClient;
  /** How the app under test should connect (the `database:` section, compiled). */
  readonly settings: DbSettings;
  /** A connection for arranging and inspecting data. */
  readonly knex: Knex;
  cleanup(): Promise<void>;
}

export async function createTestDb(client: DbClient): Promise<TestDb> {
  const name = `sb_${randomBytes(5).toString('hex')}`;
  switch (client) {
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-'));
      const settings: DbSettings = { client, connection: join(dir, 'test.sqlite') };
      const knex = openDatabase(settings);
      return {
        client, settings, knex,
        async cleanup() { await knex.destroy(); rmSync(dir, { recursive: true, force: true }); },
      };
    }
    case 'postgres': {
      const admin = openDatabase({ client, connection: PG_URL });
      await admin.raw('create schema ??', [name]);
      await admin.destroy();
      const settings: DbSettings = { client, connection: PG_URL, schema: name };
      const knex = openDatabase(settings);
      return {
        client, settings, knex,
        async cleanup() { await knex.raw('drop schema ?? cascade', [name]); await knex.destroy(); },
      };
    }
    case 'mysql': {
      const admin = openDatabase({ client, connection: MYSQL_URL });
      await admin.raw('create database ??', [name]);
      await admin.destroy();
      const url = new URL(MYSQL_URL);
      url.pathname = `/${name}`;
      const settings: DbSettings = { client, connection: url.toString() };
      const knex = openDatabase(settings);
      return {
        client, settings, knex,
        async cleanup() { await knex.raw('drop database ??', [name]); await knex.destroy(); },
      };
    }
  }
}
