/**
 * Issue 12 §3: scale-out on a real multi-primary cluster. A three-node MariaDB Galera cluster of
 * the test's own (galera.ts) with two scim-bridge instances writing through different nodes:
 * - the recorded Okta and Entra sequences, each step through the other instance than the last;
 * - 50 concurrent creates of one userName in mixed case across both: exactly one 201, the rest 409
 *   (Galera replicates no GET_LOCK: the unique index decides, and certification conflicts arrive
 *   as deadlocks at COMMIT, which are retried);
 * - 50 concurrent PATCHes of one user and 50 concurrent member adds to one group: none lost;
 * - auto-increment keys interleave between nodes, and everything still works;
 * - throughput of two instances against one;
 * - a node killed mid-traffic: the instance on a surviving node keeps serving, the dead node's
 *   instance answers 503 (never 500).
 * The figures are printed as diagnostics (`# galera …`). Needs root and galera-4 (`.ci/run` has both).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { parseConfigText } from '../../src/config/load.js';
import { recordLogger } from '../../src/http/log.js';
import { prepare, startServer, type RunningServer } from '../../src/server.js';
import { openDatabase } from '../../src/sql/connect.js';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN } from '../helpers/server.js';
import { createAppUsersExtended, extendedUsersYaml } from '../fixtures/app-users.js';
import { CLUSTER_YAML, COLUMNS, createClusterTables } from './fixture.js';
import { canRunGalera, startGalera, type GaleraCluster } from './galera.js';
import { instanceYaml, scimRequest, startInstance, type Instance } from './instances.js';
import { countBy, startLoad, throughput } from './load.js';

const N = 50;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SKIP = !DIALECTS.includes('mysql') ? 'DIALECTS excludes mysql' : !canRunGalera() ? 'needs root and the galera-4 provider' : false;

const figures: string[] = [];
const report = (line: string) => { figures.push(line); process.stdout.write(`# galera ${line}\n`); };

/** A userName in a random mix of cases. */
function mixedCase(text: string, seed: number): string {
  return [...text].map((c, i) => (((seed >> (i % 16)) ^ i) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** Database errors of `kind` the instances met so far (deadlock: retried certification conflicts), from their /metrics. */
async function retried(instances: readonly Instance[], kind = 'deadlock'): Promise<number> {
  let total = 0;
  for (const instance of instances) {
    const text = await (await fetch(`${instance.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    total += Number(new RegExp(`^scim_bridge_db_errors_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  }
  return total;
}

describe('MariaDB Galera: two instances on a three-node multi-primary cluster', { skip: SKIP }, () => {
  let cluster: GaleraCluster;
  let admin: Knex;
  let a: Instance;
  let b: Instance;

  before(async () => {
    const started = Date.now();
    cluster = await startGalera();
    report(`cluster of 3 formed in ${Date.now() - started} ms`);
    admin = openDatabase({ client: 'mysql', connection: cluster.nodes[0]!.url });
    await createClusterTables(admin);
    [a, b] = await Promise.all([startInstance('A', cluster.nodes[0]!.url, CLUSTER_YAML), startInstance('B', cluster.nodes[1]!.url, CLUSTER_YAML)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await admin?.destroy();
    await cluster?.destroy();
  });

  test('the recorded Okta and Entra sequences, alternating instances step by step', async () => {
    const recordings = ['okta', 'entra'].flatMap((idp) => readdirSync(new URL(`../idp/${idp}/`, import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => `${idp}/${f}`));
    for (const [r, name] of recordings.entries()) {
      const recording = JSON.parse(readFileSync(new URL(`../idp/${name}`, import.meta.url), 'utf8')) as { steps: { method: string; path: string; body?: unknown; status: number }[] };
      const database = `rec_${r}`;
      await admin.raw('create database ??', [database]);
      const db = openDatabase({ client: 'mysql', connection: cluster.nodes[0]!.url.replace(/\/test$/, `/${database}`) });
      const servers: RunningServer[] = [];
      try {
        await createAppUsersExtended(db);
        for (const node of cluster.nodes.slice(0, 2)) {
          const url = node.url.replace(/\/test$/, `/${database}`);
          servers.push(await startServer(parseConfigText(instanceYaml(url, extendedUsersYaml()), 'galera.yaml', {}), { host: '127.0.0.1', port: 0 }));
        }
        let id = '{id}';
        for (const [i, step] of recording.steps.entries()) {
          const via = servers[i % 2]!;
          const body = step.body === undefined ? undefined : JSON.parse(JSON.stringify(step.body).replaceAll('{id}', id));
          const answer = await scimRequest(via.url, step.method, step.path.replaceAll('{id}', id), body);
          assert.equal(answer.status, step.status, `${name} step ${i + 1} (${step.method} ${step.path}) through node${i % 2}: ${JSON.stringify(answer.body)}`);
          if (answer.status === 201 && id === '{id}') id = answer.body.id as string;
        }
      } finally {
        await Promise.all(servers.map((s) => s.close()));
        await db.destroy();
      }
    }
    report(`IdP sequences: ${recordings.length} recordings replayed, each step through the other node's instance`);
  });

  test('Galera replicates no named lock but certifies unique keys: the unique index is what refuses the second node', async () => {
    const [n0, n1] = [cluster.nodes[0]!, cluster.nodes[1]!].map((n) => openDatabase({ client: 'mysql', connection: n.url }));
    try {
      await admin.raw('create table gnoindex (id int auto_increment primary key, username varchar(200) not null)');
      const outcome = async (table: string, name: string) => {
        const [t0, t1] = await Promise.all([n0!.transaction(), n1!.transaction()]);
        const locks = await Promise.all([t0, t1].map((t) => t.raw("select get_lock('scim-bridge:same-key', 0) as got")));
        await t0(table).insert({ username: name });
        await t1(table).insert({ username: name.toUpperCase() });
        await t0.commit();
        // knex's manual commit() resolves even when COMMIT fails; its executionPromise carries the failure
        // (the server's callback-style transactions see it: transaction.ts).
        await t1.commit();
        const second = await t1.executionPromise.then(() => 'committed', (e: { code?: string }) => e.code ?? 'failed');
        return { bothLocked: locks.every((r) => Number((r as unknown as [Record<string, unknown>[]])[0][0]?.['got']) === 1), second };
      };
      const indexed = await outcome('gusers', 'same.name@example.com');
      const unindexed = await outcome('gnoindex', 'same.name@example.com');
      report(`two nodes, one userName, no server check: GET_LOCK granted on both nodes at once: ${indexed.bothLocked}; with the lower() unique index the second COMMIT → ${indexed.second}; without it → ${unindexed.second}`);
      assert.ok(indexed.bothLocked, 'a named lock is per node');
      assert.ok(['ER_LOCK_DEADLOCK', 'ER_DUP_ENTRY'].includes(indexed.second), 'the unique index refuses the second node\'s row');
      assert.equal(unindexed.second, 'committed', 'without one, both nodes accept the same value');
      await admin('gusers').where({ username: 'same.name@example.com' }).delete();
    } finally {
      await Promise.all([n0?.destroy(), n1?.destroy()]);
    }
  });

  test('serve warns about a unique attribute no plain unique index covers, on Galera only', async () => {
    const lines: Record<string, unknown>[] = [];
    const { knex } = await prepare(parseConfigText(instanceYaml(cluster.nodes[2]!.url, CLUSTER_YAML), 'galera.yaml', {}), { logger: recordLogger((l) => lines.push(l)) });
    await knex.destroy();
    // userName is unique through the generated lower() column's index, which the warning cannot see; Group's name has its own.
    assert.deepEqual(lines.filter((l) => l['level'] === 40).map((l) => `${l['resource']}.${l['attribute']}`), ['User.userName']);
  });

  test(`${N} concurrent creates of one userName in mixed case across both instances: exactly one 201`, async () => {
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => (i % 2 ? b : a).request('POST', '/Users', { userName: mixedCase('race.user@example.com', i * 7919) })));
    const statuses = countBy(answers.map((x) => ({ instance: '', at: 0, ms: 0, status: x.status })));
    const [{ rows }] = [{ rows: (await admin('gusers').whereRaw('lower(username) = ?', ['race.user@example.com']).count({ n: '*' }))[0] as { n: number } }];
    report(`creates: ${N} concurrent POSTs of one userName → ${JSON.stringify(statuses)}; rows stored: ${rows.n}; duplicates: ${Number(rows.n) - 1}`);
    report(`creates: certification conflicts and deadlocks retried: ${await retried([a, b])}, unique-index violations answered 409: ${await retried([a, b], 'unique')}`);
    assert.equal(statuses['201'], 1);
    assert.equal(statuses['409'], N - 1, 'every other one is a 409 uniqueness, never a 500 or 503');
    assert.equal(Number(rows.n), 1);
  });

  test(`${N} concurrent PATCHes of one user and ${N} concurrent member adds across both: none lost; keys interleave`, async () => {
    const user = await a.request('POST', '/Users', { userName: 'patched@example.com' });
    assert.equal(user.status, 201);
    const patches = await Promise.all(COLUMNS.map((_, i) => (i % 2 ? b : a).request('PATCH', `/Users/${user.body.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails', value: [{ type: `t${i}`, value: `v${i}@example.com` }] }] })));
    const row = await admin('gusers').where({ id: Number(String(user.body.id).replace(/\D/g, '')) }).first() as Record<string, unknown>;
    const lostPatches = COLUMNS.filter((c, i) => patches[i]!.status === 200 && row[c] !== `v${i}@example.com`).length;

    const members = await Promise.all(Array.from({ length: N }, (_, i) => (i % 2 ? b : a).request('POST', '/Users', { userName: `member${i}@example.com` })));
    assert.deepEqual(members.map((m) => m.status), members.map(() => 201));
    const group = await b.request('POST', '/Groups', { displayName: 'Galera' });
    assert.equal(group.status, 201);
    const adds = await Promise.all(members.map((m, i) => (i % 2 ? a : b).request('PATCH', `/Groups/${group.body.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: m.body.id }] }] })));
    const stored = await admin('gmembers').where({ group_id: Number(String(group.body.id).replace(/\D/g, '')) }).count({ n: '*' });
    const lostMembers = adds.filter((x) => x.status === 200 || x.status === 204).length - Number((stored[0] as { n: number }).n);
    report(`PATCHes: ${JSON.stringify(countBy(patches.map((p) => ({ instance: '', at: 0, ms: 0, status: p.status }))))}, lost updates: ${lostPatches}; member adds: ${JSON.stringify(countBy(adds.map((p) => ({ instance: '', at: 0, ms: 0, status: p.status }))))}, stored ${(stored[0] as { n: number }).n}, lost: ${lostMembers}`);
    report(`PATCHes and member adds: database conflicts retried so far: ${await retried([a, b])}`);
    assert.deepEqual(patches.map((p) => p.status), patches.map(() => 200));
    assert.equal(lostPatches, 0);
    assert.ok(adds.every((p) => p.status === 200 || p.status === 204), 'every add succeeds (204: no attributes asked back)');
    assert.equal(lostMembers, 0);

    // Each node hands out keys in its own residue class (auto_increment_increment = cluster size).
    const keys = members.map((m) => Number(String(m.body.id).replace(/\D/g, '')));
    const viaA = new Set(keys.filter((_, i) => i % 2 === 0).map((k) => k % 3));
    const viaB = new Set(keys.filter((_, i) => i % 2 === 1).map((k) => k % 3));
    report(`keys: through node0 ≡ ${[...viaA]} (mod 3), through node1 ≡ ${[...viaB]} (mod 3); e.g. ${keys.slice(0, 6).join(', ')}`);
    assert.equal(new Set(keys).size, N);
    assert.ok([...viaA].every((k) => !viaB.has(k)), 'the two nodes hand out disjoint keys: not consecutive');
    const listed = new Set<string>();
    for (let page = 1; page <= N; page += 10) {
      const list = await (page % 20 === 1 ? a : b).request('GET', `/Users?filter=${encodeURIComponent('userName sw "member"')}&sortBy=id&startIndex=${page}&count=10`);
      for (const r of list.body.Resources as { id: string }[]) listed.add(r.id);
    }
    assert.equal(listed.size, N, 'paging over interleaved keys sees every member once');
    const members2 = await a.request('GET', `/Groups/${group.body.id}`);
    assert.equal(members2.body.members.length, N);
  });

  test('throughput: two instances against one', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => a.request('POST', '/Users', { userName: `load${i}@example.com` })));
    const ids = created.map((c) => c.body.id as string);
    const step = (instance: Instance, worker: number, n: number) => (n % 4 === 3
      ? instance.request('PATCH', `/Users/${ids[(worker + n) % ids.length]}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `t${n}` }] })
      : instance.request('GET', `/Users/${ids[(worker * 7 + n) % ids.length]}`));
    const one = await throughput(4000, 8, () => a, step);
    const two = await throughput(4000, 8, (w) => (w % 2 ? b : a), step);
    report(`throughput (8 clients, 3 GETs : 1 PATCH, 4 s each): one instance ${one.perSecond} req/s ${JSON.stringify(one.statuses)}; two instances ${two.perSecond} req/s ${JSON.stringify(two.statuses)}`);
    for (const result of [one, two]) assert.deepEqual(Object.keys(result.statuses), ['200']);
  });

  test('a node killed mid-traffic: the survivors\' instance keeps serving, the dead node\'s answers 503, never 500', async () => {
    let killedAt = Infinity;
    const load = startLoad(8, (w) => (w % 2 ? b : a), (instance, worker, n) => (n % 2
      ? instance.request('POST', '/Users', { userName: `kill-${instance.name}-${worker}-${n}@example.com` })
      : instance.request('GET', `/Users?filter=${encodeURIComponent('userName sw "kill-"')}&count=5`)));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    killedAt = Date.now();
    await cluster.nodes[1]!.kill();
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await load.stop();
    const before = load.samples.filter((s) => s.at < killedAt);
    const afterKill = load.samples.filter((s) => s.at >= killedAt);
    const onA = afterKill.filter((s) => s.instance === 'A');
    const onB = afterKill.filter((s) => s.instance === 'B');
    const lastSecond = onA.filter((s) => s.at > Date.now() - 3000);
    report(`node kill: before ${JSON.stringify(countBy(before))}; after, instance A (node0, alive) ${JSON.stringify(countBy(onA))}, instance B (node1, killed) ${JSON.stringify(countBy(onB))}`);
    report(`node kill: slowest answer of instance A after the kill ${Math.max(...onA.map((s) => s.ms))} ms (commits wait for the cluster to drop the dead node); cluster size seen by node0 after it: ${await cluster.clusterSize(cluster.nodes[0]!)}`);
    assert.ok(onA.length > 0 && onA.every((s) => s.status === 200 || s.status === 201), 'the instance on a surviving node answers every request');
    assert.ok(lastSecond.length > 0);
    assert.ok(onB.length > 0 && onB.filter((s) => s.status !== 200 && s.status !== 201).every((s) => s.status === 503), 'the dead node\'s instance answers 503');
    assert.ok(onB.slice(-5).every((s) => s.status === 503));
    const ready = await fetch(`${b.origin}/readyz`);
    assert.equal(ready.status, 503, '/readyz takes the dead node\'s instance out of rotation');
    assert.equal((await fetch(`${a.origin}/readyz`)).status, 200);
  });
});
