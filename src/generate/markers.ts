/**
 * Two single-column markers of the users table: soft delete (`deleted_at`, `is_deleted`,
 * `deleted`, Mattermost's `DeleteAt = 0`), and the manager as a self-reference (`manager_id`,
 * `supervisor_id`, `reports_to`, `mgr_id`): a foreign key to the users key, or — where none is
 * declared — a column named so whose type fits the key. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { MANAGER_PATH } from './dictionary.js';
import type { DraftAttribute } from './draft.js';
import { epochOf, type EpochUnit } from './epoch.js';
import { columnNamed, keyColumn, sameKeyKind, type SchemaView } from './schema-view.js';
import { splitWords } from './words.js';

const SOFT_DELETE = ['deleted at', 'deleted on', 'delete at', 'date deleted', 'discarded at', 'removed at', 'trashed at', 'deleted', 'is deleted', 'delete'];

/** Whether a column is named like a soft-delete marker (`deleted_at`, `DeleteAt`, `is_deleted`). */
export function namedLikeSoftDelete(column: DbColumn): boolean {
  return SOFT_DELETE.includes(splitWords(column.name).join(' '));
}

export interface SoftDelete {
  readonly soft: string;
  readonly reason: string;
  /** An integer marker holding Unix time (Mattermost's `DeleteAt`: 0 = live, else when it was deleted). */
  readonly epoch?: EpochUnit;
}

/** The soft-delete marker: a nullable timestamp, a boolean, or an integer (0 = live; a Unix time when named like one). */
export function softDeleteColumn(view: SchemaView, table: DbTable, skip: ReadonlySet<string>): SoftDelete | undefined {
  const fits = (c: DbColumn): boolean => (c.kind === 'dateTime' && c.nullable) || c.kind === 'boolean' || c.kind === 'integer';
  const ranked = table.columns
    .filter((c) => !skip.has(c.name) && fits(c))
    .map((c) => ({ c, rank: SOFT_DELETE.indexOf(splitWords(c.name).join(' ')) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank);
  const found = ranked[0]?.c;
  if (found === undefined) return undefined;
  const live = found.kind === 'dateTime' ? 'NULL' : found.kind === 'boolean' ? 'false' : '0';
  const epoch = found.kind === 'integer' ? epochOf(view, table.name, found) : undefined;
  return {
    soft: found.name, ...(epoch !== undefined ? { epoch: epoch.unit } : {}),
    reason: `guessed from column name ${found.name}: rows marked deleted are 404 to SCIM (live rows hold ${live}${epoch !== undefined ? `; deleting writes the time in Unix ${epoch.unit}, ${epoch.why}` : ''})`,
  };
}

const MANAGER = ['manager', 'supervisor', 'reports to', 'boss', 'line manager', 'superior', 'manager user'];

/** The manager column: a self-referencing foreign key, or a column named like one typed like the key. */
export function managerAttribute(table: DbTable, skip: ReadonlySet<string>): DraftAttribute | undefined {
  const key = keyColumn(table);
  const keyCol = key === undefined ? undefined : columnNamed(table, key);
  if (key === undefined || keyCol === undefined) return undefined;
  const named = (c: DbColumn): boolean => {
    const words = splitWords(c.name);
    const stem = words[words.length - 1] === 'id' ? words.slice(0, -1) : words;
    return MANAGER.includes(stem.join(' '));
  };
  for (const column of table.columns) {
    // created_by, invited_by, bot_owner_id also point back at the users table: the name must say manager.
    if (skip.has(column.name) || column.name === key || !named(column)) continue;
    const fk = table.foreignKeys.some((f) => f.refTable === table.name && f.columns.length === 1 && f.columns[0] === column.name && f.refColumns[0] === key);
    if (fk) return { path: MANAGER_PATH, column: column.name, reason: `${column.name} references ${table.name}.${key}: SCIM shows it as the manager's User id` };
    if (sameKeyKind(column, keyCol)) {
      return { path: MANAGER_PATH, column: column.name, reason: `${column.name} is named like a manager and typed like ${table.name}.${key} (no foreign key declared): the manager's User id` };
    }
  }
  return undefined;
}
