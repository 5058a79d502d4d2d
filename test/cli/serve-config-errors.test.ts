/**
 * A bad config stops the server before it listens, with one message per problem naming
 * file:line:column and the fix. Runs the real CLI entry (main) against a real SQLite file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/sql/connect.js';
import { createAppUsers } from '../fixtures/app-users.js';

async function runServe(yaml: string, env: Record<string, string> = {}): Promise<{ code: number; stderr: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-config-'));
  try {
    const knex = openDatabase({ client: 'sqlite', connection: join(dir, 'app.sqlite') });
    await createAppUsers(knex);
    await knex.destroy();
    const file = join(dir, 'scim.yaml');
    writeFileSync(file, yaml);
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => { stderr += s; return true; } }, env, cwd: dir };
    const code = await main(['--config', file], io);
    return { code, stderr, file };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = (attributes: string, extra = '') => `database:
  client: sqlite
  connection: ./app.sqlite
server:
  port: 0
auth:
  bearer: [ "\${SCIM_TOKEN}" ]
${extra}resources:
  User:
    table: app_users
    attributes:
${attributes}`;

const ENV = { SCIM_TOKEN: 'a-token-that-is-long-enough' };

/** Each bad config: the line:column it must point at, and what the message must say. */
const CASES: { name: string; yaml: string; env?: Record<string, string>; at: string; says: RegExp[] }[] = [
  {
    name: 'an unknown key, with a did-you-mean',
    yaml: BASE('      userName: { colum: email }\n'),
    at: ':12:19', says: [/unknown key "colum"/, /did you mean "column"\?/],
  },
  {
    name: 'a path that is not a SCIM attribute',
    yaml: BASE('      userName: email\n      nme.givenName: first_name\n'),
    at: ':13:7', says: [/"nme.givenName" is not an attribute of the User schema/, /did you mean "name"\?/],
  },
  {
    name: 'a missing environment variable',
    yaml: BASE('      userName: email\n'), env: {},
    at: ':7:13', says: [/SCIM_TOKEN is not set/, /export SCIM_TOKEN/],
  },
  {
    name: 'a column that does not exist in the live table',
    yaml: BASE('      userName: email\n      name.givenName: firstname\n'),
    at: ':13:23', says: [/column "firstname" does not exist in table "app_users"/, /did you mean "first_name"\?/],
  },
  {
    name: 'a map that is not a bijection for a writable attribute',
    yaml: BASE('      userName: email\n      active: { column: status, map: { true: active, false: active } }\n'),
    at: ':13:38', says: [/not a bijection/, /both map to "active"/],
  },
  {
    name: 'a table that does not exist',
    yaml: BASE('      userName: email\n').replace('table: app_users', 'table: app_user'),
    at: ':10:12', says: [/table "app_user" does not exist/, /did you mean "app_users"\?/],
  },
];

for (const c of CASES) {
  test(`bad config: ${c.name} → file:line:column and a fix; the server does not start`, async () => {
    const { code, stderr, file } = await runServe(c.yaml, c.env ?? ENV);
    assert.equal(code, 1, stderr);
    assert.ok(stderr.includes(`${file}${c.at}`), `expected ${file}${c.at} in:\n${stderr}`);
    for (const pattern of c.says) assert.match(stderr, pattern);
    assert.match(stderr, /fix: /);
    assert.match(stderr, /the server did not start/);
  });
}
