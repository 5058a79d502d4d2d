/**
 * Column names in the config → ColumnRefs: a column of the resource's own table (`email`), or of a
 * one-to-one side table listed in `join:` (`accounts.display_name`). Every config section that names
 * a column (attributes, scope, defaults, derived, also) looks it up here, so each gets the same
 * did-you-mean and the same ColumnRef for the same column.
 */
import { createHash } from 'node:crypto';
import { suggestion } from '../util/did-you-mean.js';
import { findColumn, type DbColumn, type DbTable } from './db-schema.js';
import type { ColumnRef } from './types.js';

/** The tables a resource's config may name columns of: its own, and its joined side tables. */
export interface ColumnSpace {
  readonly table: DbTable;
  readonly sides: readonly DbTable[];
  /** Set when `table` is itself a side table (its own defaults): its columns are qualified and aliased. */
  readonly sideName?: string;
}

export type ColumnLookup =
  | { readonly found: true; readonly column: DbColumn; readonly ref: ColumnRef; readonly table: DbTable }
  | { readonly found: false; readonly problem: string; readonly hint: string };

/** The longest alias every dialect keeps whole (PostgreSQL cuts identifiers at 63 bytes). */
const MAX_ALIAS = 60;

/** The name a side table's column is read under: `accounts.display_name`, or a digest when too long. */
export function aliasOf(table: string, column: string): string {
  const plain = `${table}.${column}`;
  return plain.length <= MAX_ALIAS ? plain : `c_${createHash('sha256').update(plain).digest('hex').slice(0, 16)}`;
}

/** The ColumnRef of a column of `table`; `side` marks a joined side table's column (qualified and aliased). */
export function columnRef(column: DbColumn, table?: string): ColumnRef {
  return {
    name: column.name, kind: column.kind, nullable: column.nullable,
    ...(column.maxLength !== undefined ? { maxLength: column.maxLength } : {}),
    ...(column.range !== undefined ? { range: column.range } : {}),
    ...(column.allowed !== undefined && column.allowed.length > 0 ? { allowed: column.allowed } : {}),
    ...(column.generated ? { generated: true } : {}),
    ...(column.foldsCase ? { foldsCase: true } : {}),
    ...(table !== undefined ? { table, alias: aliasOf(table, column.name) } : {}),
  };
}

/** Looks up `name` (`column` or `side_table.column`). */
export function lookupColumn(space: ColumnSpace, name: string): ColumnLookup {
  const own = findColumn(space.table, name);
  if (own) return { found: true, column: own, ref: columnRef(own, space.sideName), table: space.table };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const sideName = name.slice(0, dot);
    const side = space.sides.find((t) => t.name === sideName);
    if (side) return lookupSide(side, name.slice(dot + 1));
    if (space.sides.length === 0 && !findColumn(space.table, name)) {
      return { found: false, problem: `"${sideName}" is not a joined table of ${space.table.name}`, hint: `list it under join:, e.g. join: { ${sideName}: { on: { ${sideName}_id: id } } }, or name a column of ${space.table.name}` };
    }
  }
  const names = [...space.table.columns.map((c) => c.name), ...space.sides.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))];
  return {
    found: false,
    problem: `column "${name}" does not exist in table "${space.table.name}"${space.sides.length > 0 ? ` or its joined tables (${space.sides.map((t) => t.name).join(', ')})` : ''}`,
    hint: `${suggestion(name, names)}${space.sides.length > 0 ? 'the columns are' : "the table's columns are"}: ${names.join(', ')}`,
  };
}

function lookupSide(side: DbTable, name: string): ColumnLookup {
  const column = findColumn(side, name);
  if (column) return { found: true, column, ref: columnRef(column, side.name), table: side };
  const names = side.columns.map((c) => c.name);
  return { found: false, problem: `column "${name}" does not exist in the joined table "${side.name}"`, hint: `${suggestion(name, names)}its columns are: ${names.join(', ')}` };
}
