/**
 * plan/page-total.ts against a model: for any result set of `n` rows, any window and any remembered
 * total, what the page claims must agree with n whenever it claims to know it, and a full page
 * never lets totalResults end the results before the page's lookahead row.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countedTotal, pageTotal, settledTotal } from '../../../src/plan/page-total.js';

describe('page-total', () => {
  test('an exact claim is the true total; an at-least claim never exceeds it', () => {
    fc.assert(fc.property(fc.nat(500), fc.nat(600), fc.nat(120), fc.boolean(), (n, before, count, continued) => {
      // A window of count+1 rows after `before` rows of n (a continued page starts inside the results).
      if (continued && before > n) return;
      const fetched = Math.max(0, Math.min(count + 1, n - before));
      const proof = pageTotal(before, count, fetched, continued);
      if (proof === undefined) return assert.ok(count === 0 || (fetched === 0 && before > 0 && !continued));
      if ('exact' in proof) assert.equal(proof.exact, n);
      else assert.ok(proof.atLeast <= n && fetched === count + 1);
    }));
  });

  test('a remembered total is used only where the page does not contradict it; a count never falls below the proof', () => {
    fc.assert(fc.property(fc.nat(500), fc.nat(500), fc.integer({ min: 1, max: 100 }), fc.option(fc.nat(600), { nil: undefined }), (n, before, count, remembered) => {
      const fetched = Math.max(0, Math.min(count + 1, n - before));
      const proof = pageTotal(before, count, fetched);
      const settled = settledTotal(proof, remembered);
      if (fetched > count) assert.ok(settled === undefined || settled >= before + count + 1);
      if (fetched > 0 && fetched <= count) assert.equal(settled, n);
      assert.ok(countedTotal(proof, n) >= n);
      assert.equal(countedTotal(proof, n), n, 'with a consistent count the proof changes nothing');
    }));
  });

  test('count=0 and an unknown start prove nothing', () => {
    assert.equal(pageTotal(0, 0, 0), undefined);
    assert.equal(pageTotal(undefined, 10, 3), undefined);
    assert.deepEqual(pageTotal(0, 10, 0), { exact: 0 });
    assert.deepEqual(pageTotal(30, 10, 0, true), { exact: 30 });
    assert.equal(pageTotal(30, 10, 0), undefined);
  });
});
