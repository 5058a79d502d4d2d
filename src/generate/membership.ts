/**
 * Membership tables found without declared foreign keys: a table with one column pointing at the
 * groups table and one at the users table — by foreign key, by `<table>_id` name, or by the usual
 * member words (`user_id`, `uid`, `member_id`, `user_profile_id`; `group_id`, `gid`, `team_id`,
 * `cohortid`) typed like the keys — so `group_users`, `team_user`, `user_usergroup_map`,
 * `squad_people` and `res_groups_users_rel` are all found. Their NOT NULL columns get `defaults`
 * (timestamps, the group's tenant as `$owner.<column>`). Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import { membershipWhere } from './membership-where.js';
import type { DraftMembers } from './draft.js';
import {
  columnNamed, keyColumn, referencesFrom, referenceStem, sameKeyKind, type SchemaView,
} from './schema-view.js';
import { hasAny, headWord, splitWords, tableWords } from './words.js';

export const MEMBER_WORDS: ReadonlySet<string> = new Set(['user', 'member', 'person', 'people', 'uid', 'employee', 'principal', 'account', 'profile', 'userprofile']);
export const GROUP_WORDS: ReadonlySet<string> = new Set(['group', 'usergroup', 'team', 'cohort', 'squad', 'circle', 'role', 'gid', 'organization', 'company', 'department', 'unit']);
const LINK_WORDS: ReadonlySet<string> = new Set(['membership', 'member', 'map', 'rel', 'link', 'join', 'assignment', 'mapping', 'relation']);

/** How a column of `m` points at `target`'s key: a declared foreign key, named after the table, named with member words, or not. */
export type Pointer = 'declared' | 'named' | 'worded';

export function pointsAt(view: SchemaView, m: DbTable, column: DbColumn, target: DbTable, words: ReadonlySet<string>): Pointer | undefined {
  const key = keyColumn(target);
  const keyCol = key === undefined ? undefined : columnNamed(target, key);
  if (key === undefined || keyCol === undefined) return undefined;
  // A table's own generated key points at nothing (`guacamole_user_group.user_group_id`).
  if (m.primaryKey.length === 1 && m.primaryKey[0] === column.name && column.autoIncrement) return undefined;
  if (m.foreignKeys.some((f) => f.columns.length === 1 && f.columns[0] === column.name && f.refTable === target.name && f.refColumns[0] === key)) return 'declared';
  if (!sameKeyKind(column, keyCol)) return undefined;
  const refs = referencesFrom(view, m).filter((r) => r.column === column.name);
  if (refs.some((r) => r.table === target.name)) return 'named';
  // A column that points at another table (org_id → org) is not a member or group column.
  if (refs.length > 0) return undefined;
  const stem = referenceStem(column.name) ?? splitWords(column.name);
  return stem.length <= 2 && hasAny(stem, words) ? 'worded' : undefined;
}

export interface Membership {
  readonly members: DraftMembers;
  readonly declared: boolean;
  /** NOT NULL columns of the join table nothing fills. */
  readonly uncovered: readonly string[];
  readonly score: number;
}

/** The pair of columns of `m` linking `group` and `users`, if it has one. */
function linkOf(view: SchemaView, m: DbTable, users: DbTable, group: DbTable): { group: DbColumn; member: DbColumn; declared: number; evidence: number } | undefined {
  // A separate groups table is named by its own head noun; `org_id` beside `team_id` is the tenant, not the group.
  const groupSide = group.name === users.name ? GROUP_WORDS : new Set(['group', 'gid', headWord(group.name, view.prefixes)]);
  const g = m.columns.map((c) => ({ c, how: pointsAt(view, m, c, group, groupSide) })).filter((x) => x.how !== undefined && (group.name !== users.name || hasAny(splitWords(x.c.name), GROUP_WORDS)));
  const u = m.columns.map((c) => ({ c, how: pointsAt(view, m, c, users, MEMBER_WORDS) })).filter((x) => x.how !== undefined && !hasAny(splitWords(x.c.name), GROUP_WORDS));
  const order: readonly (Pointer | undefined)[] = ['declared', 'named', 'worded'];
  const best = (xs: typeof g) => [...xs].sort((a, b) => order.indexOf(a.how) - order.indexOf(b.how))[0];
  const gg = best(g);
  const uu = best(u.filter((x) => x.c.name !== gg?.c.name));
  if (gg === undefined || uu === undefined) return undefined;
  const points = (how: Pointer | undefined): number => (how === 'declared' ? 2 : how === 'named' ? 1 : 0);
  return { group: gg.c, member: uu.c, declared: (gg.how === 'declared' ? 1 : 0) + (uu.how === 'declared' ? 1 : 0), evidence: points(gg.how) + points(uu.how) };
}

/**
 * The group's tenant columns a join row repeats: join column → the group's column — the tenant
 * column, a reference both tables hold under the same name (`org_id`), or foreign keys to the same table.
 */
function ownerColumns(m: DbTable, group: DbTable, tenantColumn: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (tenantColumn !== undefined && columnNamed(m, tenantColumn) !== undefined) out.set(tenantColumn, tenantColumn);
  for (const c of m.columns) {
    if (referenceStem(c.name) !== undefined && !group.primaryKey.includes(c.name) && columnNamed(group, c.name) !== undefined) out.set(c.name, c.name);
  }
  for (const f of m.foreignKeys) {
    const own = group.foreignKeys.find((g) => g.refTable === f.refTable && g.columns.length === 1);
    const col = f.columns[0];
    if (f.columns.length === 1 && col !== undefined && own?.columns[0] !== undefined && f.refTable !== group.name) out.set(col, own.columns[0]);
  }
  return out;
}

/** The best membership table between `group` and `users` (the same table in a single-table design). */
export function findMembership(view: SchemaView, users: DbTable, group: DbTable, groupTenant?: string): Membership | undefined {
  const found: Membership[] = [];
  for (const m of view.schema.tables) {
    if (m.name === users.name || m.name === group.name) continue;
    const link = linkOf(view, m, users, group);
    if (link === undefined) continue;
    const rest = m.columns.filter((c) => c.name !== link.group.name && c.name !== link.member.name && !m.primaryKey.includes(c.name));
    const words = tableWords(m.name, view.prefixes);
    const named = hasAny(words, LINK_WORDS) || (hasAny(words, MEMBER_WORDS) && hasAny(words, GROUP_WORDS));
    const score = link.evidence + (named ? 2 : 0) - Math.max(0, rest.length - 5);
    const where = membershipWhere(view, m, new Set([link.group.name, link.member.name]));
    const fill = columnsToFill(view, m, new Set([link.group.name, link.member.name, ...Object.keys(where)]));
    const { defaults, uncovered } = proposeDefaults(view, m, fill, { usersTable: false, owner: ownerColumns(m, group, groupTenant) });
    const filled = Object.fromEntries(defaults.map((d) => [d.column, d.value]));
    found.push({
      members: {
        through: m.name, group: link.group.name, member: link.member.name,
        ...(Object.keys(where).length > 0 ? { where } : {}), ...(defaults.length > 0 ? { defaults: filled } : {}),
      },
      declared: link.declared === 2, uncovered: uncovered.map((u) => u.column), score,
    });
  }
  return found.sort((a, b) => b.score - a.score)[0];
}
