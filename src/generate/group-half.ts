/**
 * Groups kept in two halves, as people are (halves.ts): a groups table with no name of its own
 * whose row points, one-to-one, at a row of the users' identity table that holds the name and a
 * type value saying "group" (Guacamole's `guacamole_user_group.entity_id` → `guacamole_entity`
 * with type USER_GROUP). The Group resource sits on the groups table — its key is what
 * memberships hold — joined to the identity row, scoped to the group type. Pure.
 */
import type { RawScopeConstant } from '../config/raw-types.js';
import type { DbTable } from '../mapping/db-schema.js';
import { guessAttributes } from './attributes.js';
import { GROUP_ENTRIES } from './dictionary.js';
import type { DraftAttribute, DraftJoin, DraftScope } from './draft.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import { columnNamed, isUniqueAlone, keyColumn, referencesFrom, type SchemaView } from './schema-view.js';

/** The groups table's link to the identity table that holds its name. */
export interface GroupPartner {
  readonly table: DbTable;
  /** The groups table's column pointing at the identity row. */
  readonly column: string;
  /** The identity table's key. */
  readonly key: string;
}

/** The identity row a groups table points at one-to-one (NOT NULL, unique), if `identity` is that table. */
export function groupPartner(view: SchemaView, group: DbTable, identity: DbTable): GroupPartner | undefined {
  const key = keyColumn(identity);
  const ref = referencesFrom(view, group).find((r) => r.table === identity.name && r.refColumn === key);
  if (key === undefined || ref === undefined || columnNamed(group, ref.column)?.nullable !== false || !isUniqueAlone(group, ref.column)) return undefined;
  return { table: identity, column: ref.column, key };
}

export interface PartnerParts {
  readonly join: DraftJoin;
  readonly scope: DraftScope;
  readonly attributes: readonly DraftAttribute[];
}

/** The join to the identity row, its group-type scope, and the attributes it holds (displayName). */
export function partnerParts(view: SchemaView, partner: GroupPartner, rows: { readonly column: string; readonly values: readonly RawScopeConstant[] }, taken: ReadonlySet<string>): PartnerParts {
  const q = `${partner.table.name}.`;
  const found = guessAttributes(view, partner.table, GROUP_ENTRIES.filter((e) => !e.path.startsWith('meta.')), { skip: new Set([partner.key, rows.column]), taken, qualifier: q }).attributes
    .map((a) => (a.path === 'displayName' ? { ...a, required: true } : a));
  const written = new Set([partner.key, rows.column, ...found.map((a) => a.column.slice(q.length))]);
  const { defaults, uncovered } = proposeDefaults(view, partner.table, columnsToFill(view, partner.table, written), { usersTable: true });
  const value = rows.values.length === 1 ? rows.values[0] ?? null : rows.values;
  return {
    join: {
      table: partner.table.name, on: { column: partner.column, sideColumn: partner.key }, defaults,
      reason: `one-to-one: each group is a ${partner.table.name} row of type ${String(rows.values[0])} (its name lives there)`,
      ...(uncovered.length > 0 ? { check: `creating a group inserts a ${partner.table.name} row, whose ${uncovered.map((u) => u.column).join(', ')} nothing fills` } : {}),
    },
    scope: { column: `${q}${rows.column}`, value, reason: `groups only: ${partner.table.name} rows of type ${rows.values.map(String).join(', ')}; creates write ${String(rows.values[0])}` },
    attributes: found,
  };
}
