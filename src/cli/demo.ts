/**
 * `scim-bridge demo`: creates and seeds config/demo.sqlite when it is absent (an app's users
 * table, columns named nothing like SCIM; built atomically, see demo-database.ts), then serves
 * config/demo.yaml.
 */
import { fileURLToPath } from 'node:url';
import { EXIT, type Command } from './command.js';
import { ensureDemoDatabase } from './demo-database.js';
import { serve } from './serve.js';

const CONFIG = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));
const DATABASE = fileURLToPath(new URL('../../config/demo.sqlite', import.meta.url));

export const demoCommand: Command = {
  name: 'demo',
  summary: 'serve the demo config over an embedded SQLite database (created on first run)',
  help: `usage: scim-bridge demo [--port N]

Creates config/demo.sqlite (users, user_phones, teams, team_members: 25 people in 4 teams) if it does not exist, then serves
config/demo.yaml. The bearer token is $SCIM_TOKEN, or the demo token printed at start.

examples:
  npm run demo
  PORT=9000 SCIM_TOKEN=my-long-local-token npx scim-bridge demo
`,
  async run(args, io) {
    if (args.length > 0) { io.stderr.write(`unexpected argument ${args[0]}; set PORT to change the port\n`); return EXIT.usage; }
    if (await ensureDemoDatabase(DATABASE)) io.stderr.write(`created ${DATABASE}: 25 users in 4 teams\n`);
    const token = io.env['SCIM_TOKEN'] ?? 'demo-token-0123456789abcdef';
    return serve(CONFIG, io, { insecureNoAuth: false, banner: `  demo token: ${token}\n  try: curl -H "Authorization: Bearer ${token}" '${'http://127.0.0.1:'}${io.env['PORT'] ?? '8080'}/scim/v2/Users?count=2'\n` });
  },
};
