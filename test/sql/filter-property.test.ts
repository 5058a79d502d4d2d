/**
 * The SQL result of a filter equals the in-memory evaluation of the same AST over the rendered
 * resources (src/scim/filter/evaluate.ts, the reference semantics of RFC 7644 §3.4.2.2), on every
 * dialect. One seeded table per dialect, many generated filters; a smaller sample goes through the
 * HTTP list endpoint as printed filter text. FC_SEED / FC_RUNS replay or widen a run.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createPeople, personArb, PEOPLE_YAML, toRow, type Person } from '../fixtures/query-users.js';
import { createSplitPeople, insertSplitPeople, SPLIT_YAML } from '../fixtures/query-split.js';
import { filterArb, stringPool } from './filter-arbitraries.js';
import { attrResolver } from '../../src/plan/attr-info.js';
import { planQuery } from '../../src/plan/query-plan.js';
import { TRUE } from '../../src/plan/predicate.js';
import { listRows } from '../../src/sql/read.js';
import { dialectFor } from '../../src/sql/dialects/index.js';
import { renderResource } from '../../src/render/resource.js';
import { matches } from '../../src/scim/filter/evaluate.js';
import { printFilter } from '../../src/scim/filter/print.js';
import type { Filter } from '../../src/scim/filter/ast.js';
import type { ResourceMapping } from '../../src/mapping/types.js';
import type { ListRequest } from '../../src/scim/list-request.js';

const SEED = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env['FC_RUNS'] ?? 1000);
const PEOPLE = fc.sample(fc.array(personArb, { minLength: 40, maxLength: 40 }), { seed: SEED, numRuns: 1 })[0] as Person[];

const request = (filter: Filter | undefined): ListRequest => ({
  ...(filter ? { filter } : {}), sortOrder: 'ascending', startIndex: 1, count: 1000, attributes: [], excludedAttributes: [],
});

const seed = (client: string) => async (knex: Knex) => {
  await createPeople(knex);
  await knex('people').insert(PEOPLE.map((person, i) => toRow(client, person, i)));
};

/** The same people split over a core row, a profile, an extra row and key-value rows (test/fixtures/query-split.ts). */
const seedSplit = (client: string) => async (knex: Knex) => {
  await createSplitPeople(knex);
  await insertSplitPeople(knex, client, PEOPLE);
};

/** The two storages: one plain table, and the person split the way real applications split one. */
const STORAGES = [
  { name: 'one table', seed, yaml: PEOPLE_YAML, runs: RUNS },
  { name: 'split over side tables, key-value rows, a scope and a suspension', seed: seedSplit, yaml: SPLIT_YAML, runs: Math.max(100, Math.round(RUNS / 2)) },
] as const;

interface Engine {
  expected(f: Filter): string[];
  actual(f: Filter): Promise<string[]>;
  /** The rendered resources on which SQL and the evaluator disagree, for the failure message. */
  explain(actual: readonly string[], expected: readonly string[]): string;
  readonly size: number;
}

async function engine(h: Harness): Promise<Engine> {
  const resource = h.server.mapping.resources[0] as ResourceMapping;
  const dialect = dialectFor(h.server.mapping.database.client);
  const ctx = { baseUrl: h.url };
  const all = await listRows(h.server.knex, dialect, resource, { ...planQuery(resource, request(undefined)), predicate: TRUE });
  const rendered = all.rows.map((row) => renderResource(resource, row, ctx));
  const resolve = attrResolver(resource);
  return {
    expected: (f) => rendered.filter((r) => matches(f, r, resolve)).map((r) => r['id'] as string).sort(),
    size: rendered.length,
    explain(actual, expected) {
      const differ = new Set([...actual.filter((id) => !expected.includes(id)), ...expected.filter((id) => !actual.includes(id))]);
      return rendered.filter((r) => differ.has(r['id'] as string)).map((r) => `${actual.includes(r['id'] as string) ? 'SQL only' : 'memory only'}: ${JSON.stringify(r)}`).join('\n');
    },
    async actual(f) {
      const { rows, total } = await listRows(h.server.knex, dialect, resource, planQuery(resource, request(f)));
      const ids = rows.map((row) => renderResource(resource, row, ctx)['id'] as string).sort();
      assert.equal(total, ids.length, 'totalResults counts what the page holds');
      return ids;
    },
  };
}

for (const dialect of DIALECTS) {
  for (const storage of STORAGES) {
    const httpRuns = Math.max(30, Math.round(storage.runs / 10));
    describe(`${dialect}, ${storage.name}: filter SQL ≡ in-memory evaluation (seed ${SEED})`, () => {
      test(`${storage.runs} generated filters direct, ${httpRuns} through HTTP`, { timeout: 300_000 }, async () => {
        await withServer(dialect, storage.seed(dialect), storage.yaml, async (h) => {
          const e = await engine(h);
          assert.equal((await e.actual({ kind: 'compare', attrPath: { name: 'id' }, op: 'ne', value: 'none' })).length, e.size);
          const pools = {
            strings: stringPool(PEOPLE.flatMap((p) => [p.user_name, p.given_name, p.work_email, p.job_title, p.department, p.cost_center, p.external_id]
              .filter((v): v is string => v !== null))),
            ids: (await e.actual({ kind: 'present', attrPath: { name: 'id' } })).slice(0, 5),
          };
          const arb = filterArb(pools);
          await fc.assert(fc.asyncProperty(arb, async (f) => {
            const [actual, expected] = [await e.actual(f), e.expected(f)];
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
              assert.fail(`${printFilter(f)}\nSQL ${actual.join()} rows, memory ${expected.join()} of ${e.size}\n${e.explain(actual, expected)}`);
            }
          }), { seed: SEED, numRuns: storage.runs, endOnFailure: true, includeErrorInReport: true });
          await fc.assert(fc.asyncProperty(arb, async (f) => {
            const text = printFilter(f);
            const res = await h.request('GET', `/Users?count=1000&attributes=id&filter=${encodeURIComponent(text)}`);
            assert.equal(res.status, 200, `${text}: ${res.text}`);
            const ids = (res.body.Resources as { id: string }[]).map((r) => r.id).sort();
            assert.deepEqual(ids, e.expected(f), text);
          }), { seed: SEED + 1, numRuns: httpRuns, endOnFailure: true, includeErrorInReport: true });
        });
      });
    });
  }
}
