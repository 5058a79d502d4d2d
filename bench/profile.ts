/**
 * A V8 .cpuprofile (node --cpu-prof of the server) → where the time went: self time by function
 * and by place (a package under node_modules, a folder of src/, node's internals, GC); idle time
 * is left out.
 *
 *   npx tsx bench/profile.ts bench/results/profiles/<file>.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }
interface Profile { readonly nodes: readonly ProfileNode[]; readonly samples: readonly number[]; readonly timeDeltas: readonly number[] }

export interface SelfTime { readonly name: string; readonly ms: number; readonly share: number }

/** Where a function lives: `knex`, `src/sql`, `node:internal`, `(garbage collector)` … */
function placeOf(frame: ProfileNode['callFrame'], file = false): string {
  const url = frame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const src = /\/(src\/.+)$/.exec(url);
  if (src) return file ? src[1] as string : (src[1] as string).replace(/\/[^/]+$/, '');
  if (url.startsWith('node:')) return 'node:internal';
  return url === '' ? frame.functionName || '(native)' : url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}

const SQLITE_RUN = new Set(['all', 'run', 'get', 'iterate']);
const SQLITE_COMPILE = new Set(['Statement', 'prepare']);
const CRYPTO = new Set(['Hash', 'Hmac', 'digest', 'update', 'createHash']);
const DRIVERS = new Set(['pg', 'pg-protocol', 'pg-types', 'mysql2', 'better-sqlite3']);
const HTTP = new Set(['node:internal', 'writev', 'koa', 'koa-bodyparser', 'koa-compose', 'delegates', 'raw-body', 'co-body', '@koa/router', 'http-errors', 'statuses', 'on-finished', 'type-is', 'mime-types', 'accepts', 'content-type', 'iconv-lite']);

/** The layer a sample belongs to: the engine's own code, knex, the driver, SQLite's work, HTTP, GC. */
function layerOf(frame: ProfileNode['callFrame'], place: string): string {
  if (place === 'better-sqlite3' || frame.url === '') {
    if (SQLITE_RUN.has(frame.functionName)) return 'SQLite executing statements (better-sqlite3 all/run)';
    if (SQLITE_COMPILE.has(frame.functionName)) return 'SQLite compiling statements (new Statement per query)';
  }
  if (frame.url.includes('crypto') || (frame.url === '' && CRYPTO.has(frame.functionName))) return 'node:crypto (hashing: ETags, cursors)';
  if (place.startsWith('src/')) return `engine: ${place}`;
  if (place === 'knex' || place === 'tarn') return 'knex (query building, compiling, pool)';
  if (DRIVERS.has(place)) return `driver (${place})`;
  if (HTTP.has(place) || frame.functionName === 'writev') return 'HTTP: node, koa, body parser, socket writes';
  if (place === '(garbage collector)') return 'garbage collection';
  return 'other (microtasks, program, natives)';
}

export function selfTimes(profile: Profile): { byFunction: SelfTime[]; byPlace: SelfTime[]; byLayer: SelfTime[]; totalMs: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const place = new Map<string, number>();
  const layer = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    // Idle: the server waiting (for requests, or while the floors are measured); shares are of busy time.
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += us;
    const f = node.callFrame;
    const where = placeOf(f);
    const name = `${f.functionName || '(anonymous)'}  ${placeOf(f, true)}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    place.set(where, (place.get(where) ?? 0) + us);
    const l = layerOf(f, where);
    layer.set(l, (layer.get(l) ?? 0) + us);
  });
  const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { byFunction: rank(fn), byPlace: rank(place), byLayer: rank(layer), totalMs: total / 1000 };
}

export function describeProfile(file: string, top = 20): string {
  const { byFunction, byPlace, byLayer, totalMs } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const line = (t: SelfTime) => `${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`;
  return [`${file}: ${(totalMs / 1000).toFixed(1)} s of busy CPU sampled (idle excluded)`, '', 'self time by layer:', ...byLayer.map(line), '',
    'self time by place:', ...byPlace.slice(0, 15).map(line), '',
    `top ${top} functions by self time:`, ...byFunction.slice(0, top).map(line)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) console.log(describeProfile(file));
}
