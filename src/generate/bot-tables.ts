/**
 * Rows of the users table that are not people because another table says so: a table named like
 * bots, robots or service accounts with one row per such user (Mattermost's `Bots.UserId`, phpBB's
 * `phpbb_bots.user_id`). The User resource joins it and keeps the users without a row there
 * (`scope: { Bots.UserId: null }`: "no such row"), so bots are not served and creates insert none. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import type { DraftJoin, DraftScope } from './draft.js';
import { ownerColumn } from './owner.js';
import { factsOf, isUniqueAlone, keyColumn, sampledRows, type SchemaView } from './schema-view.js';
import { hasAny, hasPhrase, tableWords } from './words.js';

/** Table words that name machine accounts (never `api_keys` or `apps`: people have those too). */
const BOT_WORDS: ReadonlySet<string> = new Set(['bot', 'robot']);

export interface NonPersonTable {
  readonly join: DraftJoin;
  readonly scope: DraftScope;
}

/** Whether each sampled value of `table.column` appears once: one row per user, as far as the data tells. */
function oncePerValue(view: SchemaView, table: string, column: string): boolean {
  const facts = factsOf(view, table, column);
  const rows = sampledRows(view, table);
  return facts !== undefined && rows !== undefined && rows > 0 && facts.distinct === rows - facts.nulls;
}

/** The bot / service-account tables of `users`, each joined and scoped to "no row". */
export function nonPersonTables(view: SchemaView, users: DbTable): readonly NonPersonTable[] {
  const key = keyColumn(users);
  if (key === undefined) return [];
  const out: NonPersonTable[] = [];
  for (const table of view.schema.tables) {
    const words = tableWords(table.name, view.prefixes);
    if (table.name === users.name || !(hasAny(words, BOT_WORDS) || hasPhrase(words, 'service account'))) continue;
    const owner = ownerColumn(view, table, users);
    if (owner === undefined || !(isUniqueAlone(table, owner.column.name) || oncePerValue(view, table.name, owner.column.name))) continue;
    const column = owner.column.name;
    out.push({
      join: { table: table.name, on: { column: key, sideColumn: column }, defaults: [], reason: `${table.name}.${column} → ${users.name}.${key}: the users with a row there are ${table.name}, not people` },
      scope: { column: `${table.name}.${column}`, value: null, reason: `people only: users with a ${table.name} row are not people (creates insert none)` },
    });
  }
  return out;
}
