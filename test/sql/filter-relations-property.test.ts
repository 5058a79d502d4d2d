/**
 * Filters on attributes held in other tables (child-table phoneNumbers, User.groups from a join
 * table): the SQL result (EXISTS subqueries, plan/relation-predicate.ts) equals the in-memory
 * evaluation of the same AST over the rendered resources, relations included, on every dialect.
 * A smaller sample goes through HTTP as printed text. FC_SEED / FC_REL_RUNS replay or widen a run.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness } from '../helpers/server.js';
import { createRelationsApp, memberArb, RELATIONS_YAML, seedRelations, type Member } from '../fixtures/query-relations.js';
import { relationFilterArb } from './relation-arbitraries.js';
import { attrResolver } from '../../src/plan/attr-info.js';
import { planQuery } from '../../src/plan/query-plan.js';
import { TRUE } from '../../src/plan/predicate.js';
import { listRows } from '../../src/sql/read.js';
import { dialectFor } from '../../src/sql/dialects/index.js';
import { renderRowsAt } from '../../src/http/render-rows.js';
import { matches } from '../../src/scim/filter/evaluate.js';
import { printFilter } from '../../src/scim/filter/print.js';
import { idFromColumn } from '../../src/plan/ids.js';
import { relationsOf, type ResourceMapping } from '../../src/mapping/types.js';
import type { Filter } from '../../src/scim/filter/ast.js';
import type { ListRequest } from '../../src/scim/list-request.js';

const SEED = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env['FC_REL_RUNS'] ?? 600);
const HTTP_RUNS = Math.max(50, Math.round(RUNS / 10));
const MEMBERS = fc.sample(fc.array(memberArb, { minLength: 40, maxLength: 40 }), { seed: SEED, numRuns: 1 })[0] as Member[];

const request = (filter: Filter | undefined): ListRequest => ({
  ...(filter ? { filter } : {}), sortOrder: 'ascending', startIndex: 1, count: 1000, attributes: [], excludedAttributes: [],
});

interface Engine {
  expected(f: Filter): string[];
  actual(f: Filter): Promise<string[]>;
  explain(actual: readonly string[], expected: readonly string[]): string;
}

async function engine(h: Harness): Promise<Engine> {
  const mapping = h.server.mapping;
  const resource = mapping.resources.find((r) => r.name === 'User') as ResourceMapping;
  const dialect = dialectFor(mapping.database.client);
  const all = await listRows(h.server.knex, dialect, resource, { ...planQuery(resource, request(undefined)), predicate: TRUE });
  const rendered = await renderRowsAt(h.server.knex, { dialect, mapping }, h.url, resource, all.rows, relationsOf(resource));
  const resolve = attrResolver(resource);
  const idOf = (r: Record<string, unknown>) => r['id'] as string;
  return {
    expected: (f) => rendered.filter((r) => matches(f, r, resolve)).map(idOf).sort(),
    explain(actual, expected) {
      const differ = new Set([...actual.filter((id) => !expected.includes(id)), ...expected.filter((id) => !actual.includes(id))]);
      return rendered.filter((r) => differ.has(idOf(r))).map((r) => `${actual.includes(idOf(r)) ? 'SQL only' : 'memory only'}: ${JSON.stringify(r)}`).join('\n');
    },
    async actual(f) {
      const { rows, total } = await listRows(h.server.knex, dialect, resource, planQuery(resource, request(f)));
      const ids = rows.map((row) => idFromColumn(resource.id, row[resource.id.column.name])).sort();
      assert.equal(total, ids.length, 'totalResults counts what the page holds');
      return ids;
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: relation filter SQL ≡ in-memory evaluation (seed ${SEED})`, () => {
    test(`${RUNS} generated filters on phoneNumbers and groups direct, ${HTTP_RUNS} through HTTP`, { timeout: 300_000 }, async () => {
      await withServer(dialect, (knex: Knex) => createRelationsApp(knex).then(() => seedRelations(knex, MEMBERS)), RELATIONS_YAML, async (h) => {
        const e = await engine(h);
        assert.equal((await e.actual({ kind: 'present', attrPath: { name: 'id' } })).length, MEMBERS.filter((m) => !m.deleted).length);
        const arb = relationFilterArb();
        await fc.assert(fc.asyncProperty(arb, async (f) => {
          const [actual, expected] = [await e.actual(f), e.expected(f)];
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            assert.fail(`${printFilter(f)}\nSQL ${actual.join()}, memory ${expected.join()}\n${e.explain(actual, expected)}`);
          }
        }), { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true });
        await fc.assert(fc.asyncProperty(arb, async (f) => {
          const text = printFilter(f);
          const res = await h.request('GET', `/Users?count=1000&attributes=id&filter=${encodeURIComponent(text)}`);
          assert.equal(res.status, 200, `${text}: ${res.text}`);
          assert.deepEqual((res.body.Resources as { id: string }[]).map((r) => r.id).sort(), e.expected(f), text);
        }), { seed: SEED + 1, numRuns: HTTP_RUNS, endOnFailure: true, includeErrorInReport: true });
      });
    });
  });
}
