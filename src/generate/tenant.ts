/**
 * The tenant scope: a column pointing (by foreign key, or by name where none is declared) at an
 * organisation / realm / tenant / workspace / account table, NOT NULL, that several sampled users
 * share. Never a primary key, a unique column, or a per-user foreign key (a column pointing at a
 * table with one row per user: a profile, account or entity row). The value comes from the
 * environment: `scope: { realm_id: "${SCIM_REALM_ID}" }`. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { credentialColumns } from './credentials.js';
import { emailColumn, loginColumn } from './columns.js';
import type { DraftScope } from './draft.js';
import { eachValueOnce, factsOf, isUniqueAlone, referencesFrom, referenceStem, tableNamed, type Reference, type SchemaView } from './schema-view.js';
import { hasAny, splitWords, tableWords } from './words.js';

const TENANT_WORDS: ReadonlySet<string> = new Set([
  'tenant', 'realm', 'organization', 'workspace', 'account', 'company', 'site', 'instance', 'customer', 'team',
  'domain', 'space', 'network', 'community', 'client', 'enterprise', 'business', 'school', 'agency',
]);
/** Names that say "tenant" even when no table is there to point at. */
const EXPLICIT: ReadonlySet<string> = new Set(['tenant', 'realm', 'organization', 'workspace']);

/** `SCIM_REALM_ID` for realm_id or realmId: the variable the scope value is read from. */
export function tenantVariable(column: string): string {
  const words = column.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return `SCIM_${words.join('_').toUpperCase()}`;
}

export interface TenantVerdict {
  readonly column: string;
  /** The scope, when the column is the tenant. */
  readonly scope?: DraftScope;
  /** The table it points at, when known. */
  readonly table?: string;
  /** Why it is not the tenant, for a note. */
  readonly rejected?: string;
}

/** The table a tenant-named column points at, and whether the name alone says tenant. */
function tenantTarget(view: SchemaView, table: DbTable, column: DbColumn): { ref?: Reference; explicit: boolean } | undefined {
  const ref = referencesFrom(view, table).find((r) => r.column === column.name);
  const stem = referenceStem(column.name) ?? [];
  const targetWords = ref === undefined ? [] : tableWords(ref.table, view.prefixes);
  if (!hasAny(stem, TENANT_WORDS) && !hasAny(targetWords, TENANT_WORDS)) return undefined;
  if (ref === undefined && !hasAny(stem, EXPLICIT)) return undefined;
  return { ...(ref !== undefined ? { ref } : {}), explicit: hasAny(stem, EXPLICIT) };
}

/** Whether the rows of `target` are people or one per person (a profile/account/entity row). */
export function perUserTarget(view: SchemaView, users: DbTable, column: string, target: DbTable | undefined, perUser: ReadonlySet<string>): string | undefined {
  if (target !== undefined && perUser.has(target.name)) return `${target.name} is a one-to-one side table of ${users.name}`;
  if (target !== undefined && (loginColumn(target) !== undefined || emailColumn(target) !== undefined)) return `${target.name} holds people (a login or email column), one row per user`;
  const once = eachValueOnce(view, users.name, column);
  return once === undefined ? undefined : `each of the ${once} sampled users has its own ${column}: a per-user reference`;
}

/** The verdict on one tenant-looking column. */
function judge(view: SchemaView, users: DbTable, column: DbColumn, perUser: ReadonlySet<string>): TenantVerdict | undefined {
  const target = tenantTarget(view, users, column);
  if (target === undefined) return undefined;
  const refTable = target.ref === undefined ? undefined : tableNamed(view, target.ref.table);
  const base = { column: column.name, ...(target.ref !== undefined ? { table: target.ref.table } : {}) };
  if (isUniqueAlone(users, column.name)) return { ...base, rejected: `${column.name} is unique: one user per value, not a tenant` };
  const perUserWhy = perUserTarget(view, users, column.name, refTable, perUser);
  if (perUserWhy !== undefined) return { ...base, rejected: perUserWhy };
  const facts = factsOf(view, users.name, column.name);
  if (column.nullable && (facts === undefined || facts.nulls > 0)) return { ...base, rejected: `${column.name} may be NULL: users outside any ${target.ref?.table ?? 'tenant'} exist, so it is not a tenant` };
  const shared = facts?.values?.some((v) => v.value !== null && v.count >= 2) ?? (facts !== undefined && facts.distinct < (view.facts.get(users.name)?.sampled ?? 0) - facts.nulls);
  const points = target.ref === undefined ? 'is named like a tenant' : `${target.ref.declared ? 'references' : 'is named after'} ${target.ref.table}`;
  if (facts === undefined || (view.facts.get(users.name)?.sampled ?? 0) < 2) {
    return { ...base, scope: scopeOf(column.name, `${column.name} ${points}`, `no sampled rows show whether users share ${column.name}: confirm it partitions users by customer`) };
  }
  if (!shared) return { ...base, rejected: `no two sampled users share a ${column.name}` };
  return { ...base, scope: scopeOf(column.name, `${column.name} ${points} and the sampled users share its values`, undefined) };
}

function scopeOf(column: string, why: string, check: string | undefined): DraftScope {
  const variable = tenantVariable(column);
  return {
    column, value: '$tenant', tenantVariable: variable,
    reason: `the tenant: ${why}; each credential under auth.tenants sees and writes only its tenant's rows`,
    ...(check !== undefined ? { check } : {}),
  };
}

const rank = (v: TenantVerdict): number => {
  const words = splitWords(v.column);
  return ['tenant', 'realm', 'organization', 'workspace', 'account', 'company'].findIndex((w) => words.includes(w)) >>> 0;
};

/**
 * Every tenant-looking column of the users table with its verdict; at most one carries a scope.
 * `perUser` holds the one-to-one side tables already found (their references are never tenants).
 */
export function judgeTenants(view: SchemaView, users: DbTable, perUser: ReadonlySet<string>): readonly TenantVerdict[] {
  const credentials = new Set(credentialColumns(users.columns));
  const pk = users.primaryKey;
  const verdicts = users.columns
    .filter((c) => !pk.includes(c.name) && !credentials.has(c.name))
    .map((c) => judge(view, users, c, perUser))
    .filter((v): v is TenantVerdict => v !== undefined)
    .sort((a, b) => rank(a) - rank(b));
  const chosen = verdicts.find((v) => v.scope !== undefined);
  return verdicts.map((v) => (v.scope === undefined || v === chosen ? v : { column: v.column, rejected: `${chosen?.column} is taken as the tenant` }));
}

/** The group table's column for the same tenant: the same name, or a reference to the same table. */
export function groupTenantColumn(view: SchemaView, group: DbTable, tenant: TenantVerdict): string | undefined {
  if (group.columns.some((c) => c.name === tenant.column)) return tenant.column;
  return tenant.table === undefined ? undefined : referencesFrom(view, group).find((r) => r.table === tenant.table)?.column;
}
