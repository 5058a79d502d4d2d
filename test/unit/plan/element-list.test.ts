/**
 * The indexed lists behind PATCH on multi-valued attributes: the same answers as a scan (RFC 7644
 * §3.5.2: add merges an element with the same value and type, remove by value, at most one
 * primary), with each change costing what it touches.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ElementLists } from '../../../src/plan/element-list.js';

describe('ElementList', () => {
  test('normalises what the resource holds, finds the same element case-insensitively, flushes compacted', () => {
    const doc: Record<string, unknown> = { emails: ['a@x', { value: 'B@x', type: 'Work', primary: true }, { value: 'c@x' }] };
    const lists = new ElementLists();
    const list = lists.of(doc, 'emails');
    assert.equal(list.size, 3);
    assert.equal(list.findSame({ value: 'b@X', type: 'work' }), 1);
    assert.equal(list.findSame({ value: 'b@x' }), undefined, 'type is part of the identity');
    assert.deepEqual(list.withValue('A@X'), [0]);
    assert.deepEqual(list.primaryPositions(), [1]);
    list.remove(0);
    list.update(1, (e) => { e['primary'] = false; });
    assert.deepEqual(list.primaryPositions(), []);
    const at = list.push({ value: 'd@x', primary: true });
    assert.deepEqual(list.primaryPositions(), [at]);
    assert.equal(lists.of(doc, 'emails'), list, 'the same list while the resource holds it');
    lists.flush();
    assert.deepEqual(doc['emails'], [{ value: 'B@x', type: 'Work', primary: false }, { value: 'c@x' }, { value: 'd@x', primary: true }]);
  });

  test('values with no key (objects) are never equal but always candidates for a filter', () => {
    const doc: Record<string, unknown> = { xs: [{ value: { deep: 1 } }, { value: 'a' }] };
    const list = new ElementLists().of(doc, 'xs');
    assert.deepEqual(list.withValue({ deep: 1 }), []);
    assert.deepEqual(list.mayHaveValue('a'), [0, 1]);
  });

  test('emptying a list removes the attribute; refilling brings it back', () => {
    const doc: Record<string, unknown> = { xs: [{ value: 'a' }] };
    const lists = new ElementLists();
    const list = lists.of(doc, 'xs');
    list.remove(0);
    assert.equal('xs' in doc, false);
    list.push({ value: 'b' });
    lists.flush();
    assert.deepEqual(doc['xs'], [{ value: 'b' }]);
  });

  test('a list of 20,000 takes 20,000 adds and removes in linear time', () => {
    const doc: Record<string, unknown> = {};
    const list = new ElementLists().of(doc, 'xs');
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) if (list.findSame({ value: `v${i}` }) === undefined) list.push({ value: `v${i}` });
    for (let i = 0; i < 20_000; i += 2) list.withValue(`V${i}`).forEach((p) => list.remove(p));
    assert.equal(list.size, 10_000);
    assert.ok(performance.now() - started < 1000, 'well under a second');
  });
});
