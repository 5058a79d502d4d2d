/**
 * A database server of the test's own, on a free loopback port, that the test may stop, start and
 * freeze without touching the machine's shared servers (other tests use those):
 * - PostgreSQL: a cluster made with pg_createcluster (trust auth on loopback), started and stopped
 *   with pg_ctlcluster, dropped with pg_dropcluster --stop;
 * - MariaDB: a mariadbd on a fresh --datadir (mariadb-install-db), its own port and socket, run as
 *   user mysql, stopped with SIGTERM, removed with its directory.
 * Both need root (as `.ci/run` runs the tests). `destroy()` thaws and removes it whatever state it
 * is in; leftovers of a killed run (their test process is gone) are removed at the next start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { DbClient } from '../../src/config/raw-types.js';
import { freePort, ownerAlive, processTree, run, signalAll, sleep } from './processes.js';

export interface PrivateDb {
  readonly client: DbClient;
  /** Connection URL of its `test` database. */
  readonly url: string;
  /** Stops the server: `clean` shuts down in order, `crash` kills it (crash recovery at the next start). */
  stop(how: 'clean' | 'crash'): Promise<void>;
  /** Starts it again and resolves when it accepts connections. */
  start(): Promise<void>;
  /** SIGSTOP to the server and all its processes: it accepts TCP but answers nothing. */
  freeze(): void;
  thaw(): void;
  destroy(): Promise<void>;
}

const PG_PREFIX = 'sbfault_';
const MARIA_PREFIX = 'sbfault-maria-';

export function canRunPrivateDbs(): boolean {
  return userInfo().uid === 0;
}

function pgVersion(): string {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return versions[0];
}

/** Drops clusters and removes servers left by test processes that no longer run. */
function removeStale(version: string): void {
  for (const name of readdirSync(`/etc/postgresql/${version}`)) {
    if (!name.startsWith(PG_PREFIX) || ownerAlive(Number(name.slice(PG_PREFIX.length).split('_')[0]))) continue;
    const pidFile = `/var/lib/postgresql/${version}/${name}/postmaster.pid`;
    if (existsSync(pidFile)) signalAll(processTree(Number(readFileSync(pidFile, 'utf8').split('\n')[0])), 'SIGCONT');
    spawnSync('pg_dropcluster', ['--stop', version, name]);
  }
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(MARIA_PREFIX) || ownerAlive(Number(name.slice(MARIA_PREFIX.length).split('-')[0]))) continue;
    const pidFile = join(tmpdir(), name, 'mysqld.pid');
    const pid = existsSync(pidFile) ? [Number(readFileSync(pidFile, 'utf8'))] : [];
    signalAll(pid, 'SIGCONT');
    signalAll(pid, 'SIGKILL');
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

export async function privatePostgres(): Promise<PrivateDb> {
  const version = pgVersion();
  removeStale(version);
  const port = await freePort();
  const name = `${PG_PREFIX}${process.pid}_${port}`;
  const ctl = (action: string, ...more: string[]) => run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action, ...more]);
  const postmaster = () => Number(readFileSync(`/var/lib/postgresql/${version}/${name}/postmaster.pid`, 'utf8').split('\n')[0]);
  let frozen: number[] = [];
  const db: PrivateDb = {
    client: 'postgres',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async (how) => { await ctl('stop', '-m', how === 'clean' ? 'fast' : 'immediate'); },
    start: async () => { await ctl('start'); },
    freeze() { frozen = processTree(postmaster()); signalAll(frozen, 'SIGSTOP'); },
    thaw() { signalAll(frozen, 'SIGCONT'); frozen = []; },
    async destroy() {
      process.off('exit', db.destroy);
      db.thaw();
      spawnSync('pg_dropcluster', ['--stop', version, name]);
    },
  };
  // Should the test process end without its finally (process.exit), the cluster goes with it.
  process.once('exit', db.destroy);
  try {
    await run('pg_createcluster', [version, name, '--port', String(port), '--', '--auth-host=trust', '--auth-local=trust']);
    await db.start();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

export async function privateMariaDb(): Promise<PrivateDb> {
  removeStale(pgVersion());
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `${MARIA_PREFIX}${process.pid}-`));
  chownSync(dir, idOf('-u', 'mysql'), idOf('-g', 'mysql'));
  const args = [
    '--no-defaults', `--datadir=${dir}/data`, `--port=${port}`, `--socket=${dir}/mysqld.sock`, `--pid-file=${dir}/mysqld.pid`,
    '--bind-address=127.0.0.1', '--user=mysql', '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=32M',
    `--log-error=${dir}/error.log`,
  ];
  let server: ChildProcess | undefined;
  const exited = () => new Promise<void>((resolve) => { if (!server || server.exitCode !== null || server.signalCode !== null) resolve(); else server.once('exit', () => resolve()); });
  const db: PrivateDb = {
    client: 'mysql',
    url: `mysql://root@127.0.0.1:${port}/test`,
    async stop(how) { server?.kill(how === 'clean' ? 'SIGTERM' : 'SIGKILL'); await exited(); },
    async start() {
      server = spawn('mariadbd', args, { stdio: 'ignore' });
      await waitForMaria(port, dir);
    },
    freeze() { if (server?.pid) signalAll([server.pid], 'SIGSTOP'); },
    thaw() { if (server?.pid) signalAll([server.pid], 'SIGCONT'); },
    async destroy() {
      process.off('exit', db.destroy);
      db.thaw();
      server?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      await exited();
    },
  };
  process.once('exit', db.destroy);
  try {
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${dir}/data`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve']);
    await db.start();
    await run('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', 'create database test']);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

function idOf(which: '-u' | '-g', user: string): number {
  return Number(spawnSync('id', [which, user], { encoding: 'utf8' }).stdout.trim());
}

async function waitForMaria(port: number, dir: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const up = await run('mariadb-admin', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', 'ping']).then(() => true, () => false);
    if (up) return;
    await sleep(100);
  }
  throw new Error(`mariadbd on port ${port} did not start:\n${existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8').slice(-2000) : ''}`);
}
