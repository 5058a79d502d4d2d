/**
 * A real listening server over a test database: `withServer(dialect, setup, yaml, fn)` creates a
 * fresh database namespace, runs `setup` (create tables, seed), writes nothing to disk but the
 * SQLite file, starts scim-bridge on 127.0.0.1:<random port>, and tears everything down after.
 */
import { parseConfigText } from '../../src/config/load.js';
import type { DbClient } from '../../src/config/raw-types.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createLogger, type Logger } from '../../src/http/log.js';
import { createTestDb, type TestDb } from './db.js';
import type { Knex } from 'knex';

export const TOKEN = 'test-token-0123456789abcdef';

/** The `database:` section for a test database, as YAML. */
export function databaseYaml(db: TestDb): string {
  const s = db.settings;
  return [
    'database:',
    `  client: ${s.client}`,
    `  connection: ${JSON.stringify(s.connection)}`,
    ...(s.schema !== undefined ? [`  schema: ${s.schema}`] : []),
  ].join('\n');
}

export interface Harness {
  readonly db: TestDb;
  readonly server: RunningServer;
  readonly url: string;
  /** fetch against the server with the test token; JSON bodies are serialised. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  readonly text: string;
}

export async function withServer(client: DbClient, setup: (knex: Knex) => Promise<void>, resourcesYaml: string,
  fn: (h: Harness) => Promise<void>, options: { authYaml?: string; extraYaml?: string; databaseYaml?: string; logger?: Logger } = {}): Promise<void> {
  const db = await createTestDb(client);
  let server: RunningServer | undefined;
  try {
    await setup(db.knex);
    const auth = options.authYaml ?? `auth:\n  bearer: [ "${TOKEN}" ]`;
    // databaseYaml: more keys of the `database:` section, e.g. "  statementTimeout: 500".
    const yaml = `${databaseYaml(db)}\n${options.databaseYaml ?? ''}\n${auth}\n${options.extraYaml ?? ''}\n${resourcesYaml}\n`;
    // TEST_LOG=1 shows the server's log lines (and the stacks of 5xx answers) on stderr; TEST_LOG=pretty through pino-pretty.
    const logger = options.logger ?? (process.env['TEST_LOG'] ? await createLogger({ level: 'debug', pretty: process.env['TEST_LOG'] === 'pretty' }, process.stderr) : undefined);
    server = await startServer(parseConfigText(yaml, 'test.yaml', {}), { host: '127.0.0.1', port: 0, ...(logger ? { logger } : {}) });
    const url = server.url;
    const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown;
      try { parsed = text === '' ? undefined : JSON.parse(text); } catch { parsed = undefined; }
      return { status: response.status, headers: response.headers, body: parsed, text };
    };
    await fn({ db, server, url, request });
  } finally {
    await server?.close();
    await db.cleanup();
  }
}
