/**
 * `npm run bench -- --db sqlite --users 100000`: for each directory size, generate (or reuse) the
 * directory, start the real server and its two floors in child processes, trace each route's
 * statements, then run every workload with reps interleaved (scim, koa, raw, scim, …), and write
 * the JSON, the tables and the chart. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type Options } from './args.js';
import { writeChart } from './chart.js';
import { benchYaml } from './config.js';
import { openDirectory, resetStatements, type Directory } from './generate-directory.js';
import { measureLoad, type LoadVariant, type RunStats, type Variant } from './measure.js';
import { checkFloors, prepareRoutes } from './prepare.js';
import { describeProfile } from './profile.js';
import { VARIANTS, loadCaveat, loadTable, medianOf, walkTable, type LoadResult, type RunFile, type WalkResult } from './report.js';
import { startChild, type ServerChild } from './servers/child.js';
import { machine } from './system.js';
import { PAGE, fitsBudget, measureWalk, type WalkStats } from './walk.js';
import { WORKLOADS, type Context, type LoadWorkload, type WalkWorkload } from './workloads.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const BUILD = here('./.cache/build');

/**
 * The server processes run compiled JavaScript, as a deployment does (`npm run build` → dist):
 * the engine and bench/servers are compiled with tsc into bench/.cache/build first (a few seconds).
 * Under tsx, esbuild's keepNames helper would run on every closure the engine creates per request.
 */
function build(): void {
  execFileSync(here('../node_modules/.bin/tsc'), ['-p', here('./tsconfig.build.json')], { stdio: 'inherit' });
  rmSync(join(BUILD, 'config'), { force: true });
  // src/config/schema.ts reads ../../config/scim-bridge.schema.json relative to itself.
  symlinkSync(here('../config'), join(BUILD, 'config'));
}
const log = (line: string) => process.stderr.write(`${line}\n`);
type Servers = Record<Variant, ServerChild>;

export const METHOD = [
  'Servers run in child processes from compiled JavaScript (tsc → bench/.cache/build); autocannon runs in the parent on the same machine, over loopback.',
  'CPU µs per request: process.cpuUsage() of the server process (user + system), read over IPC before and after the run, divided by the responses received.',
  'RSS: the server process\'s VmHWM (peak resident set), reset through /proc/<pid>/clear_refs before each run.',
  'Latency: every response timed by autocannon (hrtime), percentiles over all responses of the run; req/s = responses / wall time.',
  'Raw handler SQL: the statements knex ran for one sample request per route (knex "query"/"query-response" events on the real server), replayed as prepared statements on the bare driver with the request\'s values substituted (bench/raw/template.ts).',
  'Koa floor: the engine\'s response to the same sample request, served as a fixed body with the same status.',
  'Raw writes floor (PATCH, POST, member add): the raw handler running only the engine\'s INSERT/UPDATE/DELETE statements and transaction control (and any read they take values from).',
];

async function startServers(directory: Directory): Promise<Servers> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  const yamlPath = join(dir, 'scim-bridge.yaml');
  writeFileSync(yamlPath, benchYaml(directory.yaml));
  const scim = await startChild('scim', join(BUILD, 'bench/servers/scim.js'), [yamlPath]);
  const koa = await startChild('koa', join(BUILD, 'bench/servers/koa.js'), []);
  const raw = await startChild('raw', join(BUILD, 'bench/servers/raw.js'), [directory.db, directory.connection.url, ...(directory.connection.schema ? [directory.connection.schema] : [])]);
  return { scim, koa, raw };
}

const summary = <S extends object>(reps: S[]) => ({ reps, median: medianOf(reps) });

/**
 * After a write run: autocannon stops at the deadline with requests still in flight, so wait until
 * the server is idle (under 3 ms of CPU per 100 ms), then put the directory back as generated.
 */
async function settleAndReset(server: ServerChild, directory: Directory): Promise<void> {
  let last = await server.cpuMicros();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await server.cpuMicros();
    if (now - last < 3000) break;
    last = now;
  }
  await directory.exec(resetStatements(directory.users));
}

async function runLoad(servers: Servers, workload: LoadWorkload, ctx: Context, options: Options, directory: Directory): Promise<LoadResult> {
  const connections = workload.connections ?? (workload.writes ? options.writeConnections : options.connections);
  const variants: readonly LoadVariant[] = workload.writesFloor ? [...VARIANTS, 'writes'] : VARIANTS;
  const reps: Record<LoadVariant, RunStats[]> = { scim: [], koa: [], raw: [], writes: [] };
  const once = async (variant: LoadVariant, duration: number) => {
    const server = servers[variant === 'writes' ? 'raw' : variant];
    const stats = await measureLoad(server, variant, workload, ctx, { connections, duration });
    if (workload.writes) await settleAndReset(server, directory);
    return stats;
  };
  if (options.warmup > 0) for (const variant of variants) await once(variant, options.warmup);
  for (let rep = 1; rep <= options.reps; rep++) {
    for (const variant of variants) {
      const stats = await once(variant, options.duration);
      reps[variant].push(stats);
      log(`  ${workload.name} rep ${rep} ${variant}: ${Math.round(stats.reqPerSec)} req/s, p50 ${stats.p50Ms.toFixed(2)} ms, p99 ${stats.p99Ms.toFixed(2)} ms, ${Math.round(stats.cpuUsPerReq)} µs CPU/req, ${Math.round(stats.rssMiB)} MiB${stats.failures ? `, ${stats.failures} FAILED` : ''}`);
    }
  }
  const measured = { scim: summary(reps.scim), koa: summary(reps.koa), raw: summary(reps.raw), ...(workload.writesFloor ? { writes: summary(reps.writes) } : {}) };
  return { kind: 'load', name: workload.name, title: workload.title, connections, variants: measured };
}

async function runWalk(servers: Servers, workload: WalkWorkload, ctx: Context, options: Options): Promise<WalkResult> {
  const pages = Math.ceil(ctx.users / PAGE);
  const full: Partial<Record<Variant, boolean>> = {};
  for (const variant of VARIANTS) full[variant] = await fitsBudget(servers[variant], variant, workload.mode, pages, options.walkBudget);
  const reps: Record<Variant, WalkStats[]> = { scim: [], koa: [], raw: [] };
  for (let rep = 1; rep <= options.walkReps; rep++) {
    for (const variant of VARIANTS) {
      const stats = await measureWalk(servers[variant], variant, workload.mode, ctx.users, full[variant] === true, options.walkBudget);
      reps[variant].push(stats);
      log(`  ${workload.name} rep ${rep} ${variant}: ${stats.totalSeconds.toFixed(1)} s${stats.sampled ? ` (extrapolated from ${stats.measuredPages} of ${stats.pages} pages)` : ''}, page p50 ${stats.pageP50Ms.toFixed(2)} ms, first ${stats.firstP50Ms.toFixed(2)} / last ${stats.lastP50Ms.toFixed(2)} ms, ${Math.round(stats.rssMiB)} MiB${stats.failures ? `, ${stats.failures} FAILED` : ''}`);
    }
  }
  const variants = { scim: summary(reps.scim), koa: summary(reps.koa), raw: summary(reps.raw) };
  return { kind: 'walk', name: workload.name, title: workload.title, variants };
}

async function runSize(options: Options, users: number): Promise<RunFile> {
  const started = new Date();
  const t0 = Date.now();
  log(`${options.db}, ${users.toLocaleString('en-US')} users: directory`);
  const directory = await openDirectory(options.db, users, log);
  await directory.exec(resetStatements(users));
  const servers = await startServers(directory);
  const before = machine();
  try {
    const ctx: Context = { users, emailSpelling: 'entra', nonce: randomBytes(4).toString('hex') };
    const selected = WORKLOADS.filter((w) => options.workloads.includes(w.name));
    const prepared = await prepareRoutes(servers.scim, directory, ctx, [...new Set(selected.flatMap((w) => w.routes))]);
    await servers.raw.call('routes', prepared.raw);
    await servers.koa.call('bodies', prepared.koa);
    await checkFloors(servers, prepared, directory);
    prepared.notes.forEach((n) => log(`  note: ${n}`));
    const workloads: (LoadResult | WalkResult)[] = [];
    const profiles: string[] = [];
    for (const w of selected) {
      log(`${options.db}, ${users.toLocaleString('en-US')} users: ${w.title}`);
      if (options.profile) await servers.scim.call('profile-start');
      workloads.push(w.kind === 'load' ? await runLoad(servers, w, ctx, options, directory) : await runWalk(servers, w, ctx, options));
      if (options.profile) profiles.push(await servers.scim.call<string>('profile-stop', profilePath(options, users, w.name)));
    }
    const { out: _out, chartOnly: _chart, ...shown } = options;
    return { version: 1, started: started.toISOString(), seconds: Math.round((Date.now() - t0) / 1000), db: options.db, users,
      machine: { ...before, loadAverage: [...before.loadAverage, ...machine().loadAverage] }, options: { ...shown, users },
      method: METHOD, notes: prepared.notes, sql: prepared.sql, workloads, profiles };
  } finally {
    for (const s of Object.values(servers)) await s.stop();
    await directory.exec(resetStatements(users));
    await directory.close();
  }
}

/** With --profile, the server is profiled over each workload's runs (its idle time while the floors run is left out of the shares). */
function profilePath(options: Options, users: number, workload: string): string {
  const dir = join(options.out, 'profiles');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${options.db}-${users}-${workload}.cpuprofile`);
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  mkdirSync(options.out, { recursive: true });
  if (!options.chartOnly) {
    build();
    for (const users of options.users) {
      const file = await runSize(options, users);
      const stamp = file.started.replace(/[:.]/g, '-');
      writeFileSync(join(options.out, `${file.db}-${users}-${stamp}.json`), `${JSON.stringify(file, null, 1)}\n`);
      console.log(`\n${file.db}, ${users.toLocaleString('en-US')} users (${file.started}, ${file.seconds} s)\n\n${loadTable([file])}\n\n${walkTable([file])}\n\n${loadCaveat([file])}\n`);
      for (const profile of file.profiles ?? []) {
        const text = describeProfile(profile);
        writeFileSync(profile.replace(/\.cpuprofile$/, '.txt'), `${text}\n`);
        console.log(`${text}\n`);
      }
    }
  }
  writeChart(options.out, log);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => { log(error instanceof Error ? error.stack ?? error.message : String(error)); return 1; });
}
