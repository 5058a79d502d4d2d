/**
 * A server process for the concurrency tests: reads a config from SCIM_BRIDGE_TEST_CONFIG (YAML
 * text), listens on 127.0.0.1:<free port>, prints `{"url": …}` on one line and stops on SIGTERM.
 */
import { parseConfigText } from '../../src/config/load.js';
import { startServer } from '../../src/server.js';

const server = await startServer(parseConfigText(process.env['SCIM_BRIDGE_TEST_CONFIG'] ?? '', 'concurrency.yaml', {}), { host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
