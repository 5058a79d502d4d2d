/** The CLI as a function from argv to an exit code: --help, --version, unknown verbs, bad flags, check's failures. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/sql/connect.js';

function run(argv: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { stdout: { write: (t: string) => { out += t; } }, stderr: { write: (t: string) => { err += t; } }, env, cwd };
  return main(argv, io).then((code) => ({ code, out, err }));
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('main: help, version, usage errors', () => {
  test('--version and -v print the package version', async () => {
    for (const flag of ['--version', '-v']) assert.deepEqual(await run([flag]), { code: 0, out: `${VERSION}\n`, err: '' });
  });

  test('--help lists every verb and the exit codes; no arguments is a usage error on stderr', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    for (const verb of ['serve', 'init', 'check', 'demo']) assert.match(help.out, new RegExp(`^  ${verb} `, 'm'));
    assert.match(help.out, /exit codes: 0 ok, 1 .*, 2 /);
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.equal(none.out, '');
    assert.match(none.err, /usage: scim-bridge/);
  });

  test('every verb has --help with examples, on stdout, exit 0', async () => {
    for (const verb of ['serve', 'init', 'check', 'demo']) {
      const r = await run([verb, '--help']);
      assert.equal(r.code, 0, verb);
      assert.match(r.out, new RegExp(`usage: scim-bridge (\\[serve\\]|${verb})`), verb);
      assert.match(r.out, /examples:\n {2}\S/, verb);
      assert.equal(r.err, '');
    }
  });

  test('an unknown verb is exit 2 with the help on stderr', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command "frobnicate"/);
    assert.equal(r.out, '');
  });

  test('bad flags are exit 2 with the usage on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [['check'], /--config is required/],
      [['check', '--config', 'x.yaml', '--bogus'], /Unknown option '--bogus'/],
      [['check', '--config', 'x.yaml', '--simulate', 'onelogin'], /--simulate must be one of okta, entra/],
      [['check', '--config', 'x.yaml', '--samples', 'many'], /--samples must be a whole number/],
      [['serve', '--port', 'x', '--config', 'x.yaml'], /--port must be a port number/],
      [['serve', '--nope'], /Unknown option '--nope'/],
      [['init', '--db'], /usage: scim-bridge init/],
      [['demo', 'extra'], /unexpected argument extra/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message, argv.join(' '));
      assert.equal(r.out, '', argv.join(' '));
    }
  });
});

describe('check: config problems are exit 1 with file:line:column and a fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-check-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file', async () => {
    const r = await run(['check', '--config', 'nope.yaml'], {}, dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /nope\.yaml:1:1: .*does not exist/);
    assert.equal(r.out, '');
  });

  test('an unset variable and an unknown table, each at its line', async () => {
    const knex = openDatabase({ client: 'sqlite', connection: join(dir, 'db.sqlite') });
    await knex.schema.createTable('people', (t) => { t.increments('id'); t.string('email'); });
    await knex.destroy();
    writeFileSync(join(dir, 'bad.yaml'), [
      'database:', '  client: sqlite', `  connection: ${join(dir, 'db.sqlite')}`,
      'auth:', '  bearer: [ "${SCIM_TOKEN}" ]',
      'resources:', '  User:', '    table: users', '    attributes:', '      userName: email', '',
    ].join('\n'));
    const unset = await run(['check', '--config', 'bad.yaml'], {}, dir);
    assert.equal(unset.code, 1);
    assert.match(unset.err, /bad\.yaml:5:\d+: .*SCIM_TOKEN is not set/);
    const noTable = await run(['check', '--config', 'bad.yaml'], { SCIM_TOKEN: 'a-long-enough-token-123' }, dir);
    assert.equal(noTable.code, 1);
    assert.match(noTable.err, /bad\.yaml:8:\d+: .*users/);
    assert.doesNotMatch(noTable.err, /\u001b\[/, 'no colour when stderr is not a terminal');
  });
});
