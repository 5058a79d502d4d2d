/** The failed-authentication budget: per address, per window, with Retry-After until the window ends. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailureLimiter } from '../../../src/http/rate-limit.js';

test('each address has its own budget; the window starts at its first failure and ends after windowSeconds', () => {
  let now = 1_000_000;
  const limiter = new FailureLimiter(2, 60, () => now);
  assert.equal(limiter.fail('a'), undefined);
  assert.equal(limiter.fail('a'), undefined);
  now += 15_000;
  const limited = limiter.fail('a');
  assert.equal(limited?.status, 429);
  assert.equal(limited?.headers['Retry-After'], '45');
  assert.equal(limiter.fail('b'), undefined, 'another address is not limited');
  now += 45_000;
  assert.equal(limiter.fail('a'), undefined, 'a new window');
});

test('memory stays bounded however many addresses fail', () => {
  let now = 0;
  const limiter = new FailureLimiter(1, 60, () => now);
  for (let i = 0; i < 25_000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
  now += 1;
  assert.equal(limiter.fail('10.0.97.167')?.status, 429, 'a recent address is still counted');
  assert.ok((limiter as unknown as { windows: Map<string, unknown> }).windows.size <= 10_000);
});
