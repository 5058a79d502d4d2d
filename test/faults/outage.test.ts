/**
 * Issue 11 §3: a database that goes away, comes back, or freezes, under mixed traffic. Each
 * database is a private server of the test's own (private-db.ts; the machine's shared servers are
 * never touched). The timeline: traffic; the server stopped cleanly and started again; the server
 * frozen (SIGSTOP on all its processes) for twice the request deadline, then thawed; the server
 * killed (PostgreSQL: immediate shutdown; MariaDB: SIGKILL) and started again; traffic throughout.
 * What must hold: no 500 and no unanswered request; every failure is a 503 with Retry-After and a
 * SCIM error body; every request (and /readyz) is answered within the deadline, frozen database
 * included; after each restart or thaw, failures stop within 5 s; no acknowledged write lost (the
 * crash included) and none half applied. The numbers are printed as `# fault …` lines.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { parseConfigText } from '../../src/config/load.js';
import { recordLogger } from '../../src/http/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { openDatabase } from '../../src/sql/connect.js';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp } from '../fixtures/app-groups.js';
import { canRunPrivateDbs, privateMariaDb, privatePostgres, type PrivateDb } from './private-db.js';
import { sleep } from './processes.js';
import { Traffic, audit, type Sample } from './traffic.js';

const DEADLINE_MS = 1500;
/** What the test allows beyond the deadline for the answer to travel (two shared cores). */
const SLACK_MS = 1000;
const RECOVERY_MS = 5000;
const WORKERS = 6;

const CONFIG = (db: PrivateDb) => `database:
  client: ${db.client}
  connection: ${JSON.stringify(db.url)}
  statementTimeout: 1000
  acquireTimeout: 1000
  pool: { max: 5 }
server:
  requestTimeout: ${DEADLINE_MS}
auth:
  bearer: [ "${TOKEN}" ]
${TEAMS_YAML}`;

/**
 * One fault: when it began, when the database was told to come back (start, thaw) and when it was
 * back (the start command returned: the database accepts connections).
 */
interface Fault { readonly kind: 'stop' | 'crash' | 'freeze'; readonly from: number; readonly restart: number; readonly to: number }

const within = (s: Sample, from: number, to: number) => s.end >= from && s.start <= to;
const failed = (s: Sample) => s.status < 200 || s.status >= 300;
const count = (list: readonly Sample[], f: (s: Sample) => boolean) => list.filter(f).length;

/**
 * How long after the database was back requests kept failing: the end of the last failed one that
 * started after it and before the next fault; 0 when none failed.
 */
function recoveryAfter(samples: readonly Sample[], fault: Fault, next: number): number {
  const late = samples.filter((s) => s.start >= fault.to && s.end < next && failed(s) && s.op !== 'readyz');
  return late.length === 0 ? 0 : Math.max(...late.map((s) => s.end)) - fault.to;
}

function faultLine(client: string, samples: readonly Sample[], fault: Fault, recoveryMs: number): string {
  const during = samples.filter((s) => within(s, fault.from, fault.to));
  const slowest = Math.max(0, ...during.map((s) => s.end - s.start));
  const firstOk = Math.min(...samples.filter((s) => s.start >= fault.restart && !failed(s) && s.op !== 'readyz').map((s) => s.end)) - fault.restart;
  return `# fault ${client} ${fault.kind} (${fault.to - fault.from} ms): requests=${during.length} 503=${count(during, (s) => s.status === 503)} 2xx=${count(during, (s) => !failed(s))} 500=${count(during, (s) => s.status >= 500 && s.status !== 503)}; slowest ${slowest} ms; `
    + `first 2xx ${firstOk} ms after the ${fault.kind === 'freeze' ? 'thaw' : 'start command'} (the database took ${fault.to - fault.restart} ms to come up); failures ended ${recoveryMs} ms after it was up`;
}

/** The traffic's timeline: run, stop and restart, run, freeze and thaw, run, crash and restart, run. */
async function faults(db: PrivateDb): Promise<Fault[]> {
  const list: Fault[] = [];
  const outage = async (kind: 'stop' | 'crash', downMs: number) => {
    const from = Date.now();
    await db.stop(kind === 'stop' ? 'clean' : 'crash');
    await sleep(downMs);
    const restart = Date.now();
    await db.start();
    list.push({ kind, from, restart, to: Date.now() });
  };
  await sleep(1500);
  await outage('stop', 1500);
  await sleep(3000);
  const frozenAt = Date.now();
  db.freeze();
  await sleep(2 * DEADLINE_MS);
  db.thaw();
  list.push({ kind: 'freeze', from: frozenAt, restart: Date.now(), to: Date.now() });
  await sleep(3000);
  await outage('crash', 1000);
  await sleep(3000);
  return list;
}

async function runScenario(db: PrivateDb): Promise<void> {
  const admin = openDatabase({ client: db.client, connection: db.url, pool: { max: 2 } });
  let server: RunningServer | undefined;
  let traffic: Traffic | undefined;
  const bugs: string[] = [];
  try {
    await createTeamsApp(admin);
    server = await startServer(parseConfigText(CONFIG(db), 'fault.yaml', {}), { host: '127.0.0.1', port: 0, logger: recordLogger((r) => { if (r['status'] === 500) bugs.push(String((r['err'] as { stack?: string } | undefined)?.stack)); }) });
    traffic = new Traffic(server.url, DEADLINE_MS + 10_000);
    traffic.start(WORKERS);
    const timeline = await faults(db);
    await traffic.stop();
    await check(db.client, admin, traffic, timeline);
    assert.deepEqual(bugs.map((b) => b.split('\n')[0]), [], 'no unhandled error was logged');
  } finally {
    await traffic?.stop();
    db.thaw();
    await server?.close({ graceMs: 2000 });
    await admin.destroy();
  }
}

async function check(client: string, knex: Knex, traffic: Traffic, timeline: readonly Fault[]): Promise<void> {
  const samples = traffic.samples;
  const found = await audit(knex, traffic);
  const recoveries = timeline.map((f, i) => recoveryAfter(samples, f, timeline[i + 1]?.from ?? Infinity));
  process.stdout.write([
    `# fault ${client}: requests=${samples.length} 500s=${count(samples, (s) => s.status >= 500 && s.status !== 503)} 503s=${count(samples, (s) => s.status === 503)} unanswered=${count(samples, (s) => s.status === 0)} users=${found.users}`,
    ...timeline.map((f, i) => faultLine(client, samples, f, recoveries[i] ?? 0)),
    `# fault ${client}: acknowledged writes lost=${found.lost.length} half-applied=${found.halfApplied.length}`,
  ].join('\n') + '\n');
  const scim = samples.filter((s) => s.op !== 'readyz');
  assert.deepEqual(samples.filter((s) => s.status === 0).map((s) => `${s.op}: ${s.error}`), [], 'every request is answered');
  assert.deepEqual(samples.filter((s) => s.status >= 500 && s.status !== 503).map((s) => `${s.op} ${s.status}`), [], 'no 500');
  assert.deepEqual(scim.filter((s) => failed(s) && s.status !== 503).map((s) => `${s.op} ${s.status}`), [], 'every failure is a 503');
  assert.deepEqual(scim.filter((s) => s.status === 503 && (s.retryAfter === null || !s.scimError)).map((s) => s.op), [], 'each 503 has Retry-After and a SCIM error body');
  const slow = samples.filter((s) => s.end - s.start > DEADLINE_MS + SLACK_MS).map((s) => `${s.op} ${s.status} ${s.end - s.start} ms`);
  assert.deepEqual(slow, [], 'every request, /readyz included, is answered within the deadline');
  for (const [i, fault] of timeline.entries()) {
    const during = samples.filter((s) => within(s, fault.from, fault.to));
    assert.ok(during.some((s) => s.status === 503), `the ${fault.kind} was seen`);
    if (fault.kind === 'freeze') assert.ok(during.some((s) => s.op === 'readyz' && s.status === 503), '/readyz says 503 while the database is frozen');
    assert.ok((recoveries[i] ?? 0) < RECOVERY_MS, `requests succeed within ${RECOVERY_MS} ms after the ${fault.kind} (took ${recoveries[i]} ms)`);
    assert.ok(samples.some((s) => s.op === 'create' && s.status === 201 && s.start > fault.to), `writes succeed after the ${fault.kind}`);
  }
  assert.deepEqual(found.lost, [], 'no acknowledged write lost');
  assert.deepEqual(found.halfApplied, [], 'no write half applied');
}

const PRIVATE: Record<string, () => Promise<PrivateDb>> = { postgres: privatePostgres, mysql: privateMariaDb };

describe('database faults under mixed traffic (a private server per database)', () => {
  for (const client of DIALECTS.filter((d) => d in PRIVATE)) {
    test(`${client}: stopped, restarted and frozen: 503 + Retry-After within the deadline, then recovery; no write lost`, { timeout: 90_000 }, async (t) => {
      if (!canRunPrivateDbs()) { t.skip('creating a private database server needs root (.ci/run runs the tests as root)'); return; }
      const db = await (PRIVATE[client] as () => Promise<PrivateDb>)();
      try {
        await runScenario(db);
      } finally {
        await db.destroy();
      }
    });
  }
});
