/**
 * sql/guard.ts on real databases: work that outlives its budget or loses its client is a 503 at
 * once, its connection is closed under it and the pool works on; unavailable-database errors are
 * 503s; shutdown's abortAll closes idle connections too.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { ScimError } from '../../src/errors.js';
import { dialectFor } from '../../src/sql/dialects/index.js';
import { guardPool } from '../../src/sql/guard.js';
import { DIALECTS, createTestDb } from '../helpers/db.js';

const SLEEP: Record<string, string> = { postgres: 'select pg_sleep(5)', mysql: 'select sleep(5)' };
const SLACK_MS = 500;

const pool = (knex: Knex) => (knex.client as { pool: { numUsed(): number; numFree(): number } }).pool;

async function rejection(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(() => assert.fail('resolved'), (e: unknown) => e);
  assert.ok(error instanceof ScimError, String(error));
  return error;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the pool guard`, () => {
    test('an unavailable-database error is a 503 with Retry-After; a bug is left alone', async () => {
      const db = await createTestDb(dialect);
      try {
        const guard = guardPool(db.knex, dialectFor(dialect));
        const code = dialect === 'sqlite' ? 'SQLITE_BUSY' : 'ECONNREFUSED';
        const down = await rejection(guard.run(1000, async () => { throw Object.assign(new Error(code), { code }); }));
        assert.equal(down.status, 503);
        assert.ok(down.headers['Retry-After']);
        const bug = new TypeError('a bug');
        await assert.rejects(guard.run(1000, async () => { throw bug; }), (e) => e === bug);
        assert.equal(await guard.run(1000, async () => 42), 42);
      } finally {
        await db.cleanup();
      }
    });

    const sleep = SLEEP[dialect];
    if (sleep === undefined) return; // SQLite runs statements in-process: nothing to wait on, nothing to close

    test('work past its budget is a 503 at the deadline; its connection is closed and the pool works on', async () => {
      const db = await createTestDb(dialect);
      try {
        const guard = guardPool(db.knex, dialectFor(dialect));
        const start = Date.now();
        const late = await rejection(guard.run(300, async () => db.knex.raw(sleep)));
        const ms = Date.now() - start;
        assert.equal(late.status, 503);
        assert.match(late.detail, /did not answer within 300 ms/);
        assert.ok(ms >= 300 && ms < 300 + SLACK_MS, `${ms} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(pool(db.knex).numUsed(), 0, 'the connection went back');
        assert.ok(await guard.run(1000, async () => db.knex.raw('select 1')), 'and the pool works on');
      } finally {
        await db.cleanup();
      }
    });

    test('a transaction stopped by its client is closed under it (rolled back)', async () => {
      const db = await createTestDb(dialect);
      try {
        await db.knex.schema.createTable('g', (t) => { t.integer('n'); });
        const guard = guardPool(db.knex, dialectFor(dialect));
        const gone = new AbortController();
        setTimeout(() => gone.abort(), 200);
        const stopped = await rejection(guard.run(10_000, () => db.knex.transaction(async (trx) => {
          await trx('g').insert({ n: 1 });
          await trx.raw(sleep);
        }), gone.signal));
        assert.equal(stopped.status, 503);
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(Number((await db.knex('g').count({ c: '*' }))[0]?.['c']), 0, 'nothing committed');
      } finally {
        await db.cleanup();
      }
    });

    test('abortAll closes idle connections too (shutdown when the database does not answer)', async () => {
      const db = await createTestDb(dialect);
      try {
        await Promise.all([db.knex.raw('select 1'), db.knex.raw('select 1')]);
        assert.ok(pool(db.knex).numFree() >= 1);
        guardPool(db.knex, dialectFor(dialect)).abortAll();
        assert.ok(await db.knex.raw('select 1'), 'a new connection replaces them');
      } finally {
        await db.cleanup();
      }
    });
  });
}
