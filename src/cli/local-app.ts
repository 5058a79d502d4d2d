/**
 * The real app on an ephemeral loopback port, for `check` (sample reads, discovery) and
 * `check --simulate` (the IdP's requests): the same code path the server runs, over HTTP.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createApp } from '../http/app.js';
import { recordLogger } from '../http/log.js';
import type { Mapping } from '../mapping/types.js';

export interface LocalResponse {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- SCIM JSON, read freely
  readonly text: string;
}

export interface LocalApp {
  /** The SCIM base URL, e.g. http://127.0.0.1:53211/scim/v2. */
  readonly url: string;
  /** `path` is relative to the base URL; JSON bodies are serialised. */
  request(method: string, path: string, body?: unknown): Promise<LocalResponse>;
  /** Unhandled (5xx) errors the app logged since the last call, then forgets them. */
  takeErrors(): string[];
  close(): Promise<void>;
}

/** Starts createApp(mapping, db) without auth on 127.0.0.1:0; `db` may be a transaction. */
export async function startLocalApp(mapping: Mapping, db: Knex, tenant?: string | number): Promise<LocalApp> {
  let errors: string[] = [];
  // Only 5xx answers are logged at `error`; their error's stack is what `check` shows.
  const logger = recordLogger((r) => { const err = r['err'] as { stack?: string; message?: string } | undefined; errors.push(err?.stack ?? err?.message ?? String(r['msg'] ?? '')); }, 'error');
  const app = createApp(mapping, db, { insecureNoAuth: true, logger, ...(tenant !== undefined ? { tenant } : {}) });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${mapping.server.basePath}`;
  return {
    url,
    async request(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/scim+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text), text };
    },
    takeErrors() { const out = errors; errors = []; return out; },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}
