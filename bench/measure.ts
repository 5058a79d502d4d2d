/**
 * One timed run of a load workload against one server: autocannon (in this process, the server in
 * its own) for `duration` seconds at `connections`, every response's latency recorded at full
 * precision (autocannon's own histogram rounds to whole milliseconds), the server's CPU time
 * (process.cpuUsage in the child, over IPC) and its peak RSS (VmHWM, reset before the run).
 */
import autocannon from 'autocannon';
import { TOKEN } from './config.js';
import type { ServerChild } from './servers/child.js';
import { otherLoad } from './system.js';
import type { Context, LoadWorkload, RequestSpec } from './workloads.js';

export type Variant = 'scim' | 'koa' | 'raw';
/** Write workloads add `writes`: the raw handler running only the engine's write statements. */
export type LoadVariant = Variant | 'writes';

export interface RunStats {
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerReq: number;
  readonly rssMiB: number;
  readonly failures: number;
  /** Failed responses by status (0: a connection error or timeout). */
  readonly failureStatuses: Readonly<Record<string, number>>;
  /** Cores the rest of the machine kept busy during the run (other work; the database server too). */
  readonly otherCores: number;
}

export const HEADERS = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', accept: 'application/scim+json' };

/** The request a variant sends for a spec: the SCIM path, or the floor's route with the values. */
export function pathFor(variant: LoadVariant, spec: RequestSpec): string {
  if (variant === 'scim') return spec.path;
  if (variant === 'koa') return `/koa/${spec.route}`;
  return `/raw/${spec.route}${variant === 'writes' ? '~writes' : ''}?p=${encodeURIComponent(JSON.stringify(spec.params))}`;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

export async function measureLoad(server: ServerChild, variant: LoadVariant, workload: LoadWorkload, ctx: Context,
  options: { readonly connections: number; readonly duration: number }): Promise<RunStats> {
  let k = 0;
  const latencies: number[] = [];
  let failures = 0;
  const failureStatuses: Record<string, number> = {};
  const fail = (status: number) => { failures++; failureStatuses[status] = (failureStatuses[status] ?? 0) + 1; };
  server.resetPeakRss();
  const cpuBefore = await server.cpuMicros();
  const window = otherLoad();
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const tracker = autocannon({
      url: server.url, connections: options.connections, duration: options.duration, timeout: 30, headers: HEADERS,
      requests: [{
        setupRequest: (request) => {
          const spec = workload.request(ctx, k++);
          // A fresh headers object: autocannon writes Content-Length into the one it is given, and a stale
          // length would follow a POST into the next GET on the same connection.
          return { ...request, headers: { ...HEADERS }, method: spec.method, path: pathFor(variant, spec), body: spec.body ?? '' };
        },
      }],
    }, (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
    tracker.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) fail(status);
    });
    tracker.on('reqError', () => fail(0));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await server.cpuMicros()) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99),
    cpuUsPerReq: cpu / Math.max(1, latencies.length), rssMiB: server.peakRss(), failures, failureStatuses, otherCores: window.stop(cpu),
  };
}
