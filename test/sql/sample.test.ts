/** readFacts: a bounded sample of rows, counted per column, with values the same shape on every driver. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DbClient } from '../../src/config/raw-types.js';
import { columnFacts, readFacts } from '../../src/sql/sample.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';

/** Beyond Number.MAX_SAFE_INTEGER: it must come back as its exact text. */
const HUGE = '9007199254740993';

/**
 * 30 people: status active ×15, suspended ×10, deleted ×5; 30 distinct emails; manager_id NULL
 * in 20 rows (1 ×6, 2 ×4 otherwise); tenant_id 7 ×28 and HUGE ×2; one date for all.
 */
async function seedPeople(db: TestDb): Promise<void> {
  await db.knex.schema.createTable('people', (t) => {
    t.increments('id');
    t.string('status', 20).notNullable();
    t.string('email', 100).notNullable();
    t.integer('manager_id');
    t.bigInteger('tenant_id').notNullable();
    t.date('created_on').notNullable();
  });
  const status = (i: number): string => (i < 15 ? 'active' : i < 25 ? 'suspended' : 'deleted');
  const manager = (i: number): number | null => (i % 3 === 0 ? (i < 18 ? 1 : 2) : null);
  await db.knex('people').insert(Array.from({ length: 30 }, (_, i) => ({
    status: status(i), email: `user${i}@example.com`, manager_id: manager(i),
    tenant_id: i < 28 ? '7' : HUGE, created_on: '2024-01-31',
  })));
}

async function withPeople(client: DbClient, fn: (db: TestDb) => Promise<void>): Promise<void> {
  const db = await createTestDb(client);
  try { await seedPeople(db); await fn(db); } finally { await db.cleanup(); }
}

for (const dialect of DIALECTS) {
  describe(`readFacts (${dialect})`, () => {
    test('counts each column over the whole table when it fits the sample', () => withPeople(dialect, async (db) => {
      const facts = await readFacts(db.knex, dialect,
        [{ table: 'people', columns: ['status', 'email', 'manager_id', 'tenant_id', 'created_on'] }], { values: 5 });
      const people = facts.get('people');
      assert.equal(people?.sampled, 30);
      assert.equal(people?.more, false);
      const column = (name: string) => people?.columns.get(name);
      assert.deepEqual(column('status'), {
        values: [{ value: 'active', count: 15 }, { value: 'suspended', count: 10 }, { value: 'deleted', count: 5 }], distinct: 3, nulls: 0,
      });
      assert.deepEqual(column('email'), { distinct: 30, nulls: 0 }, 'more distinct values than the limit: none listed');
      assert.deepEqual(column('manager_id'), { values: [{ value: 1, count: 6 }, { value: 2, count: 4 }], distinct: 2, nulls: 20 });
      assert.deepEqual(column('tenant_id'), { values: [{ value: 7, count: 28 }, { value: HUGE, count: 2 }], distinct: 2, nulls: 0 },
        '64-bit integers: numbers when safe, exact text otherwise');
      assert.deepEqual(column('created_on'), { values: [{ value: '2024-01-31', count: 30 }], distinct: 1, nulls: 0 }, 'dates as the database prints them');
    }));

    test('reads at most `rows` rows, with a LIMIT on every statement, and says there are more', () => withPeople(dialect, async (db) => {
      const statements: { sql: string; bindings: unknown[] }[] = [];
      db.knex.on('query', (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] }));
      const facts = await readFacts(db.knex, dialect, [{ table: 'people', columns: ['status', 'manager_id'] }, { table: 'people', columns: ['status'] }], { rows: 25 });
      const people = facts.get('people');
      assert.equal(people?.sampled, 25);
      assert.equal(people?.more, true);
      assert.deepEqual([...(people?.columns.keys() ?? [])], ['status', 'manager_id'], 'a table asked for twice is read once');
      for (const [name, c] of people?.columns ?? []) {
        const counted = (c.values ?? []).reduce((n, v) => n + v.count, 0) + c.nulls;
        assert.equal(counted, 25, `${name}: every sampled row counted once`);
      }
      assert.equal(statements.length, 1);
      assert.match(statements[0]?.sql ?? '', /\blimit\b/i);
      assert.deepEqual(statements[0]?.bindings, [26], 'one row beyond the sample tells whether there are more');
    }));

    test('a table with no wanted column still says how many rows were sampled; an empty table none', () => withPeople(dialect, async (db) => {
      await db.knex.schema.createTable('empty', (t) => { t.integer('n'); });
      const facts = await readFacts(db.knex, dialect, [{ table: 'people', columns: [] }, { table: 'empty', columns: ['n'] }], { rows: 30 });
      assert.deepEqual({ ...facts.get('people'), columns: [...(facts.get('people')?.columns ?? [])] }, { sampled: 30, more: false, columns: [] });
      assert.deepEqual(facts.get('empty')?.columns.get('n'), { values: [], distinct: 0, nulls: 0 });
      assert.equal(facts.get('empty')?.more, false);
    }));
  });
}

if (DIALECTS.includes('postgres')) {
  test('readFacts (postgres): options.schema reads another schema', async () => {
    const owner = await createTestDb('postgres');
    const other = await createTestDb('postgres');
    try {
      await seedPeople(owner);
      const facts = await readFacts(other.knex, 'postgres', [{ table: 'people', columns: ['status'] }], { schema: owner.settings.schema ?? '', values: 2 });
      assert.deepEqual(facts.get('people')?.columns.get('status'), { distinct: 3, nulls: 0 });
    } finally { await other.cleanup(); await owner.cleanup(); }
  });
}

describe('columnFacts', () => {
  test('most frequent first, ties in value order; NULLs counted apart; the limit is inclusive', () => {
    assert.deepEqual(columnFacts(['b', 'a', null, 'c', 'a', 'b'], 3), {
      values: [{ value: 'a', count: 2 }, { value: 'b', count: 2 }, { value: 'c', count: 1 }], distinct: 3, nulls: 1,
    });
    assert.deepEqual(columnFacts([10, 9, 10, 9, 100], 3).values?.map((v) => v.value), [9, 10, 100], 'numbers tie in numeric order');
    assert.deepEqual(columnFacts(['a', 'b', 'c', 'd'], 3), { distinct: 4, nulls: 0 });
    assert.deepEqual(columnFacts([1, '1'], 5).values?.length, 2, 'a number and its text are different values');
  });
});
