/** `scim-bridge [serve] --config FILE`: start the server; SIGTERM/SIGINT shut it down gracefully. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../http/log.js';
import { startServer, type RunningServer } from '../server.js';
import { EXIT, type Command, type Io } from './command.js';
import { describeOperations, describeServer, reportFailure } from './report.js';
import { compileLogSettings } from '../mapping/compile.js';
import type { LogSettings } from '../mapping/types.js';

const USAGE = 'usage: scim-bridge [serve] --config FILE [--port N] [--log-pretty] [--insecure-no-auth]';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve /scim/v2 over the tables a config file maps (the default verb)',
  help: `${USAGE}

Loads the config, checks every mapped table and column against the live database, and serves
SCIM 2.0. Exits non-zero with file:line:column messages on a bad config, or when the database
cannot be reached. One JSON log line per request goes to stdout (pino; server.log.level), with a
request id echoed as X-Request-Id; Prometheus metrics are at /metrics (server.metrics), health
probes at /healthz and /readyz; the start-up lines on stderr say where each is. On SIGTERM or
SIGINT it stops accepting, answers the requests in flight (Connection: close), closes the pool and
exits 0 within server.shutdownTimeout (default 10 s).

options:
  --config FILE        the YAML mapping (see docs/config.md)
  --port N             listen on this port instead of server.port
  --log-pretty         human-readable log lines (pino-pretty) instead of JSON, for a terminal
  --insecure-no-auth   serve without credentials (local demos only; never expose this)
  -h, --help           this text

examples:
  SCIM_TOKEN=$(openssl rand -hex 32) npx scim-bridge --config scim.yaml
  npx scim-bridge serve --config scim.yaml --port 9000
`,
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({ args: [...args], options: { config: { type: 'string' }, port: { type: 'string' }, 'log-pretty': { type: 'boolean' }, 'insecure-no-auth': { type: 'boolean' } }, strict: true }));
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (!values.config) { io.stderr.write(`--config is required\n${USAGE}\n`); return EXIT.usage; }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) { io.stderr.write(`--port must be a port number\n`); return EXIT.usage; }
    return serve(resolve(io.cwd, values.config), io, { insecureNoAuth: values['insecure-no-auth'] === true, logPretty: values['log-pretty'] === true, ...(port !== undefined ? { port } : {}) });
  },
};

/** How long kept-alive connections may bring one more request after the signal (see shutdown.ts). */
const LINGER_MS = 1000;

/**
 * Serves until SIGTERM or SIGINT, then shuts down gracefully within `server.shutdownTimeout`;
 * returns the exit code (0 after a signal, even when the grace period ran out).
 */
export async function serve(file: string, io: Io, options: { insecureNoAuth: boolean; logPretty?: boolean; port?: number; banner?: string }): Promise<number> {
  let server: RunningServer;
  let log: LogSettings;
  try {
    const config = loadConfig(file, io.env);
    const configured = compileLogSettings(config.raw);
    log = { ...configured, pretty: configured.pretty || options.logPretty === true };
    const logger = await createLogger(log, io.stdout);
    server = await startServer(config, { insecureNoAuth: options.insecureNoAuth, logger, ...(options.port !== undefined ? { port: options.port } : {}) });
  } catch (error) {
    return reportFailure(error, io);
  }
  io.stderr.write(describeServer(server.url, server.mapping, options.insecureNoAuth));
  io.stderr.write(describeOperations(server, log, options.insecureNoAuth));
  if (options.banner) io.stderr.write(options.banner);
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGTERM', stop); process.off('SIGINT', stop); resolve(); };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  const grace = server.mapping.server.shutdownTimeout;
  io.stderr.write(`shutting down: answering in-flight requests (up to ${grace} ms); a second signal stops at once\n`);
  const { forced } = await server.close({ graceMs: grace, lingerMs: Math.min(LINGER_MS, grace / 4) });
  if (forced) io.stderr.write('shutting down: the grace period ran out; the connections still open were closed\n');
  return EXIT.ok;
}
