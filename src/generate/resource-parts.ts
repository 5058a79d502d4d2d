/**
 * What every drafted resource needs once its attributes are known: the id, the create-only
 * defaults for the NOT NULL columns left empty (and the note when some cannot be filled), the
 * columns left over as commented lines, and the credentials note. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { proposeDefaults } from './defaults.js';
import type { DraftColumn, DraftDefault, DraftResource } from './draft.js';
import { columnNamed, keyColumn, needsValue, type SchemaView } from './schema-view.js';

export function idOf(table: DbTable): DraftResource['id'] {
  const key = keyColumn(table);
  if (key === undefined) return undefined;
  const pk = table.primaryKey.length === 1;
  return { column: key, reason: pk ? 'the primary key' : 'a unique, not-null column (the table has no single-column primary key)' };
}

export interface Filled {
  readonly defaults: readonly DraftDefault[];
  readonly uncovered: readonly string[];
  readonly notes: readonly string[];
}

/** The soft-delete marker a create must set to "live" when the database gives it no default. */
function liveDefault(table: DbTable, soft: string | undefined): DraftDefault | undefined {
  const column = soft === undefined ? undefined : columnNamed(table, soft);
  if (column === undefined || !needsValue(column)) return undefined;
  const value = column.kind === 'boolean' ? false : column.kind === 'integer' ? 0 : null;
  return value === null ? undefined : { column: column.name, value, reason: 'the soft-delete marker: created rows are live' };
}

/** Defaults for the NOT NULL columns of `table` that nothing in `written` fills. */
export function fillDefaults(view: SchemaView, name: 'User' | 'Group', table: DbTable, written: ReadonlySet<string>, usersTable: boolean, soft?: string): Filled {
  const live = liveDefault(table, soft);
  const missing = table.columns.filter((c) => needsValue(c) && !written.has(c.name) && c.name !== live?.column).map((c) => c.name);
  const { defaults, uncovered } = proposeDefaults(view, table, missing, { usersTable });
  const notes = uncovered.length === 0 ? [] : [uncoveredNote(name, table.name, uncovered)];
  return { defaults: [...(live !== undefined ? [live] : []), ...defaults], uncovered: uncovered.map((u) => u.column), notes };
}

/** The CHECK note for NOT NULL columns nothing fills, each with why, and the fix. */
export function uncoveredNote(name: 'User' | 'Group', table: string, uncovered: readonly { column: string; why: string }[]): string {
  const endpoint = name === 'User' ? '/Users' : '/Groups';
  const columns = uncovered.map((u) => u.column);
  const many = columns.length > 1;
  return `CHECK: POST ${endpoint} will fail until ${columns.join(', ')} ${many ? 'have' : 'has'} a value: ` +
    `${table}.${columns.join(`, ${table}.`)} ${many ? 'are' : 'is'} NOT NULL without a database default and nothing fills ${many ? 'them' : 'it'} ` +
    `(${uncovered.map((u) => u.why).join('; ')}). Give ${many ? 'them' : 'it'} a default in the database ` +
    `(e.g. ALTER TABLE ${table} ALTER COLUMN ${columns[0] ?? ''} SET DEFAULT …), map ${many ? 'them' : 'it'} above, or add derived:/defaults: entries.`;
}

/** Columns no rule used: commented-out lines, with the path a losing candidate could feed. */
export function leftOver(table: DbTable, used: ReadonlySet<string>, alternatives: ReadonlyMap<string, string>): readonly DraftColumn[] {
  return table.columns.filter((c) => !used.has(c.name)).map((c) => {
    const path = alternatives.get(c.name);
    return {
      column: c.name, dataType: c.dataType, nullable: c.nullable,
      ...(path !== undefined ? { path, note: `— another candidate for ${path} (keep one)` } : {}),
    };
  });
}

export function credentialNote(columns: readonly string[]): readonly string[] {
  return columns.length === 0 ? [] : [`not mapped: credential (credentials never travel over SCIM): ${columns.join(', ')}`];
}
