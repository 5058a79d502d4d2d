/** The CLI as bin/scim-bridge.js runs it, over the TypeScript sources (bin/ needs a build): a real serve process for tests. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
