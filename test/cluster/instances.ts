/**
 * scim-bridge instances for the cluster test: each a process of its own (test/concurrency/serve.ts,
 * which runs src/server.ts startServer) with its own pool, connected through one Galera node —
 * as N instances behind a load balancer would be. Requests carry the test token; a request the
 * instance never answers (connection refused, reset, our own timeout) is status 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TOKEN } from '../helpers/server.js';

export interface Answer {
  readonly status: number;
  readonly headers?: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- SCIM JSON, read freely
}

export interface Instance {
  readonly name: string;
  readonly url: string;
  /** The instance's origin, for /readyz and /metrics. */
  readonly origin: string;
  request(method: string, path: string, body?: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

/** The config of an instance over `dbUrl`: timeouts short enough that a dead node is a prompt 503. */
export function instanceYaml(dbUrl: string, resourcesYaml: string): string {
  return `database:
  client: mysql
  connection: ${JSON.stringify(dbUrl)}
  pool: { min: 0, max: 10 }
  statementTimeout: 4000
  acquireTimeout: 2000
server:
  requestTimeout: 6000
auth:
  bearer: [ "${TOKEN}" ]
${resourcesYaml}
`;
}

/** One request to `base` with the test token; JSON in and out. */
export async function scimRequest(base: string, method: string, path: string, body?: unknown, timeoutMs = 20_000): Promise<Answer> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try { parsed = text === '' ? undefined : JSON.parse(text); } catch { parsed = text; }
    return { status: response.status, headers: response.headers, body: parsed };
  } catch {
    return { status: 0, body: undefined };
  }
}

export function startInstance(name: string, dbUrl: string, resourcesYaml: string): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/concurrency/serve.ts'], {
    env: { ...process.env, SCIM_BRIDGE_TEST_CONFIG: instanceYaml(dbUrl, resourcesYaml) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // A graceful close waits on the pool; a node that died may never answer its goodbye.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      const url = (JSON.parse(line) as { url: string }).url;
      resolve({ name, url, origin: new URL(url).origin, request: (m, p, b) => scimRequest(url, m, p, b), stop });
    });
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code}`)));
  });
}
