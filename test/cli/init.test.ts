import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { parse } from 'yaml';
import type { Io } from '../../src/cli/command.js';
import { initCommand } from '../../src/cli/init.js';
import { parseConfigText } from '../../src/config/load.js';
import { compileMapping } from '../../src/mapping/compile.js';
import { introspect } from '../../src/sql/introspect.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';
import { RAILS_TABLES, createRailsSchema } from '../fixtures/schemas/rails.js';
import { createDemoDatabase } from '../fixtures/schemas/demo.js';

interface Captured { io: Io; out: () => string; err: () => string }

function captureIo(cwd = process.cwd(), env: Record<string, string> = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => { out += t; } }, stderr: { write: (t: string) => { err += t; } }, env, cwd },
    out: () => out,
    err: () => err,
  };
}

/** The database's tables (as DbSchema) and row counts: what "unchanged" means here. */
async function snapshot(db: TestDb): Promise<{ schema: unknown; counts: Record<string, number> }> {
  const schema = await introspect(db.knex, db.client);
  const counts: Record<string, number> = {};
  for (const t of schema.tables) counts[t.name] = Number((await db.knex(t.name).count({ n: '*' }))[0]?.['n']);
  return { schema, counts };
}

function dbArgs(db: TestDb): string[] {
  return ['--db', db.settings.connection, ...(db.settings.schema !== undefined ? ['--schema', db.settings.schema] : [])];
}

async function withRails(dialect: TestDb['client'], fn: (db: TestDb) => Promise<void>): Promise<void> {
  const db = await createTestDb(dialect);
  try { await createRailsSchema(db.knex); await fn(db); } finally { await db.cleanup(); }
}

for (const dialect of DIALECTS) {
  describe(`init on a Rails-style database (${dialect})`, () => {
    test('writes a YAML mapping of users and teams and leaves the database unchanged', () => withRails(dialect, async (db) => {
      const before = await snapshot(db);
      assert.deepEqual(Object.keys(before.counts), [...RAILS_TABLES]);
      const cap = captureIo();
      const code = await initCommand.run(dbArgs(db), cap.io);
      assert.equal(code, 0, cap.err());
      const config = parse(cap.out());
      assert.equal(config.database.client, dialect);
      assert.deepEqual(config.auth, { bearer: ['${SCIM_TOKEN}'] });
      const user = config.resources.User;
      assert.equal(user.table, 'users');
      assert.equal(user.id, 'id');
      assert.deepEqual(user.delete, { soft: 'deleted_at' });
      assert.deepEqual(user.attributes.userName, { column: 'email', required: true });
      assert.equal(user.attributes['emails[type eq "work"].value'], 'email');
      assert.equal(user.attributes['name.givenName'], 'first_name');
      assert.equal(user.attributes.active, 'active');
      assert.equal(user.attributes['meta.lastModified'], 'updated_at');
      assert.equal(user.attributes['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'], 'department');
      assert.ok(!JSON.stringify(config).includes('password'), 'no credential column is mapped');
      assert.deepEqual(config.resources.Group, {
        table: 'teams', id: 'id', derived: { slug: { from: 'displayName', transform: 'slug' } },
        attributes: {
          displayName: { column: 'name', required: true }, 'meta.created': 'created_at', 'meta.lastModified': 'updated_at',
          members: { through: 'team_memberships', group: 'team_id', member: 'user_id' },
        },
      });
      assert.deepEqual(user.attributes.groups, { through: 'team_memberships', group: 'team_id', member: 'user_id' });
      assert.match(cap.out(), /# "\?": sign_in_count/);
      assert.equal(cap.err(), 'mapped 11 columns of users to User (+ groups through team_memberships), 5 of teams to Group (+ members through team_memberships); 3 columns left as comments\n');
      assert.deepEqual(await snapshot(db), before);
    }));

    test('the YAML it writes loads and compiles against the same database (init → check round trip)', () => withRails(dialect, async (db) => {
      const cap = captureIo();
      assert.equal(await initCommand.run(dbArgs(db), cap.io), 0, cap.err());
      const loaded = parseConfigText(cap.out(), join(process.cwd(), 'scim.yaml'), { SCIM_TOKEN: 'x'.repeat(32) });
      const mapping = compileMapping(loaded, await introspect(db.knex, dialect));
      assert.equal(mapping.resources.length, 2);
    }));

    test('on the demo database: status values read from the rows, manager, phones and groups; the database unchanged', async () => {
      const db = await createTestDb(dialect);
      try {
        await createDemoDatabase(db.knex, dialect);
        const before = await snapshot(db);
        const cap = captureIo();
        assert.equal(await initCommand.run(dbArgs(db), cap.io), 0, cap.err());
        const user = parse(cap.out()).resources.User;
        assert.deepEqual(user.attributes.active, { column: 'status', map: { true: 'active', false: 'deprovisioned' } });
        assert.match(cap.out(), /# status is a status \(values in the data: active, deprovisioned; deactivating writes deprovisioned\)/);
        assert.equal(user.attributes['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'], 'manager_id');
        assert.deepEqual(user.attributes.phoneNumbers, { table: 'user_phones', key: 'user_id', fields: { value: 'number', type: 'kind', primary: 'is_primary' } });
        assert.deepEqual(user.attributes.groups, { through: 'team_members', group: 'team_id', member: 'user_id' });
        assert.deepEqual(await snapshot(db), before);
      } finally { await db.cleanup(); }
    });

    test('--tables narrows; an unknown table is an error', () => withRails(dialect, async (db) => {
      const only = captureIo();
      assert.equal(await initCommand.run([...dbArgs(db), '--tables', 'users'], only.io), 0, only.err());
      assert.equal(parse(only.out()).resources.Group, undefined);
      const bad = captureIo();
      assert.equal(await initCommand.run([...dbArgs(db), '--tables', 'users,nope'], bad.io), 1);
      assert.match(bad.err(), /--tables: no table named nope/);
      assert.equal(bad.out(), '');
    }));
  });
}

describe('init: files, flags and failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-init-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('--out writes the file with the SQLite path relative to it, and refuses to overwrite without --force', () => withRails('sqlite', async (db) => {
    const cap = captureIo(dir);
    assert.equal(await initCommand.run(['--db', db.settings.connection, '--out', 'scim.yaml'], cap.io), 0, cap.err());
    const file = join(dir, 'scim.yaml');
    assert.equal(cap.out(), '');
    assert.match(cap.err(), /; wrote scim\.yaml\n$/);
    assert.equal(parse(readFileSync(file, 'utf8')).resources.User.table, 'users');
    writeFileSync(file, 'mine');
    const again = captureIo(dir);
    assert.equal(await initCommand.run(['--db', db.settings.connection, '--out', 'scim.yaml'], again.io), 1);
    assert.match(again.err(), /exists; pass --force/);
    assert.equal(readFileSync(file, 'utf8'), 'mine');
    assert.equal(await initCommand.run(['--db', db.settings.connection, '--out', 'scim.yaml', '--force'], captureIo(dir).io), 0);
    assert.notEqual(readFileSync(file, 'utf8'), 'mine');
  }));

  test('a missing SQLite file is an error and is not created', async () => {
    const cap = captureIo(dir);
    assert.equal(await initCommand.run(['--db', 'missing.sqlite'], cap.io), 1);
    assert.match(cap.err(), /missing\.sqlite: no such SQLite file/);
    assert.equal(existsSync(join(dir, 'missing.sqlite')), false);
  });

  test('bad flags print the usage and exit 2; --help exits 0', async () => {
    for (const args of [[], ['--db'], ['--db', 'x.sqlite', '--bogus'], ['--db', 'oracle://h/db'], ['--db', 'x', '--force'], ['--db', 'x.sqlite', '--schema', 'public']]) {
      const cap = captureIo(dir);
      assert.equal(await initCommand.run(args, cap.io), 2, `args ${args.join(' ')}`);
      assert.match(cap.err(), /usage: scim-bridge init --db/);
    }
    const help = captureIo(dir);
    assert.equal(await initCommand.run(['--help'], help.io), 0);
    assert.match(help.out(), /examples:/);
  });

  test('DATABASE_URL is the default --db and stays a variable in the file', () => withRails('sqlite', async (db) => {
    const cap = captureIo(dir, { DATABASE_URL: db.settings.connection });
    assert.equal(await initCommand.run([], cap.io), 0, cap.err());
    assert.equal(parse(cap.out()).database.connection, '${DATABASE_URL}');
  }));

  test('a database without tables, or without a users-like table, is an error', async () => {
    const db = await createTestDb('sqlite');
    try {
      await db.knex.raw('select 1');
      const empty = captureIo(dir);
      assert.equal(await initCommand.run(['--db', db.settings.connection], empty.io), 1);
      assert.match(empty.err(), /no tables in/);
      await db.knex.schema.createTable('orders', (t: Knex.CreateTableBuilder) => { t.increments('id'); t.integer('total'); });
      const noUsers = captureIo(dir);
      assert.equal(await initCommand.run(['--db', db.settings.connection], noUsers.io), 1);
      assert.match(noUsers.err(), /no users-like table .* among: orders/);
    } finally { await db.cleanup(); }
  });

  if (DIALECTS.includes('postgres')) {
    test('an unreachable server is exit 1 and the password is never echoed', async () => {
      const cap = captureIo(dir);
      assert.equal(await initCommand.run(['--db', 'postgres://app:hunter2@127.0.0.1:1/app'], cap.io), 1);
      assert.match(cap.err(), /cannot read the database at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
      assert.doesNotMatch(cap.err() + cap.out(), /hunter2/);
    });
  }
});

/**
 * A schema shaped like the ones issue 10 lists (no application's real one): tables with an `xx_`
 * prefix, a realm tenant, a service-account flag, a lower-cased login copy, a membership table
 * without foreign keys and with NOT NULL timestamps, an emails table without a foreign key.
 */
async function createPrefixedSchema(knex: Knex): Promise<void> {
  await knex.schema.createTable('xx_realm', (t) => { t.string('id', 36).primary(); t.string('name', 100).notNullable(); });
  await knex.schema.createTable('xx_user', (t) => {
    t.string('id', 36).primary();
    t.string('realm_id', 36).notNullable();
    t.string('username', 255).notNullable();
    t.string('username_lower', 255).notNullable();
    t.string('first_name', 255);
    t.string('surname', 255);
    t.string('pwd_hash', 255);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('service_account_client_link', 36);
    t.bigInteger('created_timestamp');
    t.unique(['realm_id', 'username']);
  });
  await knex.schema.createTable('xx_group', (t) => { t.string('id', 36).primary(); t.string('realm_id', 36).notNullable(); t.string('name', 255).notNullable(); });
  await knex.schema.createTable('xx_user_group_membership', (t) => {
    t.string('group_id', 36).notNullable(); t.string('user_id', 36).notNullable();
    t.datetime('created_at').notNullable(); t.datetime('updated_at').notNullable(); t.primary(['group_id', 'user_id']);
  });
  await knex.schema.createTable('xx_user_email', (t) => {
    t.increments('id'); t.string('user_id', 36).notNullable(); t.string('email', 255).notNullable();
    t.string('lower_email', 255).notNullable(); t.boolean('is_primary').notNullable(); t.datetime('created_at').notNullable();
  });
  await knex('xx_realm').insert([{ id: 'r1', name: 'main' }, { id: 'r2', name: 'other' }]);
  const user = (id: string, realm: string, username: string, link: string | null = null) =>
    ({ id, realm_id: realm, username, username_lower: username.toLowerCase(), enabled: true, service_account_client_link: link, created_timestamp: 1700000000000 });
  await knex('xx_user').insert([user('u1', 'r1', 'Ada'), user('u2', 'r1', 'Alan'), user('u3', 'r2', 'Grace'), user('u4', 'r1', 'service-account-ci', 'c1')]);
  await knex('xx_group').insert({ id: 'g1', realm_id: 'r1', name: 'Engineering' });
  await knex('xx_user_group_membership').insert({ group_id: 'g1', user_id: 'u1', created_at: new Date(), updated_at: new Date() });
}

describe('init on a prefixed schema with a realm, a service account and no foreign keys (sqlite)', () => {
  test('finds xx_user, scopes by realm and away from service accounts, derives the lower-cased login, finds groups and emails; the YAML validates', async () => {
    const db = await createTestDb('sqlite');
    try {
      await createPrefixedSchema(db.knex);
      const cap = captureIo();
      assert.equal(await initCommand.run(dbArgs(db), cap.io), 0, cap.err());
      const config = parse(cap.out());
      const user = config.resources.User;
      assert.equal(user.table, 'xx_user');
      assert.deepEqual(user.scope, { realm_id: '$tenant', service_account_client_link: null });
      assert.deepEqual(user.derived, { username_lower: { from: 'userName', transform: 'lower' } });
      assert.deepEqual(user.attributes.userName, { column: 'username', required: true });
      assert.deepEqual(user.attributes['meta.created'], { column: 'created_timestamp', epoch: 'milliseconds' });
      assert.equal(user.attributes['name.familyName'], 'surname');
      assert.match(cap.out(), /not mapped: credential .*: pwd_hash/);
      assert.deepEqual(user.attributes.emails, {
        table: 'xx_user_email', key: 'user_id', fields: { value: 'email', primary: 'is_primary' },
        defaults: { created_at: '$now' }, derived: { lower_email: { from: 'value', transform: 'lower' } },
      });
      assert.deepEqual(config.resources.Group.attributes.members, {
        through: 'xx_user_group_membership', group: 'group_id', member: 'user_id', defaults: { created_at: '$now', updated_at: '$now' },
      });
      assert.deepEqual(config.resources.Group.scope, { realm_id: '$tenant' });
      // The IdP's credential is bound to the realm the environment names (auth.tenants).
      assert.deepEqual(config.auth, { tenants: [{ bearer: '${SCIM_TOKEN}', tenant: '${SCIM_REALM_ID}' }] });
      assert.doesNotMatch(cap.out(), /\$uuid/);
      parseConfigText(cap.out(), join(process.cwd(), 'scim.yaml'), { SCIM_TOKEN: 'x'.repeat(32), SCIM_REALM_ID: 'r1' });
    } finally { await db.cleanup(); }
  });

  test('--users and --groups choose; an unknown one is an error', async () => {
    const db = await createTestDb('sqlite');
    try {
      await createPrefixedSchema(db.knex);
      const chosen = captureIo();
      assert.equal(await initCommand.run([...dbArgs(db), '--users', 'xx_user', '--groups', 'xx_realm'], chosen.io), 0, chosen.err());
      assert.equal(parse(chosen.out()).resources.Group.table, 'xx_realm');
      const bad = captureIo();
      assert.equal(await initCommand.run([...dbArgs(db), '--users', 'nobody'], bad.io), 1);
      assert.match(bad.err(), /--users: no table named nobody/);
    } finally { await db.cleanup(); }
  });
});
