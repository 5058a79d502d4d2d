/**
 * `check`'s index advice (issue 13 §3), on every dialect: over tables with primary keys only, each
 * lookup Okta and Entra send (userName eq, externalId eq, emails[type eq "work"].value eq,
 * displayName eq, externalId eq on groups, members[value eq …]) is reported as reading a whole
 * table, with a measured time and a CREATE INDEX statement; the statements, run as printed, make
 * every lookup an index lookup on the next check — and the database's own EXPLAIN of the SQL the
 * server runs agrees (PostgreSQL with sequential scans priced out, as on a table at scale). On
 * MariaDB a case-insensitive lookup on a case-sensitive (`_bin`) column cannot be indexed, and the
 * advice says what to change instead.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { main } from '../../src/cli/main.js';
import { parseConfigText } from '../../src/config/load.js';
import { planQuery } from '../../src/plan/query-plan.js';
import { parseFilter } from '../../src/scim/filter/parser.js';
import { prepare } from '../../src/server.js';
import { dialectFor } from '../../src/sql/dialects/index.js';
import { pageQuery } from '../../src/sql/read.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';
import { databaseYaml } from '../helpers/server.js';

async function schema(knex: Knex, client: TestDb['client']): Promise<void> {
  await knex.schema.createTable('accounts', (t) => { t.increments('id'); t.string('login', 100).notNullable(); t.string('ext', 64); });
  await knex.schema.createTable('account_emails', (t) => { t.increments('id'); t.integer('account_id').notNullable(); t.string('address', 200).notNullable(); t.string('kind', 10); });
  await knex.schema.createTable('crews', (t) => {
    t.increments('id');
    const name = t.string('name', 100).notNullable();
    if (client === 'mysql') name.collate('utf8mb4_bin');
    t.string('ext', 64);
  });
  await knex.schema.createTable('crew_members', (t) => { t.integer('crew_id').notNullable(); t.integer('account_id').notNullable(); t.primary(['crew_id', 'account_id']); });
  const n = 60;
  await knex('accounts').insert(Array.from({ length: n }, (_, i) => ({ login: `a${i}`, ext: `E${i}` })));
  await knex('account_emails').insert(Array.from({ length: n }, (_, i) => ({ account_id: i + 1, address: `a${i}@example.com`, kind: 'work' })));
  await knex('crews').insert(Array.from({ length: 10 }, (_, i) => ({ name: `crew ${i}`, ext: `C${i}` })));
  await knex('crew_members').insert(Array.from({ length: n }, (_, i) => ({ crew_id: (i % 10) + 1, account_id: i + 1 })));
}

const YAML = `resources:
  User:
    table: accounts
    attributes:
      userName: login
      externalId: ext
      emails: { table: account_emails, key: account_id, fields: { value: address, type: kind } }
  Group:
    table: crews
    attributes:
      displayName: name
      externalId: ext
      members: { through: crew_members, group: crew_id, member: account_id }
`;

const LOOKUPS = ['User userName eq', 'User externalId eq', 'User emails[type eq "work"].value eq', 'Group displayName eq', 'Group externalId eq', 'Group members[value eq …]'];

async function advice(db: TestDb): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-advice-'));
  try {
    writeFileSync(join(dir, 'scim.yaml'), `${databaseYaml(db)}\nauth: { bearer: [ "index-advice-token-0123456789" ] }\n${YAML}`);
    let out = '';
    const io = { stdout: { write: (t: string) => { out += t; } }, stderr: { write: () => {} }, env: {}, cwd: dir };
    assert.equal(await main(['check', '--config', 'scim.yaml', '--samples', '0'], io as never), 0, out);
    const lines = out.slice(out.indexOf('The lookups Okta and Entra send')).split('\n');
    const byLookup = new Map<string, string>();
    for (const [i, line] of lines.entries()) {
      const name = LOOKUPS.find((l) => line.includes(` ${l} (`));
      if (name !== undefined) byLookup.set(name, `${line}\n${lines[i + 1]?.startsWith('      ') ? lines[i + 1] : ''}`);
    }
    return byLookup;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The filters, with a value no row holds, and the table each compares in. */
const FILTERS: readonly [string, string, string][] = [
  ['User', 'userName eq "nobody"', 'accounts'], ['User', 'externalId eq "nobody"', 'accounts'],
  ['User', 'emails[type eq "work"].value eq "nobody"', 'account_emails'], ['Group', 'externalId eq "nobody"', 'crews'],
  ['Group', 'members[value eq "user-5"]', 'crew_members'],
];

/** Whether the database looks `table` up by an index in `sql` (its own EXPLAIN). */
async function indexLookup(knex: Knex, client: TestDb['client'], sql: Knex.Sql, table: string): Promise<boolean> {
  const bindings = sql.bindings as Knex.RawBinding[];
  if (client === 'sqlite') {
    const rows = (await knex.raw(`explain query plan ${sql.sql}`, bindings)) as { detail: string }[];
    return rows.some((r) => new RegExp(`^SEARCH ${table} USING (COVERING )?INDEX`).test(r.detail));
  }
  if (client === 'postgres') {
    return knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const rows = ((await trx.raw(`explain ${sql.sql}`, bindings)) as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']);
      const at = rows.findIndex((l) => new RegExp(`Index (Only )?Scan using \\w+ on ${table}\\b|Bitmap Heap Scan on ${table}\\b`).test(l));
      return at >= 0 && !rows.some((l) => new RegExp(`Seq Scan on ${table}\\b`).test(l)) && rows.slice(at).some((l) => /Index Cond|Recheck Cond/.test(l));
    });
  }
  const [rows] = (await knex.raw(`explain ${sql.sql}`, bindings)) as unknown as [{ table: string; type: string; key: string | null }[]];
  return rows.some((r) => r.table === table && ['ref', 'eq_ref', 'const', 'range'].includes(r.type) && r.key !== null);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: check advises the indexes the IdPs' lookups need`, () => {
    test('each lookup reads a whole table; the printed statements make each an index lookup', { timeout: 60_000 }, async () => {
      const db = await createTestDb(dialect);
      try {
        await schema(db.knex, dialect);
        const before = await advice(db);
        assert.deepEqual([...before.keys()].sort(), [...LOOKUPS].sort());
        const statements = new Set<string>();
        for (const [lookup, text] of before) {
          assert.match(text, /! .* no index serves it, so it reads every row of \w+ \([0-9.]+ ms per lookup, measured now\)/, `${lookup}: ${text}`);
          const statement = /an index would answer it: (CREATE INDEX .*;)/.exec(text)?.[1];
          if (dialect === 'mysql' && lookup === 'Group displayName eq') {
            assert.match(text, /crews\.name compares case-sensitively .* give the column a case-insensitive collation/);
            continue;
          }
          assert.ok(statement !== undefined, `${lookup}: ${text}`);
          statements.add(statement);
        }
        for (const statement of statements) await db.knex.raw(statement.replace(/;$/, ''));
        const after = await advice(db);
        for (const [lookup, text] of after) {
          if (dialect === 'mysql' && lookup === 'Group displayName eq') { assert.match(text, /reads every row of crews/); continue; }
          assert.match(text, /✓ .* looked up by /, `${lookup} after the statements: ${text}`);
        }
        const prepared = await prepare(parseConfigText(`${databaseYaml(db)}\nauth: { bearer: [ "index-advice-token-0123456789" ] }\n${YAML}`, 'scim.yaml', {}));
        try {
          for (const [name, filter, table] of FILTERS) {
            const resource = prepared.mapping.resources.find((r) => r.name === name);
            assert.ok(resource !== undefined);
            const plan = planQuery(resource, { filter: parseFilter(filter), sortOrder: 'ascending', startIndex: 1, count: 100, attributes: [], excludedAttributes: [] });
            const sql = pageQuery(prepared.knex, dialectFor(dialect), resource, plan).toSQL();
            assert.ok(await indexLookup(prepared.knex, dialect, sql, table), `${filter}: ${dialect} looks ${table} up by an index\n${sql.sql}`);
          }
        } finally {
          await prepared.knex.destroy();
        }
      } finally {
        await db.cleanup();
      }
    });
  });
}
