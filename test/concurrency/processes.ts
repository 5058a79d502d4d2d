/**
 * Two (or more) real scim-bridge processes over one test database, for the concurrency tests:
 * `node --import tsx test/concurrency/serve.ts` per process, each with its own connection pool.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { TOKEN, databaseYaml } from '../helpers/server.js';
import type { DbClient } from '../../src/config/raw-types.js';
import type { Knex } from 'knex';

export interface Cluster {
  readonly db: TestDb;
  readonly urls: readonly string[];
  /** One request to server `i % urls.length`; returns status, headers and parsed body. */
  request(i: number, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function startProcess(yaml: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/concurrency/serve.ts'], {
    env: { ...process.env, SCIM_BRIDGE_TEST_CONFIG: yaml }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
}

export async function withCluster(client: DbClient, setup: (knex: Knex) => Promise<void>, resourcesYaml: string,
  processes: number, fn: (c: Cluster) => Promise<void>): Promise<void> {
  const db = await createTestDb(client);
  const children: ChildProcess[] = [];
  try {
    await setup(db.knex);
    const yaml = `${databaseYaml(db)}\nauth:\n  bearer: [ "${TOKEN}" ]\n${resourcesYaml}\n`;
    const started = await Promise.all(Array.from({ length: processes }, () => startProcess(yaml)));
    children.push(...started.map((s) => s.child));
    const urls = started.map((s) => s.url);
    await fn({
      db, urls,
      async request(i, method, path, body) {
        const response = await fetch(`${urls[i % urls.length]}${path}`, {
          method,
          headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
      },
    });
  } finally {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
    await db.cleanup();
  }
}
