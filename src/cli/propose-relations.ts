/**
 * The parts of a draft that span tables (pure): group membership through a join table (Group
 * `members`, User `groups`), the enterprise manager as a self-referencing foreign key, and
 * multi-valued User attributes kept in child tables (`phoneNumbers: { table, key, fields }`).
 */
import type { DbColumn, DbForeignKey, DbSchema, DbTable } from '../mapping/db-schema.js';
import { uncoveredColumns } from './propose-extras.js';
import {
  CHILD_DISPLAY_COLUMNS, CHILD_PRIMARY_COLUMNS, CHILD_RULES, CHILD_TYPE_COLUMNS, GROUP_TABLES, MANAGER_COLUMNS,
  matches, type Candidate, type ChildRule,
} from './propose-rules.js';

export interface DraftMembers {
  readonly through: string;
  readonly group: string;
  readonly member: string;
}

export interface DraftChildTable {
  readonly table: string;
  readonly key: string;
  /** Sub-attribute → column, `value` first. */
  readonly fields: Readonly<Record<string, string>>;
}

/** An attribute mapped to another table: `{ through, group, member }` or `{ table, key, fields }`. */
export interface DraftRelation {
  readonly path: string;
  readonly spec: DraftMembers | DraftChildTable;
  /** Why (rendered beside the line); for an offered relation, why it is commented out. */
  readonly reason: string;
  readonly check?: string;
}

/** The table's key column as a foreign key would reference it: a sole primary key or unique not-null column. */
export function keyColumn(table: DbTable): string | undefined {
  const [pk, extra] = table.primaryKey;
  if (pk !== undefined && extra === undefined) return pk;
  return table.uniques.find((u) => u.length === 1 && table.columns.some((c) => c.name === u[0] && !c.nullable))?.[0];
}

/** The single-column foreign keys from `table` to `target`'s key column. */
function fksTo(table: DbTable, target: DbTable): DbForeignKey[] {
  const key = keyColumn(target);
  return table.foreignKeys.filter((f) => f.refTable === target.name && f.columns.length === 1 && (key === undefined || f.refColumns[0] === key));
}

function singleFkTo(table: DbTable, target: DbTable): string | undefined {
  const fks = fksTo(table, target);
  return fks.length === 1 ? fks[0]?.columns[0] : undefined;
}

/** A groups-like table, taken only when a join table links it to the users table. */
export function pickGroup(schema: DbSchema, users: DbTable): { table: DbTable; members: DraftMembers } | undefined {
  for (const name of GROUP_TABLES) {
    const table = schema.tables.find((t) => t.name.toLowerCase() === name && t.name !== users.name);
    if (table === undefined) continue;
    for (const join of schema.tables) {
      if (join.name === table.name || join.name === users.name) continue;
      const group = singleFkTo(join, table);
      const member = singleFkTo(join, users);
      if (group !== undefined && member !== undefined) return { table, members: { through: join.name, group, member } };
    }
  }
  return undefined;
}

/** Group `members` and User `groups`, both from the join table; a CHECK when adding a member cannot insert a row. */
export function membershipRelations(schema: DbSchema, users: DbTable, group: { table: DbTable; members: DraftMembers }): { members: DraftRelation; groups: DraftRelation } {
  const { through, group: g, member } = group.members;
  const join = schema.tables.find((t) => t.name === through);
  const missing = join === undefined ? [] : uncoveredColumns(join, new Set([g, member]));
  const check = missing.length === 0 ? undefined
    : `adding a member inserts a row into ${through}, whose ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} NOT NULL without a database default: ` +
      `give ${missing.length > 1 ? 'them' : 'it'} a default (ALTER TABLE ${through} ALTER COLUMN ${missing[0]} SET DEFAULT …) or group pushes that add members fail`;
  return {
    members: {
      path: 'members', spec: group.members,
      reason: `join table ${through}: ${g} → ${group.table.name}, ${member} → ${users.name}`,
      ...(check !== undefined ? { check } : {}),
    },
    groups: { path: 'groups', spec: group.members, reason: `readOnly: the groups a user is in, from the same join table ${through}` },
  };
}

/** A manager column: named like one and a foreign key to the users table's own key (a User id). */
export function managerColumn(users: DbTable): { column: DbColumn; selfReference: boolean } | undefined {
  const key = keyColumn(users);
  for (const name of MANAGER_COLUMNS) {
    const column = users.columns.find((c) => c.name.toLowerCase() === name);
    if (column === undefined) continue;
    const selfReference = users.foreignKeys.some((f) => f.refTable === users.name && f.columns.length === 1 && f.columns[0] === column.name
      && (key === undefined || f.refColumns[0] === key));
    return { column, selfReference };
  }
  return undefined;
}

function find(table: DbTable, candidate: Candidate): DbColumn | undefined {
  return candidate.names.map((n) => table.columns.find((c) => c.name.toLowerCase() === n.toLowerCase() && matches(c, candidate))).find((c) => c !== undefined);
}

/** The value column a rule finds in `table`: a telling name anywhere, a generic one only where the table's name says. */
function valueColumn(table: DbTable, rule: ChildRule): DbColumn | undefined {
  const named = find(table, { names: rule.names, kinds: rule.kinds });
  if (named !== undefined) return named;
  return rule.table.test(table.name) ? find(table, { names: rule.genericNames, kinds: rule.kinds }) : undefined;
}

/** The rule a table fits: those whose table words match its name first, so user_emails(phone?) stays emails. */
function childRule(table: DbTable): { rule: ChildRule; value: DbColumn } | undefined {
  const ordered = [...CHILD_RULES.filter((r) => r.table.test(table.name)), ...CHILD_RULES.filter((r) => !r.table.test(table.name))];
  for (const rule of ordered) {
    const value = valueColumn(table, rule);
    if (value !== undefined) return { rule, value };
  }
  return undefined;
}

export interface ChildTables {
  /** Mapped: `phoneNumbers: { table, key, fields }`. */
  readonly relations: readonly DraftRelation[];
  /** Detected but left commented out, each with the reason. */
  readonly offered: readonly DraftRelation[];
}

/**
 * Child tables of the users table: exactly one foreign key, to the users table's key, not unique
 * (one row per user would be a one-to-one extension, not a list), and a column that looks like the
 * attribute's value. `taken` holds the paths the users table already maps through its own columns
 * (`emails[type eq "work"].value`): a config maps an attribute one way or the other, so the
 * column form stays and the table is offered as a comment.
 */
export function childTables(schema: DbSchema, users: DbTable, skip: ReadonlySet<string>, taken: ReadonlyMap<string, string>): ChildTables {
  const relations: DraftRelation[] = [];
  const offered: DraftRelation[] = [];
  for (const table of schema.tables) {
    if (table.name === users.name || skip.has(table.name)) continue;
    const key = singleFkTo(table, users);
    if (key === undefined || table.foreignKeys.length !== 1) continue;
    if ((table.primaryKey.length === 1 && table.primaryKey[0] === key) || table.uniques.some((u) => u.length === 1 && u[0] === key)) continue;
    const found = childRule(table);
    if (found === undefined) continue;
    const { rule, value } = found;
    const fields: Record<string, string> = { value: value.name };
    const other = (c: DbColumn | undefined): c is DbColumn => c !== undefined && c.name !== value.name && c.name !== key;
    const display = find(table, CHILD_DISPLAY_COLUMNS);
    const type = find(table, CHILD_TYPE_COLUMNS) ?? table.columns.find((c) => c.kind === 'string' && /_(type|kind)$/i.test(c.name));
    const primary = find(table, CHILD_PRIMARY_COLUMNS);
    if (other(display)) fields['display'] = display.name;
    if (other(type)) fields['type'] = type.name;
    if (other(primary)) fields['primary'] = primary.name;
    const spec: DraftChildTable = { table: table.name, key, fields };
    const via = `child table ${table.name} (${key} → ${users.name}), guessed from column name ${value.name}`;
    const missing = uncoveredColumns(table, new Set([key, ...Object.values(fields)]));
    const columnForm = taken.get(rule.path);
    if (columnForm !== undefined) {
      offered.push({ path: rule.path, spec, reason: `— not mapped: ${rule.path} already comes from ${users.name}.${columnForm}, and an attribute is mapped through columns or through a table, not both; to take the table instead, remove the ${rule.path}[…] lines above and uncomment this one` });
    } else if (missing.length > 0) {
      offered.push({ path: rule.path, spec, reason: `— not mapped: ${table.name}.${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} NOT NULL without a database default and no field fills ${missing.length > 1 ? 'them' : 'it'}, so SCIM could not write ${rule.path}; give ${missing.length > 1 ? 'them' : 'it'} a default or map ${missing.length > 1 ? 'them' : 'it'} under fields` });
    } else if (relations.some((r) => r.path === rule.path)) {
      offered.push({ path: rule.path, spec, reason: `— another candidate for ${rule.path} (keep one)` });
    } else {
      relations.push({ path: rule.path, spec, reason: via });
    }
  }
  return { relations, offered };
}
