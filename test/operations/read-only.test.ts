/**
 * A read replica (or a primary demoted by a failover) refuses writes: the client gets 503 with
 * Retry-After, the operator an `error` line with the database's reason and an `unavailable`
 * database error — never a 500. PostgreSQL only: the session is made read-only through the
 * connection's options, so the shared server itself is left as it is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../src/config/load.js';
import { recordLogger } from '../../src/http/log.js';
import { startServer } from '../../src/server.js';
import { DIALECTS, createTestDb } from '../helpers/db.js';
import { TOKEN } from '../helpers/server.js';

describe('postgres: writes against a read-only database', { skip: !DIALECTS.includes('postgres') && 'DIALECTS excludes postgres' }, () => {
  test('503 with Retry-After, logged at error with the reason, counted as unavailable', async () => {
    const db = await createTestDb('postgres');
    const lines: Record<string, unknown>[] = [];
    try {
      await db.knex.schema.createTable('ro_users', (t) => { t.increments('id'); t.string('email', 200).notNullable().unique(); });
      await db.knex('ro_users').insert({ email: 'existing@example.com' });
      const url = new URL(db.settings.connection);
      url.searchParams.set('options', '-c default_transaction_read_only=on');
      const yaml = `database:\n  client: postgres\n  connection: ${JSON.stringify(url.toString())}\n  schema: ${db.settings.schema}\nauth:\n  bearer: [ "${TOKEN}" ]\nresources:\n  User:\n    table: ro_users\n    attributes:\n      userName: email\n`;
      const server = await startServer(parseConfigText(yaml, 'ro.yaml', {}), { host: '127.0.0.1', port: 0, logger: recordLogger((l) => lines.push(l)) });
      try {
        const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };
        assert.equal((await fetch(`${server.url}/Users`, { headers })).status, 200, 'reads still work');
        const write = await fetch(`${server.url}/Users`, { method: 'POST', headers, body: JSON.stringify({ userName: 'new@example.com' }) });
        assert.equal(write.status, 503);
        assert.ok(write.headers.get('retry-after'));
        const logged = lines.find((l) => l['status'] === 503);
        assert.equal(logged?.['level'], 50);
        assert.match(JSON.stringify(logged?.['err']), /read-only transaction/);
        const metrics = await (await fetch(server.metricsUrl ?? '', { headers })).text();
        assert.match(metrics, /^scim_bridge_db_errors_total\{kind="unavailable"\} 1$/m);
      } finally {
        await server.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
