/** http/list-memory.ts: totals die with a write or after their time; positions outlive writes; both are bounded. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListMemory } from '../../../src/http/list-memory.js';

describe('ListMemory', () => {
  test('a total is reused until a write or its time is up; a count that ran across a write is not kept', () => {
    let now = 0;
    const memory = new ListMemory({ totalSeconds: 10, now: () => now });
    memory.rememberTotal('q', 42, memory.snapshot());
    assert.equal(memory.total('q'), 42);
    now = 10_001;
    assert.equal(memory.total('q'), undefined, 'expired');
    memory.rememberTotal('q', 43, memory.snapshot());
    memory.written();
    assert.equal(memory.total('q'), undefined, 'a write forgets it');
    const before = memory.snapshot();
    memory.written();
    memory.rememberTotal('q', 44, before);
    assert.equal(memory.total('q'), undefined, 'counted while a write finished: unusable');
  });

  test('where a page ended survives writes, expires, and is keyed by the offset it ends at', () => {
    let now = 0;
    const memory = new ListMemory({ positionSeconds: 300, now: () => now });
    memory.rememberEnd('walk', 100, { id: 100, served: 100 });
    memory.written();
    assert.deepEqual(memory.endAt('walk', 100), { id: 100, served: 100 });
    assert.equal(memory.endAt('walk', 200), undefined);
    now = 300_001;
    assert.equal(memory.endAt('walk', 100), undefined);
  });

  test('bounded: the oldest entries go first', () => {
    const memory = new ListMemory({ entries: 3 });
    for (let i = 0; i < 5; i += 1) memory.rememberEnd('walk', i, { id: i });
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => memory.endAt('walk', i)?.id), [undefined, undefined, 2, 3, 4]);
  });
});
