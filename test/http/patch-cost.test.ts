/**
 * Bounded work (issue 11 item 2): one PATCH of 12,000 `add phoneNumbers` operations and one of
 * 8,000 filtered removes, with server.limits raised to let them through, each answered well under
 * a second's worth of event-loop stall (the bound asserted is generous for a loaded machine;
 * bench/patch-ops.ts prints the numbers). With the default limits the same PATCH is a 400 that
 * states the limit. SQLite only: its driver is synchronous, so it shows the longest stalls.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { withServer } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';
import { addBody, removeBody } from '../fixtures/patch-bodies.js';

const LIMITS = 'server:\n  limits: { maxOperations: 20000, maxArrayLength: 20000 }';
/** Generous: the quadratic version took 9 s and 13 s here; the linear one about 0.4 s each. */
const BOUND_MS = 3000;

async function seed(knex: Knex): Promise<void> {
  await createTeamsApp(knex);
  await seedPeople(knex, 1);
}

describe('sqlite: PATCH cost is linear in its size', () => {
  test('12,000 adds then 8,000 filtered removes, each with a short event-loop stall', async (t) => {
    await withServer('sqlite', seed, TEAMS_YAML, async (h) => {
      for (const [label, body, left] of [['adds', addBody(12_000), 12_000], ['removes', removeBody(8_000), 4_000]] as const) {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const started = performance.now();
        const r = await h.request('PATCH', '/Users/user-1', body);
        const ms = performance.now() - started;
        delay.disable();
        assert.equal(r.status, 200, r.text.slice(0, 500));
        assert.equal(r.body.phoneNumbers.length, left);
        const stall = delay.max / 1e6;
        t.diagnostic(`PATCH ${label}: ${ms.toFixed(0)} ms, longest event-loop stall ${stall.toFixed(0)} ms`);
        assert.ok(stall < BOUND_MS, `${label}: the event loop stalled ${stall.toFixed(0)} ms`);
      }
    }, { extraYaml: LIMITS });
  });

  test('with the default limits, 12,000 operations are a 400 that states the limit', async () => {
    await withServer('sqlite', seed, TEAMS_YAML, async (h) => {
      const r = await h.request('PATCH', '/Users/user-1', addBody(1_001));
      assert.equal(r.status, 400, r.text.slice(0, 500));
      assert.equal(r.body.scimType, 'invalidValue');
      assert.match(r.body.detail, /1001 operations; the limit is 1000 \(server\.limits\.maxOperations\)/);
      const wide = await h.request('PATCH', '/Users/user-1', addBody(12_000));
      assert.equal(wide.status, 400);
      assert.match(wide.body.detail, /"Operations" has 12000 elements; the limit is 10000 \(server\.limits\.maxArrayLength\)/);
    });
  });
});
