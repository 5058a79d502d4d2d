/**
 * Sorting, index paging and RFC 9865 cursor paging through the HTTP list endpoints, and the
 * root-level POST /.search, on every dialect. Expected orders are computed in memory from the
 * full rendered list (nulls last, id as tie-breaker, case-folded unless caseExact).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createPeople, ENTERPRISE, PEOPLE_YAML, toRow, type Person } from '../fixtures/query-users.js';

const NAMES = ['bob', 'Alice', 'alice', 'carol', 'Dave', 'eve', 'Bob', 'zed', 'mallory', 'trent', 'Peggy', 'victor'];
const PEOPLE: Person[] = Array.from({ length: 30 }, (_, i) => ({
  user_name: `${NAMES[i % NAMES.length]}${i % 3 === 0 ? '' : i}`,
  external_id: i % 4 === 0 ? null : `X${i % 5}`,
  given_name: null, family_name: i % 3 === 0 ? null : (NAMES[(i * 7) % NAMES.length] as string),
  display_name: null, job_title: null, work_email: null, home_email: null, active: null,
  emp_no: i % 5 === 0 ? null : (i * 7) % 11, department: i % 2 === 0 ? 'Sales' : i % 3 === 0 ? null : 'sales',
  cost_center: null, created_at: i % 6 === 0 ? null : new Date(Date.UTC(2020, 0, 1) + ((i * 13) % 17) * 3_600_000).toISOString(),
  updated_at: null, deleted: i === 29,
}));
const LIVE = PEOPLE.length - 1;
const seed = (client: string) => async (knex: Knex) => { await createPeople(knex); await knex('people').insert(PEOPLE.map((p, i) => toRow(client, p, i))); };

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const num = (id: string) => Number(id.slice('user-'.length));

/** Every resource, in id order, via index paging (10 a page, to exercise the window). */
async function everyone(h: Harness): Promise<R[]> {
  const out: R[] = [];
  for (let start = 1; out.length < LIVE; start += 10) out.push(...(await h.request('GET', `/Users?startIndex=${start}&count=10`)).body.Resources);
  return out;
}

/** RFC 7644 §3.4.2.3 order: by key (nulls last), ties by id, the direction applying to both. */
function sorted(all: R[], key: (r: R) => string | number | undefined, descending: boolean): string[] {
  const dir = descending ? -1 : 1;
  return [...all].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === undefined || y === undefined) return x === y ? dir * (num(a['id']) - num(b['id'])) : x === undefined ? 1 : -1;
    return x < y ? -dir : x > y ? dir : dir * (num(a['id']) - num(b['id']));
  }).map((r) => r['id']);
}

const SORTS: { sortBy: string; key: (r: R) => string | number | undefined }[] = [
  { sortBy: 'userName', key: (r) => r['userName']?.toLowerCase() },
  { sortBy: 'name.familyName', key: (r) => r['name']?.familyName?.toLowerCase() },
  { sortBy: `${ENTERPRISE}:department`, key: (r) => r[ENTERPRISE]?.department?.toLowerCase() },
  { sortBy: `${ENTERPRISE}:employeeNumber`, key: (r) => r[ENTERPRISE]?.employeeNumber },
  { sortBy: 'externalId', key: (r) => r['externalId'] },
  { sortBy: 'meta.created', key: (r) => (r['meta']?.created ? Date.parse(r['meta'].created) : undefined) },
  { sortBy: 'id', key: () => 0 },
];

async function walkCursor(h: Harness, query: string, count: number, total = LIVE): Promise<string[]> {
  const ids: string[] = [];
  let cursor = '';
  for (let page = 0; page < 100; page += 1) {
    const res = await h.request('GET', `/Users?${query}&count=${count}&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.totalResults, total);
    assert.ok(res.body.Resources.length <= count);
    ids.push(...res.body.Resources.map((r: R) => r['id']));
    if (res.body.nextCursor === undefined) return ids;
    cursor = res.body.nextCursor;
  }
  throw new Error('cursor paging did not end');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: sorting and paging`, () => {
    test('sortBy every kind of attribute, both orders, index and cursor paging agree', { timeout: 120_000 }, async () => {
      await withServer(dialect, seed(dialect), PEOPLE_YAML, async (h) => {
        const all = await everyone(h);
        assert.equal(all.length, LIVE);
        for (const { sortBy, key } of SORTS) {
          for (const order of ['ascending', 'descending'] as const) {
            const expected = sorted(all, key, order === 'descending');
            const query = `sortBy=${encodeURIComponent(sortBy)}&sortOrder=${order}`;
            const byIndex: string[] = [];
            for (let start = 1; start <= LIVE; start += 10) byIndex.push(...(await h.request('GET', `/Users?${query}&startIndex=${start}&count=10`)).body.Resources.map((r: R) => r['id']));
            assert.deepEqual(byIndex, expected, `index paging, ${query}`);
            assert.deepEqual(await walkCursor(h, query, 4), expected, `cursor paging, ${query}`);
          }
        }
        const sales = all.filter((r) => r[ENTERPRISE]?.department?.toLowerCase() === 'sales');
        const filtered = await walkCursor(h, `filter=${encodeURIComponent('department eq "sales"')}&sortBy=userName`, 3, sales.length);
        assert.deepEqual(filtered, sorted(sales, (r) => r['userName'].toLowerCase(), false));
      });
    });

    test('count=0, count capped at maxResults and advertised, cursor errors, root search', { timeout: 60_000 }, async () => {
      await withServer(dialect, seed(dialect), PEOPLE_YAML, async (h) => {
        const zero = await h.request('GET', '/Users?count=0');
        assert.deepEqual([zero.body.totalResults, zero.body.itemsPerPage, zero.body.Resources], [LIVE, 0, []]);
        const spc = (await h.request('GET', '/ServiceProviderConfig')).body;
        const max = h.server.mapping.server.maxResults;
        assert.equal(spc.filter.maxResults, max);
        assert.deepEqual(spc.pagination, { cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: h.server.mapping.server.defaultCount, maxPageSize: max, cursorTimeout: 86400 });

        const first = await h.request('GET', '/Users?cursor=&count=2&sortBy=userName');
        const next = first.body.nextCursor as string;
        assert.equal(typeof next, 'string');
        const tampered = `${next.slice(0, 5)}${next[5] === 'A' ? 'B' : 'A'}${next.slice(6)}`;
        for (const bad of [tampered, 'garbage', `${next}x`, next.split('.')[0] as string]) {
          const res = await h.request('GET', `/Users?count=2&sortBy=userName&cursor=${encodeURIComponent(bad)}`);
          assert.equal(res.status, 400, bad);
          assert.equal(res.body.scimType, 'invalidCursor');
        }
        const foreign = await h.request('GET', `/Users?count=2&sortBy=name.familyName&cursor=${encodeURIComponent(next)}`);
        assert.equal(foreign.body.scimType, 'invalidCursor', 'a cursor only continues its own query');
        const both = await h.request('GET', `/Users?startIndex=2&cursor=${encodeURIComponent(next)}`);
        assert.equal(both.status, 400);

        const viaSearch = await h.request('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "b"', attributes: ['userName'], count: 5 });
        const viaRoot = await h.request('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "b"', attributes: ['userName'], count: 5 });
        assert.equal(viaRoot.status, 200, viaRoot.text);
        assert.deepEqual(viaRoot.body, viaSearch.body);
        assert.deepEqual(Object.keys(viaRoot.body.Resources[0]).sort(), ['id', 'schemas', 'userName']);
        const window = await h.request('POST', '/.search', { startIndex: 4, count: 3 });
        assert.deepEqual(window.body.Resources.map((r: R) => r['id']), (await h.request('GET', '/Users?startIndex=4&count=3')).body.Resources.map((r: R) => r['id']));
        const wrong = await h.request('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] });
        assert.equal(wrong.status, 400);
      });
    });
  });
}
