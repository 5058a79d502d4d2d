/**
 * `check` warns where a mapping that compiles would still hurt the application (issue 10 §3), on
 * every dialect, each warning shown by a mapping that makes exactly that mistake: a default written
 * into an identity-like column, a NOT NULL join-table column nothing fills, Users without a
 * userName, a per-user key taken for a scope, and bots served beside the people. The same
 * mistakes fixed give no warning.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { main } from '../../src/cli/main.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';
import { databaseYaml } from '../helpers/server.js';

async function schema(knex: Knex): Promise<void> {
  await knex.schema.createTable('profiles', (t) => { t.increments('id'); t.string('bio', 100); });
  await knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.string('login', 100).notNullable().unique();
    t.string('email', 100);
    t.string('kind', 10).notNullable();
    t.integer('profile_id').notNullable();
  });
  await knex.schema.createTable('teams', (t) => { t.increments('id'); t.string('name', 100).notNullable(); });
  await knex.schema.createTable('team_members', (t) => {
    t.integer('team_id').notNullable();
    t.integer('member_id').notNullable();
    t.dateTime('created_at').notNullable();
  });
  for (let i = 1; i <= 3; i++) await knex('profiles').insert({ bio: `p${i}` });
  await knex('members').insert([
    { login: 'ada', email: 'ada@example.com', kind: 'person', profile_id: 1 },
    { login: 'bot', email: null, kind: 'bot', profile_id: 2 },
    { login: 'bob', email: 'bob@example.com', kind: 'person', profile_id: 3 },
  ]);
}

/** The mistaken mapping, and the same with each mistake fixed. */
const MISTAKES = `resources:
  User:
    table: members
    scope: { profile_id: 1 }
    defaults: { login: $uuid }
    attributes:
      userName: email
  Group:
    table: teams
    attributes:
      displayName: name
      members: { through: team_members, group: team_id, member: member_id }
`;
const FIXED = `resources:
  User:
    table: members
    scope: { kind: person }
    defaults: { profile_id: 1 }
    attributes:
      userName: login
      emails[type eq "work"].value: email
  Group:
    table: teams
    attributes:
      displayName: name
      members: { through: team_members, group: team_id, member: member_id, defaults: { created_at: $now } }
`;

async function check(db: TestDb, resources: string): Promise<{ code: number; warnings: string[]; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-check-'));
  try {
    writeFileSync(join(dir, 'scim.yaml'), `${databaseYaml(db)}\nauth: { bearer: [ "check-warnings-token-0123456789" ] }\n${resources}`);
    let err = '';
    const io = { stdout: { write: () => {} }, stderr: { write: (t: string) => { err += t; } }, env: {}, cwd: dir };
    const code = await main(['check', '--config', 'scim.yaml', '--samples', '0'], io as never);
    return { code, warnings: err.split('\n').filter((l) => l.startsWith('warning')), err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: check warns where a mapping would hurt the application`, () => {
    test('each mistake is named, with its fix; the fixed mapping has no warning', async () => {
      const db = await createTestDb(dialect);
      try {
        await schema(db.knex);
        const { code, warnings } = await check(db, MISTAKES);
        assert.equal(code, 0, 'warnings do not fail check');
        const has = (pattern: RegExp) => assert.ok(warnings.some((w) => pattern.test(w)), `${pattern}\n${warnings.join('\n')}`);
        has(/defaults writes \$uuid into members\.login, which looks like an identity \(it is unique\)/);
        has(/writes to team_members \(members \(join table\)\) will fail: team_members\.created_at is NOT NULL/);
        has(/the scope \(profile_id\) matches 1 of the 3 rows of members/);
        const mixed = await check(db, MISTAKES.replace('scope: { profile_id: 1 }', 'scope: { kind: [person, bot] }'));
        assert.ok(mixed.warnings.some((w) => /1 of the 3 Users have no userName \(email is NULL or empty\)/.test(w)), mixed.warnings.join('\n'));
        assert.ok(mixed.warnings.some((w) => /members\.kind holds .*"person".*"bot"|members\.kind holds .*"bot".*"person"/.test(w)) === false,
          'kind is in the scope: what it lets through is the mapping\'s choice');
        const unscoped = await check(db, MISTAKES.replace('    scope: { profile_id: 1 }\n', ''));
        assert.ok(unscoped.warnings.some((w) => /members\.kind holds .*"(person|bot)".*"(person|bot)"/.test(w)), unscoped.err);
        assert.deepEqual((await check(db, FIXED)).warnings, []);
      } finally {
        await db.cleanup();
      }
    });
  });
}
