/**
 * The Group resource's table: a table named like groups (`groups`, `teams`, `cohort`, `squads`,
 * `circles`, `usergroups`, `UserGroups`, `res_groups`, `roles` last), by its words after any prefix,
 * with a name column and a membership table to the users table — or the users table itself, when
 * it keeps groups as rows of another type (a single-table design). `--groups TABLE` overrides. Pure.
 */
import type { RawScopeConstant } from '../config/raw-types.js';
import type { DbTable } from '../mapping/db-schema.js';
import { matchingColumns } from './columns.js';
import { GROUP_ENTRIES, GROUP_OWNER_WORDS } from './dictionary.js';
import { groupPartner, type GroupPartner } from './group-half.js';
import { findMembership, type Membership } from './membership.js';
import { keyColumn, tableNamed, type SchemaView } from './schema-view.js';
import { headWord, tableWords } from './words.js';

/** How strongly a table's head noun says "groups". */
export const GROUP_HEADS: Readonly<Record<string, number>> = {
  group: 4, usergroup: 4, team: 3, cohort: 3, squad: 3, circle: 3, guild: 2, department: 1, role: 1, organization: 1,
};

export interface GroupChoice {
  readonly table: DbTable;
  readonly membership?: Membership;
  readonly reason: string;
  /** A single-table design: the users table's type column and the group values. */
  readonly rows?: { readonly column: string; readonly values: readonly RawScopeConstant[] };
  /** The group rows of the users table are the names of `table`'s rows, which point at them one-to-one (group-half.ts). */
  readonly partner?: GroupPartner;
}

const DISPLAY = GROUP_ENTRIES.find((e) => e.path === 'displayName');

function hasNameColumn(table: DbTable): boolean {
  return DISPLAY !== undefined && matchingColumns(table, DISPLAY, new Set(), GROUP_OWNER_WORDS).length > 0;
}

/** Tables that may hold groups, strongest first. */
export function groupCandidates(view: SchemaView, users: DbTable, exclude: ReadonlySet<string>): readonly DbTable[] {
  const weight = (t: DbTable): number => GROUP_HEADS[headWord(t.name, view.prefixes)] ?? 0;
  return view.schema.tables
    .filter((t) => t.name !== users.name && !exclude.has(t.name) && weight(t) > 0 && hasNameColumn(t) && keyColumn(t) !== undefined)
    .sort((a, b) => weight(b) - weight(a) || tableWords(a.name, view.prefixes).length - tableWords(b.name, view.prefixes).length);
}

export interface GroupOptions {
  readonly forced?: string;
  /** Tables that are something else (the tenant's table, one-to-one side tables). */
  readonly exclude: ReadonlySet<string>;
  /** The users table keeps group rows: its type column and the group values. */
  readonly rows?: { readonly column: string; readonly values: readonly RawScopeConstant[] };
  readonly tenantColumn?: string;
}

export type GroupResult = GroupChoice | { readonly unknown: string } | undefined;

/** The Group's table and its membership; undefined when no group table has a membership table. */
export function chooseGroup(view: SchemaView, users: DbTable, options: GroupOptions): GroupResult {
  if (options.forced !== undefined) {
    const table = tableNamed(view, options.forced);
    if (table === undefined) return { unknown: options.forced };
    const membership = findMembership(view, users, table, options.tenantColumn);
    return { table, reason: 'chosen with --groups', ...(membership !== undefined ? { membership } : {}) };
  }
  if (options.rows !== undefined) {
    const membership = findMembership(view, users, users, options.tenantColumn);
    const values = options.rows.values.map(String).join(', ');
    if (membership !== undefined) return { table: users, membership, rows: options.rows, reason: `${users.name} keeps groups as rows with ${options.rows.column} ${values}` };
  }
  if (options.rows !== undefined) {
    const halves = view.schema.tables.filter((t) => t.name !== users.name && (GROUP_HEADS[headWord(t.name, view.prefixes)] ?? 0) > 0);
    for (const table of halves) {
      const partner = groupPartner(view, table, users);
      const membership = partner === undefined ? undefined : findMembership(view, users, table, options.tenantColumn);
      if (partner !== undefined && membership !== undefined) {
        return { table, membership, rows: options.rows, partner, reason: `${table.name} rows are the groups, each named by the ${users.name} row of type ${options.rows.values.map(String).join(', ')} it points at` };
      }
    }
  }
  for (const table of groupCandidates(view, users, options.exclude)) {
    const membership = findMembership(view, users, table, options.tenantColumn);
    if (membership !== undefined) return { table, membership, reason: `named like groups, with the membership table ${membership.members.through}` };
  }
  if (options.rows !== undefined) return { table: users, rows: options.rows, reason: `${users.name} keeps groups as rows with ${options.rows.column} ${options.rows.values.map(String).join(', ')} (no membership table found)` };
  return undefined;
}
