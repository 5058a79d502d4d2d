/**
 * Results: the JSON written per run (every rep, and the medians) and the Markdown tables printed
 * at the end and kept beside it.
 */
import type { Machine } from './system.js';
import type { RunStats, Variant } from './measure.js';
import type { WalkStats } from './walk.js';

export const VARIANTS: readonly Variant[] = ['scim', 'koa', 'raw'];

export interface VariantResult<S> { readonly reps: readonly S[]; readonly median: S }

export interface LoadResult {
  readonly kind: 'load';
  readonly name: string;
  readonly title: string;
  readonly connections: number;
  readonly variants: Record<Variant, VariantResult<RunStats>> & { readonly writes?: VariantResult<RunStats> };
}

export interface WalkResult {
  readonly kind: 'walk';
  readonly name: string;
  readonly title: string;
  readonly variants: Record<Variant, VariantResult<WalkStats>>;
}

export interface RunFile {
  readonly version: 1;
  readonly started: string;
  readonly seconds: number;
  readonly db: string;
  readonly users: number;
  readonly machine: Machine;
  readonly options: Record<string, unknown>;
  /** How the CPU and RSS figures were taken, and how the raw handler got its SQL. */
  readonly method: readonly string[];
  readonly notes: readonly string[];
  /** Per route, the statements the engine ran for the sample request and where each value comes from (the raw handler replays them). */
  readonly sql: Record<string, readonly { readonly sql: string; readonly values: readonly string[] }[]>;
  readonly workloads: readonly (LoadResult | WalkResult)[];
  /** CPU profiles of the server (--profile), one per workload. */
  readonly profiles?: readonly string[];
}

/** The median of each numeric field over the reps (booleans: the first rep's). */
export function medianOf<S extends object>(reps: readonly S[]): S {
  const first = reps[0] as S;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const values = reps.map((r) => (r as Record<string, unknown>)[key]);
    if (typeof values[0] !== 'number') { out[key] = values[0]; continue; }
    const sorted = (values as number[]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    out[key] = sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  return out as S;
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const ms = (v: number) => (!Number.isFinite(v) ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '—');
const secs = (v: number) => (!Number.isFinite(v) ? '—' : v < 100 ? v.toFixed(1) : v.toFixed(0));

export function loadTable(files: readonly RunFile[]): string {
  const head = '| workload | db | users | conn | scim req/s | p50 ms | p99 ms | CPU µs/req | RSS MiB | koa req/s | koa p50 | raw req/s | raw p50 | raw p99 | raw CPU µs | raw writes req/s | scim/koa | scim/raw | scim/raw writes |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = files.flatMap((f) => f.workloads.filter((w): w is LoadResult => w.kind === 'load').map((w) => {
    const { scim, koa, raw } = { scim: w.variants.scim.median, koa: w.variants.koa.median, raw: w.variants.raw.median };
    const writes = w.variants.writes?.median.reqPerSec ?? NaN;
    return `| ${w.name} | ${f.db} | ${n0(f.users)} | ${w.connections} | ${n0(scim.reqPerSec)} | ${ms(scim.p50Ms)} | ${ms(scim.p99Ms)} | ${n0(scim.cpuUsPerReq)} | ${n0(scim.rssMiB)} | ${n0(koa.reqPerSec)} | ${ms(koa.p50Ms)} | ${n0(raw.reqPerSec)} | ${ms(raw.p50Ms)} | ${ms(raw.p99Ms)} | ${n0(raw.cpuUsPerReq)} | ${n0(writes)} | **${ratio(scim.reqPerSec, koa.reqPerSec)}** | **${ratio(scim.reqPerSec, raw.reqPerSec)}** | ${ratio(scim.reqPerSec, writes)} |`;
  }));
  return [head, ...rows].join('\n');
}

export function walkTable(files: readonly RunFile[]): string {
  const head = '| walk | db | users | pages | scim total s | page p50 ms | first 1% p50 | last 1% p50 | CPU µs/page | RSS MiB | koa total s | raw total s | raw last 1% p50 | scim/raw time | how |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const rows = files.flatMap((f) => f.workloads.filter((w): w is WalkResult => w.kind === 'walk').map((w) => {
    const { scim, koa, raw } = { scim: w.variants.scim.median, koa: w.variants.koa.median, raw: w.variants.raw.median };
    const how = VARIANTS.some((v) => w.variants[v].median.sampled)
      ? `sampled ${scim.measuredPages} of ${scim.pages} pages, extrapolated` : 'full walk';
    return `| ${w.name} | ${f.db} | ${n0(f.users)} | ${n0(scim.pages)} | **${secs(scim.totalSeconds)}** | ${ms(scim.pageP50Ms)} | ${ms(scim.firstP50Ms)} | ${ms(scim.lastP50Ms)} | ${n0(scim.cpuUsPerPage)} | ${n0(scim.rssMiB)} | ${secs(koa.totalSeconds)} | ${secs(raw.totalSeconds)} | ${ms(raw.lastP50Ms)} | ${ratio(scim.totalSeconds, raw.totalSeconds)} | ${how} |`;
  }));
  return [head, ...rows].join('\n');
}

/** The load on the rest of the machine over every run of the files, as a caveat line. */
export function loadCaveat(files: readonly RunFile[]): string {
  const reps = (w: LoadResult | WalkResult) => VARIANTS.flatMap((v) => w.variants[v].reps as readonly { otherCores: number; failures: number }[]);
  const other = files.flatMap((f) => f.workloads.flatMap((w) => reps(w).map((r) => r.otherCores)));
  const sorted = [...other].sort((a, b) => a - b);
  const failures = files.flatMap((f) => f.workloads.flatMap((w) => reps(w).map((r) => r.failures))).reduce((a, b) => a + b, 0);
  return `Other work on the machine during the runs (cores busy outside the server under test and the load generator; includes the database server on PostgreSQL/MariaDB): median ${sorted[Math.floor(sorted.length / 2)] ?? 0}, max ${sorted[sorted.length - 1] ?? 0}. Failed requests: ${failures}.`;
}

/** The README's table: the load workloads with fewer columns (results.md keeps them all). */
export function summaryTable(files: readonly RunFile[]): string {
  const head = '| workload | db | users | scim req/s | p50 ms | p99 ms | CPU µs/req | RSS MiB | koa req/s | raw req/s | raw CPU µs | scim/koa | scim/raw | scim/raw writes |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = files.flatMap((f) => f.workloads.filter((w): w is LoadResult => w.kind === 'load').map((w) => {
    const { scim, koa, raw } = { scim: w.variants.scim.median, koa: w.variants.koa.median, raw: w.variants.raw.median };
    const writes = w.variants.writes?.median.reqPerSec ?? NaN;
    return `| ${w.name} | ${f.db} | ${n0(f.users)} | ${n0(scim.reqPerSec)} | ${ms(scim.p50Ms)} | ${ms(scim.p99Ms)} | ${n0(scim.cpuUsPerReq)} | ${n0(scim.rssMiB)} | ${n0(koa.reqPerSec)} | ${n0(raw.reqPerSec)} | ${n0(raw.cpuUsPerReq)} | **${ratio(scim.reqPerSec, koa.reqPerSec)}** | **${ratio(scim.reqPerSec, raw.reqPerSec)}** | ${ratio(scim.reqPerSec, writes)} |`;
  }));
  return [head, ...rows].join('\n');
}
