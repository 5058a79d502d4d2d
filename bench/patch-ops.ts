/**
 * One PATCH with many operations (issue 11): 12,000 `add phoneNumbers` operations (≈740 KB), then
 * 8,000 filtered removes, against a server in this process; prints each request's time and the
 * longest event-loop stall seen meanwhile (perf_hooks.monitorEventLoopDelay), which is how long
 * every other request — /healthz included — waited.
 *
 *   npx tsx bench/patch-ops.ts                    # SQLite (default)
 *   DIALECT=postgres ADDS=12000 REMOVES=8000 npx tsx bench/patch-ops.ts
 *   node --cpu-prof --import tsx bench/patch-ops.ts   # profile (writes a .cpuprofile)
 *
 * Prints numbers; asserts nothing (test/http/patch-cost.test.ts asserts a generous bound).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfigText } from '../src/config/load.js';
import type { DbClient } from '../src/config/raw-types.js';
import { startServer } from '../src/server.js';
import { createTestDb } from '../test/helpers/db.js';
import { databaseYaml, TOKEN } from '../test/helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../test/fixtures/app-groups.js';
import { addBody, removeBody } from '../test/fixtures/patch-bodies.js';

const ADDS = Number(process.env['ADDS'] ?? 12_000);
const REMOVES = Number(process.env['REMOVES'] ?? 8_000);
const dialect = (process.env['DIALECT'] ?? 'sqlite') as DbClient;
// The defaults refuse 12,000 operations (server.limits); raised here to measure the cost. NO_LIMITS=1 for builds without server.limits.
const LIMITS = process.env['NO_LIMITS'] ? '' : `server:\n  limits: { maxOperations: 100000, maxArrayLength: 100000 }\n`;

async function measure(label: string, run: () => Promise<Response>): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = process.hrtime.bigint();
  const response = await run();
  await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  delay.disable();
  console.log(`${label.padEnd(40)} status ${response.status}  ${ms.toFixed(0).padStart(6)} ms   longest event-loop stall ${(delay.max / 1e6).toFixed(0).padStart(5)} ms`);
}

const db = await createTestDb(dialect);
try {
  await createTeamsApp(db.knex);
  await seedPeople(db.knex, 1);
  const server = await startServer(parseConfigText(`${databaseYaml(db)}\nauth:\n  bearer: [ "${TOKEN}" ]\n${LIMITS}${TEAMS_YAML}`, 'bench.yaml', {}), { host: '127.0.0.1', port: 0 });
  const patch = (body: string) => fetch(`${server.url}/Users/user-1`, {
    method: 'PATCH', body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
  });
  const adds = addBody(ADDS);
  console.log(`${dialect}: one PATCH of ${ADDS.toLocaleString('en')} adds (${(adds.length / 1024).toFixed(0)} KB), then one of ${REMOVES.toLocaleString('en')} filtered removes`);
  await measure(`PATCH ${ADDS} × add phoneNumbers`, () => patch(adds));
  await measure(`PATCH ${REMOVES} × remove phoneNumbers[value eq …]`, () => patch(removeBody(REMOVES)));
  await server.close();
} finally {
  await db.cleanup();
}
