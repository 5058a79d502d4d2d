/** On a terminal, init shows which step a long introspection is in; in a pipe or file it stays quiet. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initCommand } from '../../src/cli/init.js';
import { createTestDb } from '../helpers/db.js';
import { createRailsSchema } from '../fixtures/schemas/rails.js';

for (const isTTY of [true, false]) {
  test(`init progress with stderr ${isTTY ? 'a terminal' : 'a pipe'}`, async () => {
    const db = await createTestDb('sqlite');
    try {
      await createRailsSchema(db.knex);
      let err = '';
      let out = '';
      const io = {
        stdout: { write: (s: string) => { out += s; return true; } },
        stderr: { write: (s: string) => { err += s; return true; }, isTTY },
        env: {}, cwd: process.cwd(),
      };
      assert.equal(await initCommand.run(['--db', db.settings.connection], io), 0, err);
      assert.match(out, /resources:/);
      if (isTTY) {
        assert.match(err, /\r\x1b\[Kreading tables, columns, keys and indexes… \(\d+\.\d s\)/);
        assert.match(err, /\r\x1b\[Kmapped \d+ columns/, 'the progress line is erased before the summary');
      } else {
        assert.doesNotMatch(err, /\x1b\[K|reading tables/);
      }
    } finally {
      await db.cleanup();
    }
  });
}
