/**
 * The generator: DbSchema + DataFacts → Draft, as drizzle-kit's introspect → generate, with no I/O.
 * The users table first (by its columns; then the half of it holding the person's identity, when
 * the person is kept in two tables), then what decides the rest: one-to-one side tables (whose
 * references are never tenants), bot tables, the tenant, which rows are people, the groups and
 * their membership, the rows a new user needs beside it; then each resource is built from its
 * rules. Every proposal carries its reason.
 */
import type { DataFacts, DbSchema, DbTable } from '../mapping/db-schema.js';
import { credentialColumns } from './credentials.js';
import type { DraftMembers, DraftRelation, DraftScope, GenerateResult } from './draft.js';
import { buildGroup } from './group-resource.js';
import { chooseGroup, type GroupChoice } from './groups.js';
import { sideTables, type SideTable } from './joins.js';
import { identityRoot } from './halves.js';
import { nonPersonTables } from './bot-tables.js';
import { companionRows } from './companions.js';
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

function withoutDefaults(members: DraftMembers): DraftMembers {
  const { defaults: _, ...rest } = members;
  return rest;
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
    // readOnly, so nothing is inserted from here: defaults would name the users table's columns as `$owner`.
    groups: { path: 'groups', spec: withoutDefaults(m.members), reason: `readOnly: the groups a user is in, from the same join table ${through}` },
  };
}

/** The tenant scope moved to the group table, when it carries the same tenant. */
function groupTenant(view: SchemaView, group: GroupChoice, tenant: TenantVerdict | undefined): DraftScope | undefined {
  if (tenant?.scope === undefined) return undefined;
  const column = groupTenantColumn(view, group.table, tenant);
  return column === undefined ? undefined : { ...tenant.scope, column, reason: 'the tenant, as for User: each credential sees and writes only its own tenant\'s groups' };
}

/**
 * The table the User resource belongs on, and its side tables: the table init chose by its
 * columns, or the other half of it that holds the person's identity (halves.ts), joined to it.
 */
function usersAndSides(view: SchemaView, chosen: DbTable, forced: boolean): { users: DbTable; sides: readonly SideTable[]; notes: readonly string[] } {
  const root = forced ? undefined : identityRoot(view, chosen);
  if (root === undefined) return { users: chosen, sides: sideTables(view, chosen), notes: [] };
  const sides = sideTables(view, root.table);
  const half: SideTable = { table: chosen, on: { column: root.column, sideColumn: root.halfColumn }, why: root.why };
  return {
    users: root.table,
    sides: sides.some((s) => s.table.name === chosen.name) ? sides : [...sides, half],
    notes: [`User is on ${root.table.name}, not on ${chosen.name} (which has the people's columns): ${root.because}; ${chosen.name} is joined`],
  };
}

/** Proposes the User (and Group) mapping of `schema`, reading `facts` where the schema cannot tell. */
export function generate(schema: DbSchema, facts: DataFacts = new Map(), options: GenerateOptions = {}): GenerateResult {
  const view = viewOf(schema, facts);
  const choice = chooseUsersTable(view, options.users);
  if (choice.kind === 'unknown') return { kind: 'unknownTable', flag: '--users', table: choice.table };
  if (choice.kind === 'none') return { kind: 'noUsersTable', candidates: choice.candidates };
  const { users, sides, notes: rootNotes } = usersAndSides(view, choice.table, options.users !== undefined);
  const bots = nonPersonTables(view, users);
  const verdicts = judgeTenants(view, users, new Set(sides.map((s) => s.table.name)));
  const tenant = verdicts.find((v) => v.scope !== undefined);
  const people = proposePeople(view, users, new Set([...(tenant !== undefined ? [tenant.column] : []), ...credentialColumns(users.columns)]));
  const exclude = new Set([...(tenant?.table !== undefined ? [tenant.table] : []), ...sides.map((s) => s.table.name), ...bots.map((b) => b.join.table)]);
  const group = chooseGroup(view, users, {
    exclude, ...(options.groups !== undefined ? { forced: options.groups } : {}),
    ...(people.groupRows !== undefined ? { rows: people.groupRows } : {}), ...(tenant !== undefined ? { tenantColumn: tenant.column } : {}),
  });
  if (group !== undefined && 'unknown' in group) return { kind: 'unknownTable', flag: '--groups', table: group.unknown };
  const relations = group?.membership === undefined ? undefined : membershipRelations(group.membership, users, group.table);
  const scope = [...(tenant?.scope !== undefined ? [tenant.scope] : []), ...people.scope, ...bots.map((b) => b.scope)];
  const otherTables = new Set([...exclude, ...(group !== undefined ? [group.table.name, ...(group.membership !== undefined ? [group.membership.members.through] : [])] : [])]);
  const user = buildUser(view, users, {
    scope, sides, scopeJoins: bots.map((b) => b.join), onCreate: companionRows(view, users, tenant, otherTables), otherTables,
    notes: [...rootNotes, ...verdicts.filter((v) => v.rejected !== undefined).map((v) => `not a tenant: ${v.column} — ${v.rejected}`), ...people.notes],
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
