/**
 * Issue 12 §2, database errors by kind: each classification made by sql/transaction.ts and
 * sql/guard.ts reaches `scim_bridge_db_errors_total{kind}` once (a 503 passing through both layers
 * is not counted twice); and the tenant a request ran as becomes its `tenant` label.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics, type Metrics } from '../../src/http/metrics.js';
import { sqliteDialect } from '../../src/sql/dialects/sqlite.js';
import { guardPool } from '../../src/sql/guard.js';
import { inTransaction } from '../../src/sql/transaction.js';
import { createTestDb } from '../helpers/db.js';

async function counts(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name) ?? assert.fail(`${name} is registered`);
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [Object.values(v.labels).join('|'), v.value]));
}

const failing = (code: string) => async () => { throw Object.assign(new Error(`driver says ${code}`), { code }); };

test('database error kinds are counted where they are classified', async () => {
  const db = await createTestDb('sqlite');
  try {
    const metrics = createMetrics(db.knex);
    const guard = guardPool(db.knex, sqliteDialect);
    const run = <T>(work: () => Promise<T>, budgetMs = 5000) => guard.run(budgetMs, work);
    await assert.rejects(run(() => inTransaction(db.knex, sqliteDialect, failing('SQLITE_CONSTRAINT_UNIQUE'))), { status: 409 });
    await assert.rejects(run(() => inTransaction(db.knex, sqliteDialect, failing('SQLITE_CONSTRAINT_NOTNULL'))), { status: 400 });
    await assert.rejects(run(() => inTransaction(db.knex, sqliteDialect, failing('SQLITE_BUSY'))), { status: 503 });
    await assert.rejects(run(() => inTransaction(db.knex, sqliteDialect, failing('SQLITE_IOERR'))), { status: 503 });
    await assert.rejects(run(failing('SQLITE_IOERR')), (error: Error) => error.cause instanceof Error, 'the driver error stays as the 503\'s cause, for the log');
    await assert.rejects(run(() => new Promise(() => undefined), 30), { status: 503 });
    assert.deepEqual(await counts(metrics, 'scim_bridge_db_errors_total'), {
      unavailable: 2, timeout: 0, deadline: 1, abandoned: 0, deadlock: 5, busy: 1, unique: 1, not_null: 1, foreign_key: 0,
    });
  } finally {
    await db.cleanup();
  }
});

test('the tenant label is the tenant the request ran as; none is the empty label', async () => {
  const db = await createTestDb('sqlite');
  try {
    const metrics = createMetrics(db.knex);
    const labels = { route: '/Users/:id', resource: 'User', method: 'GET' };
    metrics.observe(labels, 200, 7, 0.004);
    metrics.observe(labels, 200, 'acme', 0.004);
    metrics.observe(labels, 200, undefined, 0.004);
    assert.deepEqual(await counts(metrics, 'scim_bridge_http_requests_total'), { 'User|GET|200|7': 1, 'User|GET|200|acme': 1, 'User|GET|200|': 1 });
  } finally {
    await db.cleanup();
  }
});
