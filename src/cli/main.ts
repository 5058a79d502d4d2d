/** argv → verb → exit code. Nothing below calls process.exit; bin/ sets process.exitCode. */
import { readFileSync } from 'node:fs';
import { checkCommand } from './check.js';
import { EXIT, type Command, type Io } from './command.js';
import { demoCommand } from './demo.js';
import { initCommand } from './init.js';
import { serveCommand } from './serve.js';

const COMMANDS: readonly Command[] = [serveCommand, initCommand, checkCommand, demoCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function topHelp(): string {
  return `scim-bridge ${version()}: a SCIM 2.0 server over your existing SQL tables

usage: scim-bridge [serve] --config FILE
       scim-bridge <command> [options]    (scim-bridge <command> --help for more)

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

exit codes: 0 ok, 1 a check failed (config, database), 2 the command line was wrong
`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') { io.stdout.write(`${version()}\n`); return EXIT.ok; }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout).write(topHelp());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const named = COMMANDS.find((c) => c.name === first);
  const command = named ?? (first.startsWith('-') ? serveCommand : undefined);
  if (!command) { io.stderr.write(`unknown command "${first}"\n\n${topHelp()}`); return EXIT.usage; }
  const args = named ? rest : argv;
  if (args.includes('--help') || args.includes('-h')) { io.stdout.write(command.help); return EXIT.ok; }
  return command.run(args, io);
}
