/**
 * argv → options for `npm run bench -- …`. Unknown flags and bad values are errors (exit 2), so a
 * mistyped flag never silently measures the defaults.
 */
import type { Dialect } from './directory/tables.js';
import { WORKLOADS } from './workloads.js';

export interface Options {
  readonly db: Dialect;
  readonly users: readonly number[];
  readonly workloads: readonly string[];
  readonly reps: number;
  readonly walkReps: number;
  readonly connections: number;
  readonly writeConnections: number;
  readonly duration: number;
  readonly warmup: number;
  readonly walkBudget: number;
  readonly out: string;
  readonly profile: boolean;
  readonly chartOnly: boolean;
}

export const USAGE = `npm run bench -- [--db sqlite|postgres|mysql] [--users 10000[,100000,…]] [--workloads a,b]
  [--reps 5] [--walk-reps 3] [--connections 50] [--write-connections 10] [--duration 10] [--warmup 2]
  [--walk-budget 60] [--out bench/results] [--profile] [--chart-only]
workloads: ${WORKLOADS.map((w) => w.name).join(', ')}`;

const FLAGS = new Set(['db', 'users', 'workloads', 'reps', 'walk-reps', 'connections', 'write-connections', 'duration', 'warmup', 'walk-budget', 'out']);
const SWITCHES = new Set(['profile', 'chart-only']);

function count(value: string, flag: string, min = 1): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} wants an integer ≥ ${min}; got ${JSON.stringify(value)}`);
  return n;
}

export function parseArgs(argv: readonly string[]): Options {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = (argv[i] ?? '').replace(/^--/, '');
    if (SWITCHES.has(name)) { given.set(name, 'true'); continue; }
    if (!FLAGS.has(name) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${JSON.stringify(argv[i])}\n${USAGE}`);
    given.set(name, argv[++i] as string);
  }
  const db = given.get('db') ?? 'sqlite';
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'mysql') throw new Error(`--db is sqlite, postgres or mysql; got ${db}`);
  const workloads = (given.get('workloads') ?? WORKLOADS.map((w) => w.name).join(',')).split(',').map((w) => w.trim()).filter(Boolean);
  const unknown = workloads.filter((w) => !WORKLOADS.some((x) => x.name === w));
  if (unknown.length > 0) throw new Error(`unknown workload ${unknown.join(', ')}\n${USAGE}`);
  const reps = count(given.get('reps') ?? '5', 'reps');
  return {
    db, workloads, reps,
    users: (given.get('users') ?? '10000').split(',').map((u) => count(u, 'users', 1000)),
    walkReps: count(given.get('walk-reps') ?? String(Math.min(reps, 3)), 'walk-reps'),
    connections: count(given.get('connections') ?? '50', 'connections'),
    writeConnections: count(given.get('write-connections') ?? '10', 'write-connections'),
    duration: count(given.get('duration') ?? '10', 'duration'),
    warmup: count(given.get('warmup') ?? '2', 'warmup', 0),
    walkBudget: count(given.get('walk-budget') ?? '60', 'walk-budget'),
    out: given.get('out') ?? 'bench/results',
    profile: given.has('profile'),
    chartOnly: given.has('chart-only'),
  };
}
