/**
 * A three-node MariaDB Galera cluster of the test's own, on loopback: three `mariadbd` processes,
 * each with its own --datadir (made by mariadb-install-db, owned by `mysql`, as rsync state
 * transfer requires), SQL port and socket, gcomm port, IST and SST receive ports — so nothing
 * collides with the machine's shared MariaDB on :3306 or with another run. The first node
 * bootstraps (--wsrep-new-cluster); the others join by rsync SST. `destroy()` kills every node and
 * removes the folder whatever state it is in; leftovers of a killed run (its test process is gone)
 * are removed at the next start. Needs root (as `.ci/run` runs the tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ownerAlive, run, signalAll, sleep } from '../faults/processes.js';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const PREFIX = 'sbgalera-';

export interface GaleraNode {
  readonly index: number;
  readonly port: number;
  /** Connection URL of the `test` database through this node. */
  readonly url: string;
  /** SIGKILL: the node dies as in a crash; the others see it leave after evs.suspect_timeout. */
  kill(): Promise<void>;
  alive(): boolean;
}

export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  /** `show status like 'wsrep_cluster_size'` through `node`. */
  clusterSize(node: GaleraNode): Promise<number>;
  destroy(): Promise<void>;
}

export function canRunGalera(): boolean {
  return process.getuid?.() === 0 && existsSync(GALERA_PROVIDER);
}

/** Kills the nodes and removes the folders of runs whose test process is gone. */
function removeStale(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX) || ownerAlive(Number(name.slice(PREFIX.length).split('-')[0]))) continue;
    const dir = join(tmpdir(), name);
    const pids = readdirSync(dir).filter((f) => /^node\d$/.test(f)).flatMap((f) => {
      const pidFile = join(dir, f, 'mysqld.pid');
      return existsSync(pidFile) ? [Number(readFileSync(pidFile, 'utf8'))] : [];
    });
    signalAll(pids, 'SIGCONT');
    signalAll(pids, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function idOf(which: '-u' | '-g'): Promise<number> {
  return run('id', [which, 'mysql']).then((out) => Number(out.trim()));
}

interface Ports { readonly sql: number; readonly gcomm: number; readonly ist: number; readonly sst: number }

/**
 * The node's command line. Galera needs ROW binlog format and interleaved auto-increment locks;
 * the suspect/inactive timeouts are shortened from 5 s/15 s so a killed node leaves the view
 * (and the survivors' commits stop waiting for it) within about 3 s. wsrep_sync_wait=1 makes a
 * read wait until the node has applied what the cluster committed before it: a GET through one
 * node right after a POST through another sees the new row (docs: README "Running several instances").
 */
function nodeArgs(dir: string, i: number, ports: Ports, all: readonly Ports[]): string[] {
  const node = join(dir, `node${i}`);
  const options = [
    `gmcast.listen_addr=tcp://127.0.0.1:${ports.gcomm}`, `ist.recv_addr=127.0.0.1:${ports.ist}`, 'gcache.size=64M',
    'evs.suspect_timeout=PT2S', 'evs.inactive_timeout=PT3S', 'evs.keepalive_period=PT0.5S', 'evs.inactive_check_period=PT0.5S',
  ].join(';');
  return [
    '--no-defaults', `--datadir=${node}/data`, `--port=${ports.sql}`, `--socket=${node}/mysqld.sock`, `--pid-file=${node}/mysqld.pid`,
    '--bind-address=127.0.0.1', '--user=mysql', '--skip-name-resolve', `--log-error=${node}/error.log`,
    '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--innodb-flush-log-at-trx-commit=2',
    '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2', '--default-storage-engine=InnoDB',
    '--wsrep-on=ON', `--wsrep-provider=${GALERA_PROVIDER}`, '--wsrep-cluster-name=scim-bridge-test', `--wsrep-node-name=node${i}`,
    `--wsrep-cluster-address=gcomm://${all.map((p) => `127.0.0.1:${p.gcomm}`).join(',')}`,
    '--wsrep-node-address=127.0.0.1', `--wsrep-sst-receive-address=127.0.0.1:${ports.sst}`, '--wsrep-sst-method=rsync',
    `--wsrep-provider-options=${options}`, '--wsrep-sync-wait=1', '--wsrep-slave-threads=2',
    ...(i === 0 ? ['--wsrep-new-cluster'] : []),
  ];
}

function errorLog(dir: string, i: number): string {
  const file = join(dir, `node${i}`, 'error.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '(no error log)';
}

async function query(port: number, sql: string): Promise<string> {
  return run('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-N', '-B', '-e', sql]);
}

/** Waits until the node answers SQL and reports itself synced with the cluster. */
async function waitSynced(dir: string, i: number, port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`galera node${i} exited:\n${errorLog(dir, i)}`);
    const state = await query(port, "show status like 'wsrep_local_state_comment'").catch(() => '');
    if (state.includes('Synced')) return;
    await sleep(250);
  }
  throw new Error(`galera node${i} did not sync in time:\n${errorLog(dir, i)}`);
}

export async function startGalera(options: { timeoutMs?: number } = {}): Promise<GaleraCluster> {
  removeStale();
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
  const ports: Ports[] = [];
  for (let i = 0; i < 3; i++) ports.push({ sql: await freePort(), gcomm: await freePort(), ist: await freePort(), sst: await freePort() });
  const children: ChildProcess[] = [];
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => { if (c.exitCode !== null || c.signalCode !== null) resolve(); else c.once('exit', () => resolve()); });
  const cluster: GaleraCluster = {
    nodes: ports.map((p, i) => ({
      index: i,
      port: p.sql,
      url: `mysql://root@127.0.0.1:${p.sql}/test`,
      async kill() { const c = children[i]; if (c) { c.kill('SIGKILL'); await exited(c); } },
      alive() { const c = children[i]; return c !== undefined && c.exitCode === null && c.signalCode === null; },
    })),
    async clusterSize(node) {
      const out = await query(node.port, "show status like 'wsrep_cluster_size'");
      return Number(out.trim().split(/\s+/)[1]);
    },
    async destroy() {
      process.off('exit', killAll);
      killAll();
      await Promise.all(children.map(exited));
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
  // Should the test process end without its finally (process.exit), the nodes go with it.
  const killAll = () => { for (const c of children) c.kill('SIGKILL'); };
  process.once('exit', killAll);
  try {
    chownSync(dir, uid, gid);
    // One at a time: a failed one must not leave another still writing into the folder destroy() removes.
    for (const i of ports.keys()) {
      const node = join(dir, `node${i}`);
      mkdirSync(node);
      chownSync(node, uid, gid);
      await run('mariadb-install-db', ['--no-defaults', `--datadir=${node}/data`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve']);
    }
    for (const [i, p] of ports.entries()) {
      const child = spawn('mariadbd', nodeArgs(dir, i, p, ports), { stdio: 'ignore' });
      children.push(child);
      // The first node must be primary before the others join it; joiners one at a time (each takes an SST).
      await waitSynced(dir, i, p.sql, child, deadline);
    }
    await query(ports[0]!.sql, 'create database test');
    for (const node of cluster.nodes) {
      while ((await cluster.clusterSize(node)) !== 3) {
        if (Date.now() > deadline) throw new Error('the galera cluster did not reach 3 nodes');
        await sleep(250);
      }
    }
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}
