/**
 * One server for many customers: a resource's `scope` may bind a column to the caller's tenant
 * (`scope: { org_id: $tenant }`). The compiled mapping keeps such conditions unbound; for each
 * request the mapping is bound to the caller's tenant (its credential's, from auth.tenants), so
 * every later stage — reads, filters, counts, uniqueness, writes, membership and manager checks —
 * sees an ordinary scope with a constant and needs no notion of tenants. Bound mappings are
 * memoised per tenant value.
 */
import { ScimError } from '../errors.js';
import { coerce } from './compile-scope.js';
import type { DbColumn } from './db-schema.js';
import type { Relation } from './relations.js';
import type { Mapping, ResourceMapping, ScopeCondition } from './types.js';

export type TenantValue = string | number;

/** Whether any resource binds a column to the caller's tenant. */
export function usesTenants(mapping: Pick<Mapping, 'resources'>): boolean {
  return mapping.resources.some((r) => r.scope.some((s) => s.tenant) || (r.relations ?? []).some((x) => x.kind === 'membership' && x.otherRows?.scope.some((s) => s.tenant)));
}

function bindCondition(s: ScopeCondition, tenant: TenantValue): ScopeCondition {
  if (!s.tenant) return s;
  const column = { name: s.column.name, kind: s.column.kind, nullable: s.column.nullable, dataType: s.column.kind, hasDefault: false, autoIncrement: false } satisfies DbColumn;
  const value = coerce(tenant, column);
  // A tenant value that cannot be one of the column's (text for an integer tenant column) matches nothing and writes nothing.
  if (value === undefined || value === null) throw ScimError.status(403, 'This credential\'s tenant cannot hold rows of this resource type.');
  const { tenant: _bound, ...rest } = s;
  return { ...rest, values: [value], write: value };
}

const bindScope = (scope: readonly ScopeCondition[], tenant: TenantValue) => scope.map((s) => bindCondition(s, tenant));

function bindRelation(r: Relation, tenant: TenantValue): Relation {
  if (r.kind !== 'membership' || r.otherRows === undefined) return r;
  return { ...r, otherRows: { ...r.otherRows, scope: bindScope(r.otherRows.scope, tenant) } };
}

function bindResource(r: ResourceMapping, tenant: TenantValue): ResourceMapping {
  return { ...r, scope: bindScope(r.scope, tenant), ...(r.relations ? { relations: r.relations.map((x) => bindRelation(x, tenant)) } : {}) };
}

/** The mapping as one tenant sees it. */
export function bindTenant(mapping: Mapping, tenant: TenantValue): Mapping {
  return { ...mapping, resources: mapping.resources.map((r) => bindResource(r, tenant)) };
}

/** bindTenant, memoised per tenant (a bounded cache: tenants come and go in a credentials table). */
export function tenantBinder(mapping: Mapping, limit = 10_000): (tenant: TenantValue) => Mapping {
  const bound = new Map<string, Mapping>();
  return (tenant) => {
    const key = `${typeof tenant}:${String(tenant)}`;
    let found = bound.get(key);
    if (found === undefined) {
      if (bound.size >= limit) bound.delete(bound.keys().next().value as string);
      found = Object.freeze(bindTenant(mapping, tenant));
      bound.set(key, found);
    }
    return found;
  };
}
