/**
 * Issue 11 §3: a database that goes away, comes back, or freezes, under mixed traffic. Each
 * database is a private server of the test's own (private-db.ts; the machine's shared servers are
 * never touched). The timeline: traffic; the server stopped and started again; traffic; the server
 * frozen (SIGSTOP on all its processes) for twice the request deadline, then thawed; traffic.
 * What must hold: no 500 and no unanswered request; every failure is a 503 with Retry-After and a
 * SCIM error body; every request (and /readyz) is answered within the deadline, frozen database
 * included; after the restart, failures stop within 5 s; no acknowledged write lost and none half
 * applied. The numbers are printed as `# fault …` lines.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { parseConfigText } from '../../src/config/load.js';
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

interface Timeline { stoppedAt: number; restartedAt: number; frozenAt: number; thawedAt: number }

const within = (s: Sample, from: number, to: number) => s.end >= from && s.start <= to;
const failed = (s: Sample) => s.status < 200 || s.status >= 300;

function summary(client: string, samples: readonly Sample[], t: Timeline, recoveryMs: number, lost: number, half: number): string {
  const outage = samples.filter((s) => within(s, t.stoppedAt, t.restartedAt));
  const frozen = samples.filter((s) => within(s, t.frozenAt, t.thawedAt));
  const count = (list: readonly Sample[], f: (s: Sample) => boolean) => list.filter(f).length;
  const down = samples.filter((s) => s.op !== 'readyz' && failed(s) && s.end >= t.stoppedAt && s.end < t.frozenAt);
  const span = down.length === 0 ? 0 : Math.max(...down.map((s) => s.end)) - Math.min(...down.map((s) => s.start));
  return [
    `# fault ${client}: requests=${samples.length} 500s=${count(samples, (s) => s.status >= 500 && s.status !== 503)} 503s=${count(samples, (s) => s.status === 503)} unanswered=${count(samples, (s) => s.status === 0)}`,
    `# fault ${client}: outage requests=${outage.length} (503=${count(outage, (s) => s.status === 503)} 2xx=${count(outage, (s) => !failed(s))}); clients saw failures for ${span} ms; recovery ${recoveryMs} ms after the restart`,
    `# fault ${client}: frozen requests=${frozen.length} (503=${count(frozen, (s) => s.status === 503)}) slowest=${Math.max(0, ...frozen.map((s) => s.end - s.start))} ms (deadline ${DEADLINE_MS} ms)`,
    `# fault ${client}: acknowledged writes lost=${lost} half-applied=${half}`,
  ].join('\n');
}

/**
 * How long after the restart (the database accepting again) requests kept failing: the end of the
 * last failed one that started after it, before the freeze; 0 when none failed.
 */
function recoveryAfter(samples: readonly Sample[], restartedAt: number, frozenAt: number): number {
  const late = samples.filter((s) => s.start >= restartedAt && s.end < frozenAt && failed(s) && s.op !== 'readyz');
  return late.length === 0 ? 0 : Math.max(...late.map((s) => s.end)) - restartedAt;
}

async function runScenario(db: PrivateDb): Promise<void> {
  const admin = openDatabase({ client: db.client, connection: db.url, pool: { max: 2 } });
  let server: RunningServer | undefined;
  let traffic: Traffic | undefined;
  const bugs: string[] = [];
  try {
    await createTeamsApp(admin);
    server = await startServer(parseConfigText(CONFIG(db), 'fault.yaml', {}), { host: '127.0.0.1', port: 0, logger: { info: () => undefined, error: (r) => { if (r['msg'] === 'unhandled error') bugs.push(String(r['error'])); } } });
    traffic = new Traffic(server.url, DEADLINE_MS + 10_000);
    traffic.start(WORKERS);
    await sleep(1500);
    const stoppedAt = Date.now();
    await db.stop();
    await sleep(1500);
    await db.start();
    const restartedAt = Date.now();
    await sleep(3000);
    const frozenAt = Date.now();
    db.freeze();
    await sleep(2 * DEADLINE_MS);
    db.thaw();
    const thawedAt = Date.now();
    await sleep(2500);
    await traffic.stop();
    const t: Timeline = { stoppedAt, restartedAt, frozenAt, thawedAt };
    await check(db.client, admin, traffic, t);
    assert.deepEqual(bugs.map((b) => b.split('\n')[0]), [], 'no unhandled error was logged');
  } finally {
    await traffic?.stop();
    db.thaw();
    await server?.close({ graceMs: 2000 });
    await admin.destroy();
  }
}

async function check(client: string, knex: Knex, traffic: Traffic, t: Timeline): Promise<void> {
  {
    const samples = traffic.samples;
    const found = await audit(knex, traffic);
    const recoveryMs = recoveryAfter(samples, t.restartedAt, t.frozenAt);
    process.stdout.write(`${summary(client, samples, t, recoveryMs, found.lost.length, found.halfApplied.length)}\n`);
    const scim = samples.filter((s) => s.op !== 'readyz');
    assert.deepEqual(samples.filter((s) => s.status === 0).map((s) => `${s.op}: ${s.error}`), [], 'every request is answered');
    assert.deepEqual(samples.filter((s) => s.status >= 500 && s.status !== 503).map((s) => `${s.op} ${s.status}`), [], 'no 500');
    assert.deepEqual(scim.filter((s) => failed(s) && s.status !== 503).map((s) => `${s.op} ${s.status}`), [], 'every failure is a 503');
    assert.deepEqual(scim.filter((s) => s.status === 503 && (s.retryAfter === null || !s.scimError)).map((s) => s.op), [], 'each 503 has Retry-After and a SCIM error body');
    const slow = samples.filter((s) => s.end - s.start > DEADLINE_MS + SLACK_MS).map((s) => `${s.op} ${s.status} ${s.end - s.start} ms`);
    assert.deepEqual(slow, [], 'every request, /readyz included, is answered within the deadline');
    assert.ok(samples.some((s) => s.op === 'readyz' && s.status === 503 && within(s, t.frozenAt, t.thawedAt)), '/readyz says 503 while the database is frozen');
    assert.ok(samples.some((s) => s.status === 503 && within(s, t.stoppedAt, t.restartedAt)), 'the outage was seen');
    assert.ok(recoveryMs < RECOVERY_MS, `requests succeed within ${RECOVERY_MS} ms of the restart (took ${recoveryMs} ms)`);
    assert.ok(samples.some((s) => s.op === 'create' && s.status === 201 && s.start > t.thawedAt), 'writes succeed after the thaw');
    assert.deepEqual(found.lost, [], 'no acknowledged write lost');
    assert.deepEqual(found.halfApplied, [], 'no write half applied');
  }
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
