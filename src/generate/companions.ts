/**
 * Rows an application inserts beside every user, inferred only where the evidence is strong: a
 * table keyed by (tenant, user) — a unique pair — in which every sampled user has exactly one row,
 * while the users are scoped to the tenant (Grafana's `org_user`: without it a new user signs in to
 * "Org missing"). `onCreate:` then inserts that row with the user's tenant and key (`$owner.…`),
 * the value most rows hold in its other NOT NULL columns and `$now` for its times. Anything weaker
 * is left to a person. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import type { DraftCompanion } from './draft.js';
import { ownerColumn } from './owner.js';
import { factsOf, keyColumn, referencesFrom, sampledRows, type SchemaView } from './schema-view.js';
import type { TenantVerdict } from './tenant.js';

/** Whether every sampled user has one row: as many rows as users, each owner value once. */
function oneRowPerUser(view: SchemaView, table: string, owner: string, users: string): boolean {
  const rows = sampledRows(view, table);
  const facts = factsOf(view, table, owner);
  return rows !== undefined && rows > 0 && rows === sampledRows(view, users) && facts?.distinct === rows && facts.nulls === 0;
}

/** The `onCreate:` rows of `users` under `tenant`, skipping tables other rules own (`exclude`). */
export function companionRows(view: SchemaView, users: DbTable, tenant: TenantVerdict | undefined, exclude: ReadonlySet<string>): readonly DraftCompanion[] {
  const key = keyColumn(users);
  if (tenant?.scope === undefined || tenant.table === undefined || key === undefined) return [];
  const out: DraftCompanion[] = [];
  for (const table of view.schema.tables) {
    if (table.name === users.name || exclude.has(table.name)) continue;
    const owner = ownerColumn(view, table, users)?.column.name;
    const tenantColumn = referencesFrom(view, table).find((r) => r.table === tenant.table)?.column;
    if (owner === undefined || tenantColumn === undefined) continue;
    const pair = table.uniques.some((u) => u.length === 2 && u.includes(owner) && u.includes(tenantColumn));
    if (!pair || !oneRowPerUser(view, table.name, owner, users.name)) continue;
    const fill = columnsToFill(view, table, new Set([owner, tenantColumn]));
    const { defaults, uncovered } = proposeDefaults(view, table, fill, { usersTable: false, plurality: true });
    if (uncovered.length > 0) continue;
    const checks = defaults.flatMap((d) => (d.check !== undefined ? [d.check] : []));
    out.push({
      table: table.name,
      // The new user's own tenant column, which its scope has just written.
      values: { [tenantColumn]: `$owner.${tenant.column}`, [owner]: `$owner.${key}`, ...Object.fromEntries(defaults.map((d) => [d.column, d.value])) },
      reason: `every sampled user has one ${table.name} row, unique per (${tenantColumn}, ${owner}): a new user gets one in the scoped tenant`,
      ...(checks.length > 0 ? { check: checks.join('; ') } : {}),
    });
  }
  return out;
}

/**
 * Where the evidence is weaker — every sampled user has rows in a table linking users to something
 * else (Zammad's `roles_users`, phpBB's default group in `phpbb_user_group`), but nothing says which
 * row a new user needs — a CHECK names the table and the `onCreate:` line to write.
 */
export function companionNotes(view: SchemaView, users: DbTable, kept: number | undefined, skip: ReadonlySet<string>): readonly string[] {
  const key = keyColumn(users);
  if (key === undefined || kept === undefined) return [];
  const out: string[] = [];
  for (const table of view.schema.tables) {
    if (table.name === users.name || skip.has(table.name)) continue;
    const owner = ownerColumn(view, table, users)?.column.name;
    const other = referencesFrom(view, table).find((r) => r.column !== owner && r.table !== users.name);
    const facts = owner === undefined ? undefined : factsOf(view, table.name, owner);
    if (owner === undefined || other === undefined || facts === undefined || facts.distinct < kept) continue;
    out.push(`CHECK: every sampled user has a row in ${table.name} (${owner} → ${users.name}, ${other.column} → ${other.table}): if the application needs one for each new user (a default role or group), add onCreate: [ { table: ${table.name}, values: { ${owner}: $owner.${key}, ${other.column}: <the ${other.table} id> } } ]`);
  }
  return out;
}
