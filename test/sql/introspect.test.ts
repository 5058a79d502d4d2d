import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DbClient } from '../../src/config/raw-types.js';
import type { ColumnKind, DbColumn, DbIndex, DbSchema } from '../../src/mapping/db-schema.js';
import { introspect } from '../../src/sql/introspect.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';
import { createSmallSchema, hasNativeUuid } from '../fixtures/schemas/small.js';

/** How each dialect spells the types Knex created. */
const TYPES: Record<DbClient, Record<string, string>> = {
  sqlite: { serial: 'INTEGER', int: 'INTEGER', fkInt: 'INTEGER', bool: 'boolean', ts: 'datetime', text: 'TEXT', varchar: 'varchar' },
  postgres: { serial: 'integer', int: 'integer', fkInt: 'integer', bool: 'boolean', ts: 'timestamp with time zone', text: 'text', varchar: 'character varying' },
  mysql: { serial: 'int(10) unsigned', int: 'int(11)', fkInt: 'int(10) unsigned', bool: 'tinyint(1)', ts: 'timestamp', text: 'text', varchar: 'varchar' },
};

const INT64 = { min: '-9223372036854775808', max: '9223372036854775807' };
const INT32 = { min: '-2147483648', max: '2147483647' };
const UINT32 = { min: '0', max: '4294967295' };

/** The integer range of each type name in TYPES (SQLite integers are all 64-bit). */
const RANGES: Record<DbClient, Record<string, DbColumn['range']>> = {
  sqlite: { serial: INT64, int: INT64, fkInt: INT64 },
  postgres: { serial: INT32, int: INT32, fkInt: INT32 },
  mysql: { serial: UINT32, int: INT32, fkInt: UINT32 },
};

function plainIndex(name: string, unique: boolean, ...columns: string[]): DbIndex {
  return { name, unique, keys: columns.map((column) => ({ column })), partial: false };
}

function col(name: string, kind: ColumnKind, dataType: string, extra: Partial<DbColumn> = {}): DbColumn {
  return { name, kind, dataType, nullable: false, hasDefault: false, autoIncrement: false, ...extra };
}

function expectedSmallSchema(client: DbClient, nativeUuid: boolean): DbSchema {
  const t = TYPES[client];
  const ty = (k: string): string => t[k] ?? k;
  const varchar = (n: number): string => `${ty('varchar')}(${n})`;
  const range = (k: string): Partial<DbColumn> => ({ range: RANGES[client][k] });
  const serial = (name: string): DbColumn => col(name, 'integer', ty('serial'), { hasDefault: true, autoIncrement: true, ...range('serial') });
  const fkInt = (name: string): DbColumn => col(name, 'integer', ty('fkInt'), range('fkInt'));
  // MariaDB's default collation (utf8mb4_general_ci) folds case: text columns say so.
  const ci: Partial<DbColumn> = client === 'mysql' ? { foldsCase: true } : {};
  const uuidId = nativeUuid ? col('id', 'uuid', 'uuid') : col('id', 'string', 'char(36)', { maxLength: 36, ...ci });
  return {
    tables: [
      {
        name: 'devices',
        columns: [uuidId, col('label', 'string', varchar(50), { nullable: true, maxLength: 50, ...ci })],
        primaryKey: ['id'], uniques: [], foreignKeys: [], indexes: [],
      },
      {
        name: 'team_members',
        columns: [fkInt('team_id'), fkInt('user_id')],
        primaryKey: ['team_id', 'user_id'],
        uniques: [],
        foreignKeys: [
          { columns: ['team_id'], refTable: 'teams', refColumns: ['id'] },
          { columns: ['user_id'], refTable: 'users', refColumns: ['id'] },
        ],
        // InnoDB indexes every foreign key; user_id is not a prefix of the primary key.
        indexes: client === 'mysql' ? [plainIndex('team_members_user_id_foreign', false, 'user_id')] : [],
      },
      {
        name: 'teams',
        columns: [serial('id'), col('name', 'string', varchar(100), { maxLength: 100, ...ci })],
        primaryKey: ['id'], uniques: [], foreignKeys: [], indexes: [],
      },
      {
        name: 'users',
        columns: [
          serial('id'),
          col('email', 'string', varchar(255), { maxLength: 255, ...ci }),
          col('active', 'boolean', ty('bool'), { hasDefault: true }),
          col('created_at', 'dateTime', ty('ts')),
          col('bio', 'string', ty('text'), { nullable: true, ...ci }),
        ],
        primaryKey: ['id'], uniques: [['email']], foreignKeys: [], indexes: [plainIndex('users_email_unique', true, 'email')],
      },
    ],
  };
}

async function withDb(client: DbClient, fn: (db: TestDb) => Promise<void>): Promise<void> {
  const db = await createTestDb(client);
  try { await fn(db); } finally { await db.cleanup(); }
}

for (const dialect of DIALECTS) {
  describe(`introspect (${dialect})`, () => {
    test('reads the small schema exactly; views and knex_migrations are left out', () => withDb(dialect, async (db) => {
      await createSmallSchema(db.knex, dialect);
      await db.knex.raw('create view active_users as select id, email from users');
      await db.knex.schema.createTable('knex_migrations', (t) => { t.increments('id'); t.string('name'); });
      const schema = await introspect(db.knex, dialect);
      assert.deepEqual(schema, expectedSmallSchema(dialect, await hasNativeUuid(db.knex, dialect)));
    }));

    test('`tables` narrows the result and keeps name order', () => withDb(dialect, async (db) => {
      await createSmallSchema(db.knex, dialect);
      const schema = await introspect(db.knex, dialect, { tables: ['users', 'teams', 'nope'] });
      assert.deepEqual(schema.tables.map((t) => t.name), ['teams', 'users']);
    }));

    test('composite uniques keep column order; a unique on the primary key is not repeated', () => withDb(dialect, async (db) => {
      await db.knex.schema.createTable('memberships', (t) => {
        t.integer('account_id').notNullable();
        t.string('login', 40).notNullable();
        t.integer('id').notNullable().primary();
        t.unique(['login', 'account_id']);
        t.unique(['id']);
      });
      const [table] = (await introspect(db.knex, dialect)).tables;
      assert.deepEqual(table?.primaryKey, ['id']);
      assert.deepEqual(table?.uniques, [['login', 'account_id']]);
      // In SQLite an INTEGER PRIMARY KEY is the rowid: it is assigned when omitted.
      assert.equal(table?.columns.find((c) => c.name === 'id')?.autoIncrement, dialect === 'sqlite');
    }));
  });
}

if (DIALECTS.includes('sqlite')) {
  describe('introspect (sqlite specifics)', () => {
    test('UNIQUE constraints, INTEGER PRIMARY KEY, bare REFERENCES, partial indexes, affinity', () => withDb('sqlite', async (db) => {
      await db.knex.raw(`create table orgs (id integer primary key, slug text not null unique, created timestamp default current_timestamp)`);
      await db.knex.raw(`create table people (
          pid bigint primary key, org_id integer references orgs, ok bool, price numeric(10,2), data json, pic blob,
          born date, nick varchar(20), unique (org_id, nick))`);
      await db.knex.raw('create unique index people_nick_live on people (nick) where ok');
      const [orgs, people] = (await introspect(db.knex, 'sqlite')).tables;
      assert.deepEqual(orgs?.columns.map((c) => [c.name, c.kind, c.autoIncrement, c.nullable, c.hasDefault]), [
        ['id', 'integer', true, false, true], ['slug', 'string', false, false, false], ['created', 'dateTime', false, true, true],
      ]);
      assert.deepEqual(orgs?.uniques, [['slug']]);
      assert.deepEqual(people?.columns.map((c) => c.kind), ['integer', 'integer', 'boolean', 'decimal', 'json', 'binary', 'date', 'string']);
      assert.equal(people?.columns[0]?.autoIncrement, false, 'BIGINT PRIMARY KEY is not a rowid alias');
      assert.deepEqual(people?.uniques, [['org_id', 'nick']]);
      assert.deepEqual(people?.foreignKeys, [{ columns: ['org_id'], refTable: 'orgs', refColumns: ['id'] }]);
    }));
  });
}

if (DIALECTS.includes('postgres')) {
  describe('introspect (postgres specifics)', () => {
    test('enums are strings, identity is autoIncrement, options.schema reads another schema', () => withDb('postgres', async (db) => {
      await db.knex.raw(`create type user_status as enum ('active', 'inactive')`);
      await db.knex.raw(`create table accounts (
          id bigint generated always as identity primary key, status user_status not null default 'active',
          handle varchar(30) not null, score double precision, props jsonb, avatar bytea, born date, tags text[])`);
      await db.knex.raw('create unique index accounts_handle_lower on accounts (lower(handle))');
      const [accounts] = (await introspect(db.knex, 'postgres')).tables;
      assert.deepEqual(accounts?.columns.map((c) => [c.name, c.kind, c.autoIncrement, c.hasDefault]), [
        ['id', 'integer', true, true], ['status', 'string', false, true], ['handle', 'string', false, false],
        ['score', 'decimal', false, false], ['props', 'json', false, false], ['avatar', 'binary', false, false],
        ['born', 'date', false, false], ['tags', 'other', false, false],
      ]);
      assert.deepEqual(accounts?.uniques, [], 'an expression index does not make a column unique');
      const schemaName = db.settings.schema ?? '';
      const other = await createTestDb('postgres');
      try {
        const viaOption = await introspect(other.knex, 'postgres', { schema: schemaName });
        assert.deepEqual(viaOption.tables.map((t) => t.name), ['accounts']);
      } finally { await other.cleanup(); }
    }));
  });
}

if (DIALECTS.includes('mysql')) {
  describe('introspect (mysql specifics)', () => {
    test('tinyint(1) is boolean, wider tinyint is integer, enum is string', () => withDb('mysql', async (db) => {
      await db.knex.raw(`create table flags (
          id bigint not null auto_increment primary key, on_off tinyint(1), level tinyint(4), kind enum('a','b') not null,
          amount decimal(10,2), seen datetime null, note varchar(10) default 'x')`);
      const [flags] = (await introspect(db.knex, 'mysql')).tables;
      assert.deepEqual(flags?.columns.map((c) => [c.name, c.kind, c.autoIncrement, c.nullable, c.hasDefault]), [
        ['id', 'integer', true, false, true], ['on_off', 'boolean', false, true, false], ['level', 'integer', false, true, false],
        ['kind', 'string', false, false, false], ['amount', 'decimal', false, true, false], ['seen', 'dateTime', false, true, false],
        ['note', 'string', false, true, true],
      ]);
    }));
  });
}
