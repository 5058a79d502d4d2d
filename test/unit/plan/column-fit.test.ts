/** What fits a column (writes) and what a filter value no row can hold means (RFC 7644 §3.4.2.2). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnRef } from '../../../src/mapping/types.js';
import { characters, filterFit, misfit } from '../../../src/plan/column-fit.js';

const text: ColumnRef = { name: 'title', kind: 'string', nullable: true, maxLength: 5 };
const int32: ColumnRef = { name: 'badge', kind: 'integer', nullable: true, range: { min: '-2147483648', max: '2147483647' } };
const uuid: ColumnRef = { name: 'ref', kind: 'uuid', nullable: true };
const status: ColumnRef = { name: 'status', kind: 'string', nullable: false, allowed: ['active', 'gone'] };
const seconds: ColumnRef = { ...int32, epoch: 'seconds' };
const when: ColumnRef = { name: 'at', kind: 'dateTime', nullable: true };

describe('misfit: what a column cannot hold', () => {
  test('text: characters (code points) against varchar(n), NUL, unpaired surrogates', () => {
    assert.equal(characters('😀😀'), 2);
    assert.equal(misfit(text, '😀😀😀😀😀'), undefined);
    assert.match(misfit(text, 'abcdef') ?? '', /at most 5 characters long \(column title\); got 6/);
    assert.match(misfit(text, 'a\u0000') ?? '', /NUL/);
    assert.match(misfit(text, 'a\ud800') ?? '', /unpaired surrogate/);
    assert.equal(misfit(text, '\ud83d\ude00'), undefined);
  });
  test('integers against the range; epoch columns by their Unix time; dates within 1-9999', () => {
    assert.equal(misfit(int32, 2147483647), undefined);
    assert.match(misfit(int32, 2147483648) ?? '', /out of range: column badge holds -2147483648 to 2147483647/);
    assert.match(misfit(seconds, new Date('2040-01-01T00:00:00Z')) ?? '', /Unix time/);
    assert.equal(misfit(seconds, new Date('2030-01-01T00:00:00Z')), undefined);
    assert.match(misfit(when, new Date('+010000-01-01T00:00:00Z')) ?? '', /years 1 and 9999/);
  });
  test('uuid columns and allowed values', () => {
    assert.match(misfit(uuid, 'nope') ?? '', /UUID/);
    assert.equal(misfit(uuid, '123e4567-e89b-12d3-a456-426614174000'), undefined);
    assert.match(misfit(status, 'ACTIVE') ?? '', /one of "active", "gone"/);
    assert.equal(misfit(status, 'gone'), undefined);
  });
});

describe('filterFit: values no row can hold', () => {
  test('eq, co, sw, ew with a text longer than the column or holding NUL match nothing', () => {
    for (const op of ['eq', 'co', 'sw', 'ew'] as const) {
      assert.deepEqual(filterFit(text, op, 'abcdef'), { kind: 'none' });
      assert.deepEqual(filterFit(text, op, 'a\u0000'), { kind: 'none' });
    }
    assert.deepEqual(filterFit(text, 'gt', 'abcdef'), { kind: 'as is' }, 'an ordering with a long text is well defined');
  });
  test('an ordering against a text with NUL compares with the text before it', () => {
    assert.deepEqual(filterFit(text, 'gt', 'ab\u0000c'), { kind: 'restated', op: 'gt', value: 'ab' });
    assert.deepEqual(filterFit(text, 'ge', 'ab\u0000c'), { kind: 'restated', op: 'gt', value: 'ab' });
    assert.deepEqual(filterFit(text, 'lt', 'ab\u0000c'), { kind: 'restated', op: 'le', value: 'ab' });
    assert.deepEqual(filterFit(text, 'le', 'ab\u0000c'), { kind: 'restated', op: 'le', value: 'ab' });
  });
  test('an integer beyond the range is above (or below) every stored value', () => {
    assert.deepEqual(filterFit(int32, 'eq', 99999999999), { kind: 'none' });
    assert.deepEqual(filterFit(int32, 'gt', 99999999999), { kind: 'none' });
    assert.deepEqual(filterFit(int32, 'lt', 99999999999), { kind: 'any' });
    assert.deepEqual(filterFit(int32, 'ge', -99999999999), { kind: 'any' });
    assert.deepEqual(filterFit(int32, 'le', -99999999999), { kind: 'none' });
    assert.deepEqual(filterFit(int32, 'eq', 5), { kind: 'as is' });
  });
});
