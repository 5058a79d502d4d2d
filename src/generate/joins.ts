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
import { proposeDefaults } from './defaults.js';
import type { DraftAttribute, DraftJoin } from './draft.js';
import { ownerColumn } from './owner.js';
import {
  eachValueOnce, isUniqueAlone, keyColumn, needsValue, referencesFrom, tableNamed, type SchemaView,
} from './schema-view.js';
import { hasAny, tableWords } from './words.js';

export interface SideTable {
  readonly table: DbTable;
  /** The users table's column → the side table's column. */
  readonly on: { readonly column: string; readonly sideColumn: string };
  readonly why: string;
}

const PROFILE_WORDS: ReadonlySet<string> = new Set(['profile', 'detail', 'info', 'information', 'account', 'entity', 'partner', 'person', 'contact', 'extra', 'data', 'datum', 'field', 'personal', 'identity', 'employee', 'staff', 'member', 'user', 'userprofile']);
/** Rows that exist for some users only (bots, sessions, settings): never joined as the person's other half. */
const OTHER_WORDS: ReadonlySet<string> = new Set(['bot', 'service', 'token', 'session', 'setting', 'preference', 'log', 'audit', 'stat', 'statistic', 'notification', 'device', 'key', 'secret', 'password', 'otp', 'totp', 'mfa', 'lock', 'ban', 'invite', 'invitation']);

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
    if (owner !== undefined && isUniqueAlone(table, owner.column.name)) {
      out.push({ table, on: { column: key, sideColumn: owner.column.name }, why: `${table.name}.${owner.column.name} → ${users.name}.${key} is unique: one ${table.name} row per user` });
    }
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

/** Joins the side tables that hold attributes not yet `taken`, with the attributes they bring. */
export function proposeJoins(view: SchemaView, sides: readonly SideTable[], taken: ReadonlySet<string>): JoinProposal {
  const joins: DraftJoin[] = [];
  const attributes: DraftAttribute[] = [];
  const paths = new Set(taken);
  for (const side of sides) {
    const skip = new Set([side.on.sideColumn, ...credentialColumns(side.table.columns), ...(keyColumn(side.table) !== undefined ? [keyColumn(side.table) ?? ''] : [])]);
    const entries = USER_ENTRIES.filter((e) => !e.path.startsWith('meta.'));
    const found = guessAttributes(view, side.table, entries, { skip, taken: paths, qualifier: `${side.table.name}.` }).attributes;
    if (found.length === 0) continue;
    for (const a of found) paths.add(a.path);
    const written = new Set([...skip, ...found.map((a) => a.column.slice(side.table.name.length + 1))]);
    const missing = side.table.columns.filter((c) => needsValue(c) && !written.has(c.name)).map((c) => c.name);
    const { defaults, uncovered } = proposeDefaults(view, side.table, missing, { usersTable: true });
    joins.push({
      table: side.table.name, on: side.on, defaults, reason: `one-to-one: ${side.why}`,
      ...(uncovered.length > 0 ? { check: `creating a user inserts a ${side.table.name} row, whose ${uncovered.map((u) => u.column).join(', ')} nothing fills: ${uncovered.map((u) => u.why).join('; ')}` } : {}),
    });
    attributes.push(...found);
  }
  return { joins, attributes };
}
