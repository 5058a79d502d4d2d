/**
 * How a SQLite file is opened for serving (database.sqlite; docs/operations.md): WAL, checkpoint
 * syncs, a 64 MB page cache by default; `journalMode: keep` and sizes from the config honoured;
 * `init` leaves the file as it found it. Checked with SQLite's own pragmas on the server's
 * connection and on a second handle to the same file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { initCommand } from '../../src/cli/init.js';
import { openDatabase } from '../../src/sql/connect.js';
import { createTestDb } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';

const YAML = `resources:
  User:
    table: people
    attributes: { userName: login }
`;
const schema = async (knex: Knex) => {
  await knex.schema.createTable('people', (t) => { t.increments('id'); t.string('login', 50).notNullable().unique(); });
  await knex('people').insert([{ login: 'ada' }, { login: 'bob' }]);
};
const pragma = async (knex: Knex, name: string) => {
  const rows = (await knex.raw(`pragma ${name}`)) as Record<string, unknown>[];
  return Object.values(rows[0] ?? {})[0];
};
/** The file's journal mode as another program opening it sees it (a handle without serving pragmas). */
const fileMode = async (file: string) => {
  const other = openDatabase({ client: 'sqlite', connection: file });
  try { return await pragma(other, 'journal_mode'); } finally { await other.destroy(); }
};

describe('sqlite: serving pragmas', () => {
  test('by default: WAL, synchronous NORMAL, a 64 MB cache; another handle reads while the server writes', async () => {
    await withServer('sqlite', schema, YAML, async (h) => {
      assert.equal(await pragma(h.server.knex, 'journal_mode'), 'wal');
      assert.equal(await pragma(h.server.knex, 'synchronous'), 1, 'NORMAL');
      assert.equal(await pragma(h.server.knex, 'cache_size'), -65536);
      assert.equal(await pragma(h.server.knex, 'mmap_size'), 0);
      assert.equal(await fileMode(h.db.settings.connection), 'wal', 'WAL is the file\'s: other programs see it');
      const created = await h.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'cy' });
      assert.equal(created.status, 201);
      assert.deepEqual((await h.db.knex('people').orderBy('id').pluck('login')), ['ada', 'bob', 'cy']);
    });
  });

  test('journalMode: keep leaves a rollback journal (and its FULL syncs); sizes come from the config', async () => {
    await withServer('sqlite', schema, YAML, async (h) => {
      assert.equal(await pragma(h.server.knex, 'journal_mode'), 'delete');
      assert.equal(await pragma(h.server.knex, 'synchronous'), 2, 'FULL, SQLite\'s own');
      assert.equal(await pragma(h.server.knex, 'cache_size'), -8192);
      assert.equal(await pragma(h.server.knex, 'mmap_size'), 16 * 1024 * 1024);
    }, { databaseYaml: '  sqlite: { journalMode: keep, cacheSize: 8mb, mmapSize: 16mb }' });
  });

  test('init reads the file without changing its journal mode', async () => {
    const db = await createTestDb('sqlite');
    try {
      await schema(db.knex);
      let out = '';
      const io = { stdout: { write: (t: string) => { out += t; } }, stderr: { write: () => {} }, env: {}, cwd: process.cwd() };
      assert.equal(await initCommand.run(['--db', db.settings.connection], io), 0);
      assert.match(out, /table: people/);
      assert.equal(await fileMode(db.settings.connection), 'delete');
    } finally { await db.cleanup(); }
  });
});
