/** What the CLI prints about a compiled mapping, and how it reports a failure. */
import { ConfigError, ConfigErrors } from '../errors.js';
import { relationsOf, type LogSettings, type Mapping } from '../mapping/types.js';
import type { RunningServer } from '../server.js';
import { EXIT, type Io } from './command.js';

export function describeServer(url: string, mapping: Mapping, insecureNoAuth: boolean): string {
  const lines = [`scim-bridge serving SCIM 2.0 at ${url}`];
  for (const r of mapping.resources) {
    const keys = [...r.attributes.filter((a) => a.characteristics.returned !== 'never').map((a) => a.key), ...relationsOf(r).map((x) => `${x.key} (${x.kind === 'children' ? `table ${x.table}` : `via ${x.through}`})`)];
    lines.push(`  ${r.name.padEnd(6)} ${url}${r.endpoint}  ← table ${r.table}; delete: ${r.delete.mode}; ${keys.length} attributes: ${keys.join(', ')}`);
  }
  const auth = insecureNoAuth ? 'NONE (--insecure-no-auth)' : [mapping.auth.bearer.length > 0 ? `bearer (${mapping.auth.bearer.length} token${mapping.auth.bearer.length > 1 ? 's' : ''})` : '', mapping.auth.basic.length > 0 ? `basic (${mapping.auth.basic.length} credential${mapping.auth.basic.length > 1 ? 's' : ''})` : ''].filter(Boolean).join(', ');
  lines.push(`  auth: ${auth}`, `  supports: filter (all RFC 7644 operators), sort, paging up to ${mapping.server.maxResults}, PATCH, ETags; health at /healthz and /readyz`);
  return `${lines.join('\n')}\n`;
}

/** Where logs, metrics and the probes are: what an operator wires into the log shipper, Prometheus and the orchestrator. */
export function describeOperations(server: RunningServer, log: LogSettings, insecureNoAuth: boolean): string {
  const metrics = server.mapping.server.metrics;
  const who = metrics?.public || insecureNoAuth ? 'no credentials' : 'the same credentials as SCIM';
  return [
    `  logs: stdout, ${log.pretty ? 'pretty (pino-pretty)' : 'JSON lines (pino)'}, level ${log.level}; request ids in X-Request-Id`,
    `  metrics: ${server.metricsUrl ? `${server.metricsUrl} (Prometheus text; ${who})` : (server.mapping.auth.tenants !== undefined || server.mapping.auth.credentialsTable !== undefined ? 'off (credentials are bound to tenants: set server.metrics.port to serve them on a port of their own)' : 'off (server.metrics.enabled: false)')}`,
    `  probes: ${server.origin}/healthz (process), ${server.origin}/readyz (database)`,
    '',
  ].join('\n');
}

/** Config problems print as file:line:column with a fix; anything else as one line, exit 1. */
export function reportFailure(error: unknown, io: Io): number {
  if (error instanceof ConfigErrors) {
    io.stderr.write(`${error.errors.map((e) => e.message).join('\n')}\n${error.errors.length} problem${error.errors.length > 1 ? 's' : ''} in the config; the server did not start.\n`);
  } else if (error instanceof ConfigError) {
    io.stderr.write(`${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    // Connection URLs may carry passwords: never echo one.
    io.stderr.write(`error: ${message.replace(/\/\/([^:@/]+):[^@/]*@/g, '//$1:***@')}\n`);
  }
  return EXIT.failed;
}
