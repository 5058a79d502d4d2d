import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, createTestDb } from './db.js';

for (const dialect of DIALECTS) {
  test(`${dialect}: a test database is reachable, isolated and dropped`, async () => {
    const db = await createTestDb(dialect);
    try {
      await db.knex.schema.createTable('probe', (t) => { t.increments('id'); t.string('name'); });
      await db.knex('probe').insert({ name: 'x' });
      const rows = await db.knex('probe').select('name');
      assert.deepEqual(rows.map((r: { name: string }) => r.name), ['x']);
    } finally {
      await db.cleanup();
    }
  });
}
