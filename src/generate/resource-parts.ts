/**
 * What every drafted resource needs once its attributes are known: the id, the create-only
 * defaults for the NOT NULL columns left empty (and the note when some cannot be filled), the
 * columns left over as commented lines, and the credentials note. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import { neverNull } from './sampled.js';
import type { DraftAttribute, DraftColumn, DraftDefault, DraftResource } from './draft.js';
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

export interface FillInputs {
  /** Columns something else writes (attributes, scope, id, derived, joins). */
  readonly written: ReadonlySet<string>;
  /** Of those, the columns attributes map: they may get a fallback for creates that do not send the attribute. */
  readonly mapped: ReadonlySet<string>;
  readonly usersTable: boolean;
  readonly soft?: string;
  /** About how many sampled rows the resource's scope keeps. */
  readonly kept?: number;
}

/** Defaults for the columns of `table` a create must fill that nothing in `written` fills, and fallbacks for mapped ones. */
export function fillDefaults(view: SchemaView, name: 'User' | 'Group', table: DbTable, inputs: FillInputs): Filled {
  const live = liveDefault(table, inputs.soft);
  const missing = columnsToFill(view, table, new Set([...inputs.written, ...(live !== undefined ? [live.column] : [])]));
  const fallbacks = [...inputs.mapped].filter((c) => { const col = columnNamed(table, c); return col !== undefined && (needsValue(col) || neverNull(view, table.name, col)); })
    .map((c) => ({ name: c, need: 'fallback' as const }));
  const { defaults, uncovered } = proposeDefaults(view, table, [...missing, ...fallbacks], { usersTable: inputs.usersTable, ...(inputs.kept !== undefined ? { kept: inputs.kept } : {}) });
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

/** Columns of the resource's own table that optional, plain attributes map: those may take a fallback default. */
export function plainColumns(attributes: readonly DraftAttribute[]): ReadonlySet<string> {
  // meta.* are the server's to write; userName and displayName are required; active has its own map.
  return new Set(attributes.filter((a) => a.keyed === undefined && !a.column.includes('.') && a.required !== true && a.map === undefined && a.also === undefined
    && a.epoch === undefined && !a.path.startsWith('meta.') && a.path !== 'active')
    .map((a) => a.column));
}
