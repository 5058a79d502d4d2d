/**
 * Issue 12 §2, logs: one pino line per request with its request id (the client's X-Request-Id
 * kept and echoed, or a generated one), method, route pattern, resource, status, latency and
 * scimType; a 5xx at `error` with the error's message and stack; and nothing secret or personal in
 * any line — no token, no Authorization header, no userName, no query string.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { recordLogger } from '../../src/http/log.js';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer } from '../helpers/server.js';

const USER_NAME = 'Secret.Person@example.com';
const WRONG_TOKEN = 'wrong-token-that-must-not-be-logged';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function setup(knex: Knex): Promise<void> {
  await knex.schema.createTable('log_users', (t) => {
    t.increments('id');
    t.string('email', 200).notNullable().unique();
    t.string('name', 100);
  });
}

const YAML = `resources:
  User:
    table: log_users
    attributes:
      userName: { column: email, uniqueness: server }
      displayName: name
`;

type Line = Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`${dialect}: request log lines`, () => {
    test('request ids, fields, scimType, 5xx with its error; no token, header, value or query in any line', async () => {
      const lines: Line[] = [];
      await withServer(dialect, setup, YAML, async (h) => {
        const created = await h.request('POST', '/Users', { userName: USER_NAME, displayName: 'Secret Person' }, { 'x-request-id': 'okta-req-42' });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get('x-request-id'), 'okta-req-42', 'a client\'s request id is echoed');
        const read = await h.request('GET', `/Users/${created.body.id}`);
        const generated = read.headers.get('x-request-id') ?? '';
        assert.match(generated, UUID, 'a request without one gets a generated id');
        const forged = await h.request('GET', `/Users/${created.body.id}`, undefined, { 'x-request-id': 'two words {"level":60}' });
        assert.match(forged.headers.get('x-request-id') ?? '', UUID, 'an id with spaces or braces is replaced, not logged');
        assert.equal((await h.request('POST', '/Users', { userName: USER_NAME.toUpperCase() })).status, 409);
        assert.equal((await h.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${USER_NAME}"`)}`)).status, 200);
        assert.equal((await h.request('GET', '/Users', undefined, { authorization: `Bearer ${WRONG_TOKEN}` })).status, 401);
        assert.equal((await h.request('GET', '/Users', undefined, { authorization: `Basic ${Buffer.from(`admin:${WRONG_TOKEN}`).toString('base64')}` })).status, 401);
        // A bug: the table vanishes under the server; the client gets a bare 500, the operator the stack.
        await h.db.knex.schema.dropTable('log_users');
        assert.equal((await h.request('GET', '/Users', undefined, { 'x-request-id': 'broken-1' })).status, 500);

        const byId = (id: string) => lines.find((l) => l['reqId'] === id);
        const post = byId('okta-req-42');
        assert.deepEqual({ ...post, ms: typeof post?.['ms'], time: typeof post?.['time'] }, {
          level: 30, time: 'string', msg: 'request', reqId: 'okta-req-42', method: 'POST', route: '/Users', resource: 'User', status: 201, ms: 'number',
        });
        assert.equal(byId(generated)?.['route'], '/Users/:id', 'the route is the pattern, not the path with its id');
        assert.ok(lines.some((l) => l['status'] === 409 && l['scimType'] === 'uniqueness'));
        assert.equal(lines.filter((l) => l['status'] === 401).length, 2);
        const failed = byId('broken-1');
        assert.equal(failed?.['level'], 50, 'a 5xx is logged at error');
        const err = failed?.['err'] as { message?: string; stack?: string } | undefined;
        assert.ok(err?.message && err.stack?.includes('\n    at '), 'with the error\'s message and stack');
        assert.equal(lines.length, 8, 'one line per request');
        const text = JSON.stringify(lines);
        for (const secret of [TOKEN, WRONG_TOKEN, Buffer.from(`admin:${WRONG_TOKEN}`).toString('base64'), 'Bearer', 'authorization', USER_NAME, USER_NAME.toLowerCase(), 'Secret Person', 'filter=']) {
          assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `no line contains ${secret}`);
        }
      }, { logger: recordLogger((l) => lines.push(l)) });
    });
  });
}
