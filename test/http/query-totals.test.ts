/**
 * What a list runs, and what totalResults says, when the engine avoids COUNT and OFFSET (issue 13;
 * docs/query.md "Paging and totals"), on every dialect:
 * - an IdP existence check (`userName eq`, startIndex=1&count=100) is one SELECT;
 * - a startIndex walk counts once and continues by keyset (no OFFSET after page 1);
 * - a write through the server makes the next full page count again;
 * - under random interleavings of pages, server writes and writes behind its back, a walk never
 *   returns a row twice, and a client that stops at a short page or once startIndex passes
 *   totalResults misses no row that lived throughout (RFC 7644 §3.4.2.4 lets index paging be
 *   inconsistent under change, but a client must still reach the end).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createPeople, PEOPLE_YAML, toRow, type Person } from '../fixtures/query-users.js';

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const RUNS = Number(process.env['FC_RUNS'] ?? 15);

const person = (i: number): Person => ({
  user_name: `user${String(i).padStart(3, '0')}`, external_id: `X${i}`, given_name: null, family_name: null, display_name: null,
  job_title: null, work_email: null, home_email: null, active: true, emp_no: i, department: i % 2 === 0 ? 'even' : 'odd',
  cost_center: null, created_at: null, updated_at: null, deleted: false,
});
const seed = (client: string, n: number) => async (knex: Knex) => {
  await createPeople(knex);
  await knex('people').insert(Array.from({ length: n }, (_, i) => toRow(client, person(i), i)));
};

/** The SQL the server ran while `fn` ran. */
async function queriesOf(h: Harness, fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => { seen.push(q.sql.toLowerCase()); };
  h.server.knex.on('query', listener);
  try { await fn(); } finally { h.server.knex.off('query', listener); }
  return seen;
}
const counts = (sql: string[]) => sql.filter((s) => s.includes('count(')).length;
const offsets = (sql: string[]) => sql.filter((s) => /\boffset\b/.test(s)).length;

async function page(h: Harness, query: string): Promise<R> {
  const res = await h.request('GET', `/Users?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body as R;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: totals and walks`, () => {
    test('a lookup is one SELECT; a walk counts once and pages by keyset; a write makes the next page count', { timeout: 60_000 }, async () => {
      await withServer(dialect, seed(dialect, 45), PEOPLE_YAML, async (h) => {
        let found: R = {};
        const lookup = await queriesOf(h, async () => { found = await page(h, `filter=${encodeURIComponent('userName eq "USER007"')}&startIndex=1&count=100`); });
        assert.deepEqual([found['totalResults'], found['Resources'].length, lookup.length], [1, 1, 1], lookup.join('\n'));
        const missing = await queriesOf(h, async () => { found = await page(h, `filter=${encodeURIComponent('externalId eq "nobody"')}`); });
        assert.deepEqual([found['totalResults'], missing.length], [0, 1]);

        const ids: string[] = [];
        const totals: number[] = [];
        const walk = await queriesOf(h, async () => {
          for (let start = 1; start <= 45; start += 10) {
            const body = await page(h, `startIndex=${start}&count=10`);
            ids.push(...body['Resources'].map((r: R) => r['id']));
            totals.push(body['totalResults']);
          }
        });
        assert.deepEqual(ids, Array.from({ length: 45 }, (_, i) => `user-${i + 1}`));
        assert.deepEqual(totals, [45, 45, 45, 45, 45]);
        assert.equal(counts(walk), 1, 'only the first page counts');
        assert.equal(offsets(walk), 0, 'pages after the first continue by keyset');

        const created = await h.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'late' });
        assert.equal(created.status, 201, created.text);
        const after = await queriesOf(h, async () => { found = await page(h, 'startIndex=1&count=10'); });
        assert.deepEqual([found['totalResults'], counts(after)], [46, 1], 'the write made the remembered total unusable');

        const jump = await queriesOf(h, async () => { found = await page(h, 'startIndex=31&count=10&sortBy=userName'); });
        assert.deepEqual([found['Resources'][0]['userName'], offsets(jump)], ['user029', 1], 'a page no walk reached uses OFFSET ("late" sorts first)');
      });
    });

    test('cursor pages after the first do not count; the last page proves the total', { timeout: 60_000 }, async () => {
      await withServer(dialect, seed(dialect, 25), PEOPLE_YAML, async (h) => {
        const bodies: R[] = [];
        const sql = await queriesOf(h, async () => {
          let cursor = '';
          for (;;) {
            const body = await page(h, `count=10&cursor=${encodeURIComponent(cursor)}`);
            bodies.push(body);
            if (body['nextCursor'] === undefined) break;
            cursor = body['nextCursor'];
          }
        });
        assert.deepEqual(bodies.map((b) => [b['totalResults'], b['Resources'].length]), [[25, 10], [25, 10], [25, 5]]);
        assert.equal(counts(sql), 1);
        // Rows deleted behind the server's back: the remembered total is stale, the short last page is not.
        await h.server.knex('people').whereIn('id', [24, 25]).delete();
        const first = await page(h, 'count=10&cursor=');
        const second = await page(h, `count=10&cursor=${encodeURIComponent(first['nextCursor'])}`);
        const last = await page(h, `count=10&cursor=${encodeURIComponent(second['nextCursor'])}`);
        assert.deepEqual([last['totalResults'], last['Resources'].length, last['nextCursor']], [23, 3, undefined]);
      });
    });

    test('property: walks under concurrent change return each row once, miss none that lived throughout, and end where the rows end', { timeout: 300_000 }, async () => {
      const size = 30;
      await withServer(dialect, seed(dialect, size), PEOPLE_YAML, async (h) => {
        let next = size;
        const step = fc.oneof(
          fc.constant({ kind: 'page' as const }),
          fc.record({ kind: fc.constant('create' as const), via: fc.constantFrom('server', 'database') }),
          fc.record({ kind: fc.constant('delete' as const), via: fc.constantFrom('server', 'database'), pick: fc.nat() }),
        );
        await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 30 }), fc.integer({ min: 3, max: 9 }), fc.constantFrom('', '&sortBy=userName', '&sortBy=userName&sortOrder=descending', `&filter=${encodeURIComponent('department eq "even"')}`), async (steps, count, extra) => {
          const alive = async () => (await h.server.knex('people').whereNull('deleted_at').select('id', 'department')).filter((r) => extra.includes('filter') ? r.department === 'even' : true).map((r) => `user-${r.id}`);
          const atStart = new Set(await alive());
          const removed = new Set<string>();
          const served: string[] = [];
          let start = 1;
          let done = false;
          const turn = async (s: (typeof steps)[number]) => {
            if (s.kind === 'page') {
              const body = await page(h, `startIndex=${start}&count=${count}${extra}`);
              const got: string[] = body['Resources'].map((r: R) => r['id']);
              served.push(...got);
              start += got.length;
              // A client stops at a short page or once startIndex passes totalResults (Okta does both).
              assert.ok(body['totalResults'] >= served.length, `totalResults ${body['totalResults']} below the ${served.length} rows served`);
              if (got.length < count) assert.equal(body['totalResults'], served.length, 'a short page: totalResults is what the walk served');
              done = got.length < count || body['totalResults'] <= served.length;
              return;
            }
            if (s.kind === 'create') {
              next += 1;
              const row = { ...person(next), user_name: `new${next}` };
              if (s.via === 'server') assert.equal((await h.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: row.user_name, externalId: `N${next}`, [`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`]: { department: row.department } })).status, 201);
              else await h.server.knex('people').insert(toRow(dialect, row, next));
              return;
            }
            const candidates = await alive();
            const victim = candidates[s.pick % Math.max(1, candidates.length)];
            if (victim === undefined) return;
            removed.add(victim);
            if (s.via === 'server') assert.equal((await h.request('DELETE', `/Users/${victim}`)).status, 204);
            else await h.server.knex('people').where('id', Number(victim.slice('user-'.length))).delete();
          };
          for (const s of steps) { if (!done) await turn(s); }
          while (!done) await turn({ kind: 'page' });
          assert.equal(new Set(served).size, served.length, `no row twice: ${served.join(' ')}`);
          for (const id of atStart) if (!removed.has(id)) assert.ok(served.includes(id), `${id} lived throughout the walk and was served`);
        }), { numRuns: RUNS, includeErrorInReport: true });
      });
    });
  });
}
