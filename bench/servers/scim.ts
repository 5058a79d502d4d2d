/**
 * Child process: the real scim-bridge server (src/server.ts startServer over a YAML config file),
 * on 127.0.0.1 and a free port. On request it records every statement knex runs, with its
 * bindings, transaction and result (knex's `query` and `query-response` events): the raw handler
 * replays exactly those statements. On request it also records a CPU profile (the V8 sampling
 * profiler through node:inspector), so a profile covers the measured runs and nothing else.
 *
 *   node bench/.cache/build/bench/servers/scim.js <config.yaml>   (compiled by run.ts)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadConfig } from '../../src/config/load.js';
import { startServer } from '../../src/server.js';
import { rowsOf, type Row } from '../raw/template.js';
import { serveParent } from './child.js';

export interface TracedStatement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  readonly tx: string | null;
  /** The result as knex handed it to the engine, as rows (raw/template.ts rowsOf: row counts, inserted keys, driver results). */
  response?: readonly Row[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: scim.ts <config.yaml>');
const server = await startServer(loadConfig(file), { host: '127.0.0.1', port: 0 });

let trace: TracedStatement[] | undefined;
const byUid = new Map<string, TracedStatement>();
server.knex.on('query', (q: { sql: string; bindings?: unknown[]; __knexUid: string; __knexTxId?: string; __knexQueryUid?: string }) => {
  if (!trace) return;
  const statement: TracedStatement = { sql: q.sql, bindings: q.bindings ?? [], tx: q.__knexTxId ?? null };
  trace.push(statement);
  if (q.__knexQueryUid !== undefined) byUid.set(q.__knexQueryUid, statement);
});
server.knex.on('query-response', (response: unknown, q: { __knexQueryUid?: string }) => {
  const statement = q.__knexQueryUid !== undefined ? byUid.get(q.__knexQueryUid) : undefined;
  if (statement) statement.response = rowsOf(response);
});

const inspector = new Session();
inspector.connect();
const post = (method: string, params: object = {}) => new Promise<unknown>((resolve, reject) => {
  inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result)));
});

serveParent(new URL(server.url).origin, async () => { await server.close(); }, async (type, payload) => {
  if (type === 'trace-start') { trace = []; byUid.clear(); return true; }
  if (type === 'trace-stop') { const out = trace ?? []; trace = undefined; return out; }
  if (type === 'profile-start') {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 250 });
    await post('Profiler.start');
    return true;
  }
  if (type === 'profile-stop') {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    writeFileSync(String(payload), JSON.stringify(profile));
    return payload;
  }
  return undefined;
});
