/**
 * Traffic for the cluster test: `workers` loops, each sending its next request as soon as the
 * previous one is answered, until stopped; every answer is recorded with its time and the
 * instance that gave it.
 */
import type { Answer, Instance } from './instances.js';

export interface Sample {
  readonly instance: string;
  readonly at: number;
  readonly status: number;
  /** How long the answer took. */
  readonly ms: number;
}

export interface Load {
  readonly samples: readonly Sample[];
  stop(): Promise<void>;
}

/** `pick(worker)` chooses the instance; `step(instance, worker, n)` sends the n-th request of a worker. */
export function startLoad(workers: number, pick: (worker: number) => Instance, step: (instance: Instance, worker: number, n: number) => Promise<Answer>): Load {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let n = 0; running; n++) {
      const instance = pick(worker);
      const sent = Date.now();
      const answer = await step(instance, worker, n);
      samples.push({ instance: instance.name, at: Date.now(), status: answer.status, ms: Date.now() - sent });
    }
  });
  return { samples, async stop() { running = false; await Promise.all(loops); } };
}

/** Answers per second over `ms` of `workers` loops. */
export async function throughput(ms: number, workers: number, pick: (worker: number) => Instance, step: (instance: Instance, worker: number, n: number) => Promise<Answer>): Promise<{ perSecond: number; statuses: Record<string, number> }> {
  const load = startLoad(workers, pick, step);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await load.stop();
  return { perSecond: Math.round((load.samples.length * 1000) / ms), statuses: countBy(load.samples) };
}

export function countBy(samples: readonly Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[String(s.status)] = (out[String(s.status)] ?? 0) + 1;
  return out;
}
