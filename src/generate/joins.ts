/**
 * One-to-one side tables: a person split over the users table and a profile / account / entity /
 * partner row, linked in either direction — the side row points at the user with a unique owner
 * column (`profiles.user_id`), or the user points at a row that is one per user (`users.partner_id`
 * unique, or pointing at a table of people, or each sampled value used once). Such a table is
 * joined (`join: { profiles: { on: { id: user_id } } }`) when it holds attributes the users table
 * lacks, and its references are never tenants. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { guessAttributes } from './attributes.js';
import { emailColumn, loginColumn } from './columns.js';
import { credentialColumns } from './credentials.js';
import { USER_ENTRIES } from './dictionary.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import type { DraftAttribute, DraftJoin } from './draft.js';
import { ownerColumn } from './owner.js';
import { proposeActive } from './active.js';
import { proposeUserName } from './identity.js';
import {
  eachValueOnce, factsOf, isUniqueAlone, keyColumn, referencesFrom, tableNamed, type SchemaView,
} from './schema-view.js';
import { hasAny, splitWords, tableWords } from './words.js';

export interface SideTable {
  readonly table: DbTable;
  /** The users table's column → the side table's column. */
  readonly on: { readonly column: string; readonly sideColumn: string };
  readonly why: string;
  /** Several rows per user, one flagged as the one that counts (Drupal's `default_langcode = 1`): the side scope. */
  readonly flag?: { readonly column: string; readonly value: boolean | number };
}

const PROFILE_WORDS: ReadonlySet<string> = new Set(['profile', 'detail', 'info', 'information', 'account', 'entity', 'partner', 'person', 'contact', 'extra', 'data', 'datum', 'field', 'personal', 'identity', 'employee', 'staff', 'member', 'user', 'userprofile']);
/** Rows that exist for some users only (bots, sessions, settings): never joined as the person's other half. */
const OTHER_WORDS: ReadonlySet<string> = new Set(['bot', 'service', 'token', 'session', 'setting', 'preference', 'log', 'audit', 'stat', 'statistic', 'notification', 'device', 'key', 'secret', 'password', 'otp', 'totp', 'mfa', 'lock', 'ban', 'invite', 'invitation',
  // A group's own half (Guacamole's `guacamole_user_group` row per group entity) is not a person's.
  'group', 'usergroup', 'team', 'cohort', 'role']);

/** Words of a flag marking the row that counts among several per user (`default_langcode`, `is_primary`). */
const CHOSEN_WORDS: ReadonlySet<string> = new Set(['default', 'primary', 'current', 'main']);

/**
 * The flag of a side table keyed by (owner, something): one row per user and language, version or
 * the like, the flagged one being the person's. Its value is the one most sampled rows hold.
 */
function chosenRowFlag(view: SchemaView, table: DbTable, owner: string): SideTable['flag'] {
  const keyed = table.primaryKey.includes(owner) || table.uniques.some((u) => u.includes(owner));
  if (!keyed) return undefined;
  for (const c of table.columns) {
    if (!hasAny(splitWords(c.name), CHOSEN_WORDS) || (c.kind !== 'boolean' && c.kind !== 'integer')) continue;
    const values = factsOf(view, table.name, c.name)?.values ?? [];
    const flag = values.every((v) => [0, 1, true, false].includes(v.value as number | boolean));
    if (c.kind === 'boolean') return { column: c.name, value: true };
    if (flag && values.length > 0) return { column: c.name, value: 1 };
  }
  return undefined;
}

function personHalf(view: SchemaView, table: DbTable): boolean {
  const words = tableWords(table.name, view.prefixes);
  return hasAny(words, PROFILE_WORDS) && !hasAny(words, OTHER_WORDS);
}

/** Tables holding one row per user, in either direction. */
export function sideTables(view: SchemaView, users: DbTable): readonly SideTable[] {
  const out: SideTable[] = [];
  const key = keyColumn(users);
  for (const table of view.schema.tables) {
    if (table.name === users.name || key === undefined || !personHalf(view, table)) continue;
    const owner = ownerColumn(view, table, users);
    if (owner === undefined) continue;
    const on = { column: key, sideColumn: owner.column.name };
    if (isUniqueAlone(table, owner.column.name)) {
      out.push({ table, on, why: `${table.name}.${owner.column.name} → ${users.name}.${key} is unique: one ${table.name} row per user` });
      continue;
    }
    const flag = chosenRowFlag(view, table, owner.column.name);
    if (flag !== undefined) out.push({ table, on, flag, why: `${table.name} holds several rows per user (${table.primaryKey.join(', ')}), the one with ${flag.column} = ${String(flag.value)} being the user's` });
  }
  for (const ref of referencesFrom(view, users)) {
    const table = tableNamed(view, ref.table);
    // A nullable link (an avatar upload, an optional profile) would hide the users without one.
    const column = users.columns.find((c) => c.name === ref.column);
    if (table === undefined || table.name === users.name || out.some((s) => s.table.name === table.name) || column?.nullable !== false) continue;
    if (!personHalf(view, table) && loginColumn(table) === undefined && emailColumn(table) === undefined) continue;
    const people = loginColumn(table) !== undefined || emailColumn(table) !== undefined;
    const why = isUniqueAlone(users, ref.column) ? `${users.name}.${ref.column} is unique`
      : people ? `${table.name} holds people's details (names, email)`
        : eachValueOnce(view, users.name, ref.column) !== undefined ? `each sampled user has its own ${ref.column}` : undefined;
    if (why !== undefined) out.push({ table, on: { column: ref.column, sideColumn: ref.refColumn }, why: `${users.name}.${ref.column} → ${table.name}.${ref.refColumn}: ${why}, one row per user` });
  }
  return out;
}

export interface JoinProposal {
  readonly joins: readonly DraftJoin[];
  readonly attributes: readonly DraftAttribute[];
}

/** userName from a side table, when the users table has no login, handle or email of its own (Drupal's `users_field_data.name`). */
export function sideUserName(sides: readonly SideTable[]): DraftAttribute | undefined {
  for (const side of sides) {
    const skip = new Set([side.on.sideColumn, ...credentialColumns(side.table.columns)]);
    const found = proposeUserName(side.table, side.flag !== undefined ? [side.flag.column] : [], skip, `${side.table.name}.`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The side table's columns `attributes` name (`profiles.phone` → phone). */
function ownColumns(side: SideTable, attributes: readonly DraftAttribute[]): string[] {
  const prefix = `${side.table.name}.`;
  return attributes.flatMap((a) => [a.column, ...(a.also ?? []).map((c) => c.column)]).filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
}

/** `active` from a side table's columns, named `table.column` (Guacamole's `guacamole_user.disabled`). */
function sideActive(view: SchemaView, side: SideTable, skip: ReadonlySet<string>): DraftAttribute | undefined {
  const found = proposeActive(view, side.table, skip).attribute;
  const q = (c: string): string => `${side.table.name}.${c}`;
  return found === undefined ? undefined : { ...found, column: q(found.column), ...(found.also !== undefined ? { also: found.also.map((c) => ({ ...c, column: q(c.column) })) } : {}) };
}

/**
 * Joins the side tables that hold attributes not yet `taken` (or that `given` attributes already
 * read, such as a userName), with the attributes they bring and the create-only defaults of
 * their NOT NULL columns.
 */
export function proposeJoins(view: SchemaView, sides: readonly SideTable[], taken: ReadonlySet<string>, given: readonly DraftAttribute[] = []): JoinProposal {
  const joins: DraftJoin[] = [];
  const attributes: DraftAttribute[] = [];
  const paths = new Set([...taken, ...given.map((a) => a.path)]);
  for (const side of sides) {
    const skip = new Set([side.on.sideColumn, ...credentialColumns(side.table.columns), ...ownColumns(side, given), ...(side.flag !== undefined ? [side.flag.column] : []),
      ...(keyColumn(side.table) !== undefined && side.table.primaryKey.length === 1 ? [keyColumn(side.table) ?? ''] : [])]);
    const entries = USER_ENTRIES.filter((e) => !e.path.startsWith('meta.'));
    const found = [...guessAttributes(view, side.table, entries, { skip, taken: paths, qualifier: `${side.table.name}.` }).attributes];
    const active = paths.has('active') ? undefined : sideActive(view, side, new Set([...skip, ...ownColumns(side, found)]));
    if (active !== undefined) found.push(active);
    const mine = given.filter((a) => a.column.startsWith(`${side.table.name}.`));
    if (found.length === 0 && mine.length === 0) continue;
    for (const a of found) paths.add(a.path);
    // Credentials were skipped so nothing maps them; a NOT NULL one still needs its create-only value.
    const credentials = new Set(credentialColumns(side.table.columns));
    const written = new Set([...skip, ...ownColumns(side, found)].filter((c) => !credentials.has(c)));
    const { defaults, uncovered } = proposeDefaults(view, side.table, columnsToFill(view, side.table, written), { usersTable: true });
    joins.push({
      table: side.table.name, on: side.on, defaults, reason: `one-to-one: ${side.why}`,
      ...(uncovered.length > 0 ? { check: `creating a user inserts a ${side.table.name} row, whose ${uncovered.map((u) => u.column).join(', ')} nothing fills: ${uncovered.map((u) => u.why).join('; ')}` } : {}),
    });
    attributes.push(...found);
  }
  return { joins, attributes };
}
