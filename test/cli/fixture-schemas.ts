/**
 * The schemas nobody designed for SCIM (and the demo's), as the CLI round-trip tests use them: how to build
 * each one, how it stores "inactive", and what `check --simulate` is expected to find.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { DbClient } from '../../src/config/raw-types.js';
import { introspect } from '../../src/sql/introspect.js';
import type { TestDb } from '../helpers/db.js';
import { createDjangoSchema } from '../fixtures/schemas/django.js';
import { createMultiTenantSchema } from '../fixtures/schemas/multi-tenant.js';
import { createRailsSchema } from '../fixtures/schemas/rails.js';
import { createUuidStatusSchema } from '../fixtures/schemas/uuid-status.js';
import { createDemoDatabase } from '../fixtures/schemas/demo.js';

type Row = Record<string, unknown>;
const truthy = (v: unknown): boolean => [true, 1, '1'].includes(v as never);

export interface FixtureSchema {
  readonly name: string;
  create(knex: Knex, client: DbClient): Promise<void>;
  /** The users table and how a deprovisioned row looks. */
  readonly usersTable: string;
  inactive(row: Row): boolean;
  /** The first simulated step expected to fail (undefined: all succeed), and why. */
  readonly simulateFailsAt?: { readonly step: string; readonly cause: RegExp };
  /** The `check` warning expected on stderr. */
  readonly warning?: RegExp;
  /** Whether a SCIM-created row holds the `defaults:` init proposed (checked after POST). */
  userDefaults?(row: Row): boolean;
  groupDefaults?(row: Row): boolean;
}


export const FIXTURES: readonly FixtureSchema[] = [
  {
    name: 'rails (users with encrypted_password + deleted_at; teams with a NOT NULL slug)',
    create: (k) => createRailsSchema(k), usersTable: 'users', inactive: (r) => !truthy(r['active']),
    // The slug is derived from the group's name, as the app would make it ("Okta Renamed" → "okta-renamed").
    groupDefaults: (r) => r['slug'] === String(r['name']).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''),
  },
  {
    name: 'django auth_user as Django creates it (password, is_staff, is_superuser NOT NULL, no defaults)',
    create: (k) => createDjangoSchema(k), usersTable: 'auth_user', inactive: (r) => !truthy(r['is_active']),
    userDefaults: (r) => r['password'] === '!' && !truthy(r['is_staff']) && !truthy(r['is_superuser']),
  },
  {
    name: 'django auth_user with database defaults (db_default)',
    create: (k) => createDjangoSchema(k, { dbDefaults: true }), usersTable: 'auth_user', inactive: (r) => !truthy(r['is_active']),
    // The database's own defaults give the same row as init's `defaults:` do without them.
    userDefaults: (r) => r['password'] === '!' && !truthy(r['is_staff']) && !truthy(r['is_superuser']),
  },
  {
    name: 'multi-tenant accounts/members/memberships',
    create: (k) => createMultiTenantSchema(k), usersTable: 'members', inactive: (r) => truthy(r['disabled']),
  },
  {
    name: 'uuid keys + status enum',
    create: (k, c) => createUuidStatusSchema(k, c), usersTable: 'users', inactive: (r) => r['status'] === 'deprovisioned',
  },
  {
    name: 'the demo database (status text without a CHECK, manager_id, user_phones, teams/team_members)',
    create: (k, c) => createDemoDatabase(k, c), usersTable: 'users', inactive: (r) => r['status'] === 'deprovisioned',
  },
];

/** Row counts and a sha256 of every table's rows (ordered by primary key, as JSON). */
export async function checksum(db: TestDb): Promise<Record<string, string>> {
  const schema = await introspect(db.knex, db.client, db.settings.schema !== undefined ? { schema: db.settings.schema } : {});
  const out: Record<string, string> = {};
  for (const table of schema.tables) {
    const order = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
    const rows = (await db.knex(table.name).select('*').orderBy([...order])) as Row[];
    const json = JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
    out[table.name] = `${rows.length} rows, sha256 ${createHash('sha256').update(json).digest('hex')}`;
  }
  return out;
}
