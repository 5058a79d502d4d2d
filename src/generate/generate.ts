/**
 * The generator: DbSchema + DataFacts → Draft, as drizzle-kit's introspect → generate, with no I/O.
 * The users table first (by its columns), then what decides the rest: one-to-one side tables (whose
 * references are never tenants), the tenant, which rows are people, the groups and their
 * membership; then each resource is built from its rules. Every proposal carries its reason.
 */
import type { DataFacts, DbSchema, DbTable } from '../mapping/db-schema.js';
import { credentialColumns } from './credentials.js';
import type { DraftRelation, DraftScope, GenerateResult } from './draft.js';
import { buildGroup } from './group-resource.js';
import { chooseGroup, type GroupChoice } from './groups.js';
import { sideTables } from './joins.js';
import type { Membership } from './membership.js';
import { proposePeople } from './people.js';
import { viewOf, type SchemaView } from './schema-view.js';
import { groupTenantColumn, judgeTenants, type TenantVerdict } from './tenant.js';
import { buildUser } from './user-resource.js';
import { chooseUsersTable } from './users-table.js';

export interface GenerateOptions {
  /** `--users TABLE`: the users table, instead of the best-scoring one. */
  readonly users?: string;
  /** `--groups TABLE`: the groups table, instead of the best candidate. */
  readonly groups?: string;
}

/** Group `members` and User `groups`, both through the membership table. */
function membershipRelations(m: Membership, users: DbTable, group: DbTable): { members: DraftRelation; groups: DraftRelation } {
  const { through, group: g, member } = m.members;
  const filled = Object.keys(m.members.defaults ?? {});
  const how = m.declared ? '' : ' (found by column names: no foreign keys declared)';
  const check = m.uncovered.length === 0 ? undefined
    : `adding a member inserts a row into ${through}, whose ${m.uncovered.join(', ')} ${m.uncovered.length > 1 ? 'are' : 'is'} NOT NULL without a database default: give ${m.uncovered.length > 1 ? 'them' : 'it'} a default or add ${m.uncovered.length > 1 ? 'them' : 'it'} under defaults:, or group pushes that add members fail`;
  return {
    members: {
      path: 'members', spec: m.members,
      reason: `join table ${through}: ${g} → ${group.name}, ${member} → ${users.name}${how}${filled.length > 0 ? `; ${filled.join(', ')} filled on insert` : ''}`,
      ...(check !== undefined ? { check } : {}),
    },
    groups: { path: 'groups', spec: m.members, reason: `readOnly: the groups a user is in, from the same join table ${through}` },
  };
}

/** The tenant scope moved to the group table, when it carries the same tenant. */
function groupTenant(view: SchemaView, group: GroupChoice, tenant: TenantVerdict | undefined): DraftScope | undefined {
  if (tenant?.scope === undefined) return undefined;
  const column = groupTenantColumn(view, group.table, tenant);
  return column === undefined ? undefined : { ...tenant.scope, column, reason: `the tenant, as for User: this server sees and writes only the ${String(tenant.scope.value)} tenant's groups` };
}

/** Proposes the User (and Group) mapping of `schema`, reading `facts` where the schema cannot tell. */
export function generate(schema: DbSchema, facts: DataFacts = new Map(), options: GenerateOptions = {}): GenerateResult {
  const view = viewOf(schema, facts);
  const choice = chooseUsersTable(view, options.users);
  if (choice.kind === 'unknown') return { kind: 'unknownTable', flag: '--users', table: choice.table };
  if (choice.kind === 'none') return { kind: 'noUsersTable', candidates: choice.candidates };
  const users = choice.table;
  const sides = sideTables(view, users);
  const verdicts = judgeTenants(view, users, new Set(sides.map((s) => s.table.name)));
  const tenant = verdicts.find((v) => v.scope !== undefined);
  const people = proposePeople(view, users, new Set([...(tenant !== undefined ? [tenant.column] : []), ...credentialColumns(users.columns)]));
  const exclude = new Set([...(tenant?.table !== undefined ? [tenant.table] : []), ...sides.map((s) => s.table.name)]);
  const group = chooseGroup(view, users, {
    exclude, ...(options.groups !== undefined ? { forced: options.groups } : {}),
    ...(people.groupRows !== undefined ? { rows: people.groupRows } : {}), ...(tenant !== undefined ? { tenantColumn: tenant.column } : {}),
  });
  if (group !== undefined && 'unknown' in group) return { kind: 'unknownTable', flag: '--groups', table: group.unknown };
  const relations = group?.membership === undefined ? undefined : membershipRelations(group.membership, users, group.table);
  const scope = [...(tenant?.scope !== undefined ? [tenant.scope] : []), ...people.scope];
  const user = buildUser(view, users, {
    scope, sides,
    otherTables: new Set([...exclude, ...(group !== undefined ? [group.table.name, ...(group.membership !== undefined ? [group.membership.members.through] : [])] : [])]),
    notes: [...verdicts.filter((v) => v.rejected !== undefined).map((v) => `not a tenant: ${v.column} — ${v.rejected}`), ...people.notes],
    ...(relations !== undefined ? { membership: relations.groups } : {}),
  });
  if (group === undefined) return { kind: 'draft', draft: { user } };
  const gt = groupTenant(view, group, tenant);
  const groupDraft = buildGroup(view, group, {
    notes: group.membership === undefined ? [`no membership table links ${group.table.name} to ${users.name}: members are not mapped`] : [],
    ...(gt !== undefined ? { tenant: gt } : {}), ...(relations !== undefined ? { members: relations.members } : {}),
  });
  return { kind: 'draft', draft: { user, group: groupDraft } };
}
