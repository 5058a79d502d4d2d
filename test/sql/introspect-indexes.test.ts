/**
 * What introspection reports beyond keys: every index (expression, fold, composite, partial,
 * plain), generated columns, comments, allowed values (enum, CHECK IN) and integer ranges, on
 * one `accounts` table written in each dialect's own DDL.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import type { DbClient } from '../../src/config/raw-types.js';
import type { DbColumn, DbIndex, DbTable } from '../../src/mapping/db-schema.js';
import { introspect } from '../../src/sql/introspect.js';
import { checkInList, expressionKey } from '../../src/sql/introspect-common.js';
import { checkClauses, parseCreateIndex } from '../../src/sql/introspect-sqlite.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';

const INT16 = { min: '-32768', max: '32767' };
const INT32 = { min: '-2147483648', max: '2147483647' };
const INT64 = { min: '-9223372036854775808', max: '9223372036854775807' };
const UINT32 = { min: '0', max: '4294967295' };
const UINT64 = { min: '0', max: '18446744073709551615' };

const POSTGRES_DDL = [
  `create type account_kind as enum ('person', 'robot')`,
  `create table accounts (
     id serial primary key,
     tenant_id integer not null,
     username varchar(40) not null,
     email varchar(100) not null,
     email_lower text generated always as (lower(email)) stored,
     status varchar(20) not null check (status in ('active', 'suspended', 'deleted')),
     old_status varchar(20) check (old_status in ('x', 'y')),
     tier varchar(10) check (tier in ('gold')),
     kind account_kind,
     level smallint,
     big bigint,
     deleted_at timestamptz,
     unique (tenant_id, username))`,
  'create unique index accounts_email_lower on accounts (lower(email))',
  'create unique index accounts_email_live on accounts (email) where deleted_at is null',
  'create index accounts_status on accounts (status)',
  'create index accounts_pair on accounts ((username || email))',
  `comment on table accounts is 'Sign-in accounts'`,
  `comment on column accounts.username is 'Login name'`,
];

const SQLITE_DDL = [
  `create table accounts (
     id integer primary key,
     tenant_id integer not null,
     username varchar(40) not null,
     email varchar(100) not null,
     email_lower text generated always as (lower(email)) virtual,
     status varchar(20) not null check (status in ('active', 'suspended', 'deleted')),
     old_status varchar(20) check (old_status in ('x', 'y')),
     tier varchar(10),
     kind text,
     level smallint,
     big bigint,
     deleted_at datetime,
     unique (tenant_id, username),
     check (tier in ('gold')),
     constraint kinds check (kind in ('person', 'robot')))`,
  'create unique index accounts_email_lower on accounts (lower(email) collate nocase desc)',
  'create unique index accounts_email_live on accounts (email) where deleted_at is null',
  'create index accounts_status on accounts (status)',
  'create index accounts_pair on accounts ((username || email))',
];

/** MariaDB cannot index lower(email) itself: a generated column carries it, and its index is plain. */
function mysqlDdl(mariaDb: boolean): string[] {
  return [
    `create table accounts (
       id int unsigned not null auto_increment primary key,
       tenant_id int not null,
       username varchar(40) not null comment 'Login name',
       email varchar(100) not null,
       email_lower varchar(100) as (lower(email)) stored,
       status varchar(20) not null check (status in ('active', 'suspended', 'deleted')),
       old_status varchar(20) check (old_status in ('x', 'y')),
       tier varchar(10) check (tier in ('gold')),
       kind enum('person', 'robot'),
       level smallint,
       big bigint unsigned,
       deleted_at datetime null,
       unique key accounts_tenant_username (tenant_id, username),
       ${mariaDb ? 'unique key accounts_email_lower (email_lower)' : 'unique key accounts_email_lower ((lower(email)))'},
       key accounts_status (status)
     ) comment 'Sign-in accounts'`,
  ];
}

/** A second table with a `status` CHECK of its own (MariaDB names both constraints `status`). */
const AUDIT_DDL = `create table audit (id integer primary key, status varchar(10) check (status in ('q')))`;

async function isMariaDb(knex: Knex): Promise<boolean> {
  const [rows] = (await knex.raw('select version() as v')) as [{ v: string }[]];
  return /mariadb/i.test(rows[0]?.v ?? '');
}

async function createAccounts(db: TestDb): Promise<{ mariaDb: boolean }> {
  const mariaDb = db.client === 'mysql' && (await isMariaDb(db.knex));
  const ddl = db.client === 'postgres' ? POSTGRES_DDL : db.client === 'sqlite' ? SQLITE_DDL : mysqlDdl(mariaDb);
  for (const statement of [...ddl, AUDIT_DDL]) await db.knex.raw(statement);
  return { mariaDb };
}

function plain(name: string, unique: boolean, ...columns: string[]): DbIndex {
  return { name, unique, keys: columns.map((column) => ({ column })), partial: false };
}

function expectedIndexes(client: DbClient, mariaDb: boolean): DbIndex[] {
  const foldEmail = (expression: string): DbIndex =>
    ({ name: 'accounts_email_lower', unique: true, keys: [{ column: 'email', fold: 'lower', expression }], partial: false });
  const live = (where: string): DbIndex => ({ name: 'accounts_email_live', unique: true, keys: [{ column: 'email' }], partial: true, where });
  const pair = (expression: string): DbIndex => ({ name: 'accounts_pair', unique: false, keys: [{ expression }], partial: false });
  switch (client) {
    case 'postgres': return [
      live('deleted_at IS NULL'), foldEmail('lower(email::text)'), pair('(username::text || email::text)'),
      plain('accounts_status', false, 'status'), plain('accounts_tenant_id_username_key', true, 'tenant_id', 'username'),
    ];
    case 'sqlite': return [
      live('deleted_at is null'), foldEmail('lower(email)'), pair('(username || email)'),
      plain('accounts_status', false, 'status'), plain('sqlite_autoindex_accounts_1', true, 'tenant_id', 'username'),
    ];
    case 'mysql': return [
      mariaDb ? plain('accounts_email_lower', true, 'email_lower') : foldEmail('lower(`email`)'),
      plain('accounts_status', false, 'status'), plain('accounts_tenant_username', true, 'tenant_id', 'username'),
    ];
  }
}

async function withAccounts(client: DbClient, fn: (accounts: DbTable, audit: DbTable, mariaDb: boolean) => void): Promise<void> {
  const db = await createTestDb(client);
  try {
    const { mariaDb } = await createAccounts(db);
    const { tables } = await introspect(db.knex, client);
    const [accounts, audit] = tables;
    assert.deepEqual(tables.map((t) => t.name), ['accounts', 'audit']);
    fn(accounts as DbTable, audit as DbTable, mariaDb);
  } finally { await db.cleanup(); }
}

function column(table: DbTable, name: string): DbColumn {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name}`);
  return found;
}

for (const dialect of DIALECTS) {
  describe(`introspect indexes and column facts (${dialect})`, () => {
    test('every index with its keys in order; uniques keep only the plain, whole ones', () => withAccounts(dialect, (accounts, _audit, mariaDb) => {
      assert.deepEqual(accounts.indexes, expectedIndexes(dialect, mariaDb));
      assert.deepEqual(accounts.uniques, mariaDb ? [['email_lower'], ['tenant_id', 'username']] : [['tenant_id', 'username']]);
      assert.deepEqual(accounts.primaryKey, ['id']);
    }));

    test('generated columns are reported, and have a value without being written', () => withAccounts(dialect, (accounts) => {
      const generated = column(accounts, 'email_lower');
      assert.equal(generated.generated, true);
      assert.equal(generated.hasDefault, true);
      assert.deepEqual(accounts.columns.filter((c) => c.generated === true).map((c) => c.name), ['email_lower']);
    }));

    test('comments where the dialect keeps them', () => withAccounts(dialect, (accounts) => {
      const hasComments = dialect !== 'sqlite';
      assert.equal(accounts.comment, hasComments ? 'Sign-in accounts' : undefined);
      assert.equal(column(accounts, 'username').comment, hasComments ? 'Login name' : undefined);
      assert.ok(!('comment' in column(accounts, 'email')), 'no comment: no key');
    }));

    test('allowed values from enums and CHECK lists, each column its own', () => withAccounts(dialect, (accounts, audit) => {
      assert.deepEqual(column(accounts, 'status').allowed, ['active', 'suspended', 'deleted']);
      assert.deepEqual(column(accounts, 'old_status').allowed, ['x', 'y']);
      assert.deepEqual(column(accounts, 'tier').allowed, ['gold'], 'a one-value list (MariaDB keeps it as tier = \'gold\')');
      assert.deepEqual(column(accounts, 'kind').allowed, ['person', 'robot']);
      assert.equal(column(accounts, 'email').allowed, undefined);
      assert.deepEqual(column(audit, 'status').allowed, ['q']);
    }));

    test('integer ranges by type, signedness and dialect', () => withAccounts(dialect, (accounts) => {
      const ranges = Object.fromEntries(accounts.columns.filter((c) => c.range !== undefined).map((c) => [c.name, c.range]));
      const expected: Record<DbClient, Record<string, DbColumn['range']>> = {
        postgres: { id: INT32, tenant_id: INT32, level: INT16, big: INT64 },
        sqlite: { id: INT64, tenant_id: INT64, level: INT64, big: INT64 },
        mysql: { id: UINT32, tenant_id: INT32, level: INT16, big: UINT64 },
      };
      assert.deepEqual(ranges, expected[dialect]);
    }));
  });
}

describe('reading index keys and CHECK clauses printed as text', () => {
  const columns = ['email', 'Email', 'username', 'data', 'status', 'account_status', 'text'];

  test('lower()/upper() of one column, through casts, quotes and parentheses, is a fold', () => {
    assert.deepEqual(expressionKey('lower((email)::text)', columns), { column: 'email', fold: 'lower', expression: 'lower((email)::text)' });
    assert.deepEqual(expressionKey('upper("Email")', columns), { column: 'Email', fold: 'upper', expression: 'upper("Email")' });
    assert.deepEqual(expressionKey('(LOWER(`username`))', columns), { column: 'username', fold: 'lower', expression: '(LOWER(`username`))' });
    assert.deepEqual(expressionKey('lcase(`email`)', columns), { column: 'email', fold: 'lower', expression: 'lcase(`email`)' });
  });

  test('other expressions keep their text, with the column when they read exactly one', () => {
    assert.deepEqual(expressionKey("(data ->> 'email'::text)", columns), { column: 'data', expression: "(data ->> 'email'::text)" });
    assert.deepEqual(expressionKey('lower(email) || upper(username)', columns), { expression: 'lower(email) || upper(username)' });
    assert.deepEqual(expressionKey('COALESCE(email, username::character varying)', columns), { expression: 'COALESCE(email, username::character varying)' });
    assert.deepEqual(expressionKey('lower(trim(email))', columns), { column: 'email', expression: 'lower(trim(email))' });
    assert.deepEqual(expressionKey('lower(email::text)', columns).fold, 'lower', 'a cast type named like a column is not a column');
  });

  test('CHECK lists: IN, = ANY (ARRAY[…]), equalities; the column name stands alone', () => {
    assert.deepEqual(checkInList("CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))", 'status'), ['a', 'b']);
    assert.deepEqual(checkInList("(`status` in (_utf8mb4'a',_utf8mb4'it''s'))", 'status'), ['a', "it's"]);
    assert.deepEqual(checkInList("CHECK (((status)::text = 'gold'::text))", 'status'), ['gold']);
    assert.deepEqual(checkInList("`status` = 'a' or `status` = 'b'", 'status'), ['a', 'b']);
    assert.equal(checkInList("account_status in ('x')", 'status'), undefined);
    assert.deepEqual(checkInList("status in ('a)', 'b') and kind in ('c')", 'status'), ['a)', 'b'], 'a parenthesis inside a value');
    assert.equal(checkInList("`status` <> 'zz' and `kind` = 'x'", 'status'), undefined);
  });

  test('SQLite CREATE INDEX text: keys without collation or order, and the WHERE', () => {
    assert.deepEqual(parseCreateIndex('CREATE UNIQUE INDEX "a(b)" ON t (lower(email) COLLATE nocase DESC, tenant_id, (a || \',\' || b)) WHERE deleted_at IS NULL'),
      { keys: ['lower(email)', 'tenant_id', "(a || ',' || b)"], where: 'deleted_at IS NULL' });
    assert.deepEqual(parseCreateIndex('create index i on t (x)'), { keys: ['x'] });
    assert.deepEqual(checkClauses("create table t (a text check (a in ('x', ')')), b int, check (b > 0))"), ["(a in ('x', ')'))", '(b > 0)']);
  });
});
