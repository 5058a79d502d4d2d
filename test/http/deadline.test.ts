/**
 * Issue 11 §3 on the shared servers: a request stuck on the database — here waiting for a row
 * another transaction holds, the same wait as a hung server's — is answered 503 with Retry-After
 * by the statement timeout or the request deadline, whichever comes first; its connection goes
 * back to the pool; a client that disconnects releases its connection at once; /readyz answers
 * in time with the pool exhausted. (test/faults/ stops and freezes private servers.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer, type Harness } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SLACK_MS = 1000;
const rename = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed' }] };

async function seed(knex: Knex): Promise<void> {
  await createTeamsApp(knex);
  await seedPeople(knex, 2);
}

/** Locks person 1's row in a transaction of the test's own until `release` is called. */
async function lockPerson(h: Harness): Promise<() => Promise<void>> {
  const trx = await h.db.knex.transaction();
  await trx('people').where({ id: 1 }).forUpdate().select('id');
  return async () => { await trx.rollback(); };
}

function poolInUse(h: Harness): number {
  return (h.server.knex.client as { pool: { numUsed(): number } }).pool.numUsed();
}

async function eventually(what: string, check: () => boolean, withinMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > withinMs) assert.fail(`${what} did not happen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

async function timed(h: Harness, method: string, path: string, body?: unknown) {
  const start = Date.now();
  const response = await h.request(method, path, body);
  return { ...response, ms: Date.now() - start };
}

function assertUnavailable(r: { status: number; headers: Headers; body: any }, detail: RegExp): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(r.status, 503, JSON.stringify(r.body));
  assert.ok(r.headers.get('retry-after'), 'Retry-After');
  assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.match(r.body.detail, detail);
}

for (const dialect of DIALECTS.filter((d) => d !== 'sqlite')) {
  describe(`${dialect}: database deadlines`, () => {
    test('a request waiting on the database past server.requestTimeout is a 503 in time, and its connection is released', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const release = await lockPerson(h);
        try {
          const stuck = await timed(h, 'PATCH', '/Users/user-1', rename);
          assertUnavailable(stuck, /did not answer within 800 ms/);
          assert.ok(stuck.ms >= 800 && stuck.ms < 800 + SLACK_MS, `${stuck.ms} ms`);
          await eventually('the connection returning to the pool', () => poolInUse(h) === 0, SLACK_MS);
        } finally {
          await release();
        }
        const after = await h.request('PATCH', '/Users/user-1', rename);
        assert.equal(after.status, 200, 'the pool works on');
      }, { databaseYaml: '  statementTimeout: 20000', extraYaml: 'server:\n  requestTimeout: 800' });
    });

    test('a statement past database.statementTimeout is cancelled by the database: a 503', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const release = await lockPerson(h);
        try {
          const stuck = await timed(h, 'PATCH', '/Users/user-1', rename);
          assertUnavailable(stuck, /database is unavailable/);
          assert.ok(stuck.ms < 400 + SLACK_MS, `${stuck.ms} ms`);
        } finally {
          await release();
        }
      }, { databaseYaml: '  statementTimeout: 400', extraYaml: 'server:\n  requestTimeout: 5000' });
    });

    test('a client that disconnects releases its connection at once', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const release = await lockPerson(h);
        try {
          const gone = new AbortController();
          const sent = fetch(`${h.url}/Users/user-1`, { method: 'PATCH', signal: gone.signal, body: JSON.stringify(rename),
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' } }).catch((error: unknown) => error);
         await eventually('the PATCH waiting on the lock', () => poolInUse(h) === 1, 5000);
          gone.abort();
          await sent;
          const ms = await eventually('the connection returning to the pool', () => poolInUse(h) === 0, 500);
          process.stdout.write(`# deadline ${dialect}: an aborted request's connection was released ${ms} ms after the client left\n`);
        } finally {
          await release();
        }
      }, { databaseYaml: '  statementTimeout: 20000', extraYaml: 'server:\n  requestTimeout: 20000' });
    });

    test('/readyz answers 503 within the deadline when no connection is free', async () => {
      await withServer(dialect, seed, TEAMS_YAML, async (h) => {
        const pool = h.server.knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };
        const held = await pool.acquireConnection(); // the pool's only connection
        try {
          const start = Date.now();
          const ready = await fetch(`${new URL(h.url).origin}/readyz`);
          const ms = Date.now() - start;
          assert.equal(ready.status, 503);
          assert.ok(ms >= 800 && ms < 800 + SLACK_MS, `${ms} ms`);
        } finally {
          await pool.releaseConnection(held);
        }
        assert.equal((await fetch(`${new URL(h.url).origin}/readyz`)).status, 200);
      }, { databaseYaml: '  pool: { max: 1 }', extraYaml: 'server:\n  requestTimeout: 800' });
    });
  });
}
