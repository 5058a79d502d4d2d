/**
 * How unique a column is, read from `uniques` AND `indexes`: alone, case-insensitively (a unique
 * index on lower(login)), within the scope's columns (unique (realm_id, username)), only among
 * live rows (a partial index), or not at all. userName must be unique (RFC 7643 §4.1.1). Pure.
 */
import type { DbIndex, DbTable } from '../mapping/db-schema.js';
import { isUniqueAlone } from './schema-view.js';

export type Uniqueness =
  | { readonly kind: 'unique' }
  | { readonly kind: 'caseInsensitive'; readonly index: string }
  | { readonly kind: 'within'; readonly columns: readonly string[] }
  | { readonly kind: 'partial'; readonly where: string }
  | { readonly kind: 'withOthers'; readonly columns: readonly string[] }
  | { readonly kind: 'none' };

/** The column's key in an index: the column itself, or lower()/upper() of it. */
function keyOn(index: DbIndex, column: string): 'plain' | 'folded' | undefined {
  const key = index.keys.find((k) => k.column === column);
  if (key === undefined) return undefined;
  return key.fold !== undefined ? 'folded' : key.expression === undefined ? 'plain' : undefined;
}

/** The other columns of a composite unique that includes `column`. */
function companions(table: DbTable, column: string): readonly (readonly string[])[] {
  const fromUniques = table.uniques.filter((u) => u.length > 1 && u.includes(column)).map((u) => u.filter((c) => c !== column));
  const fromIndexes = (table.indexes ?? [])
    .filter((i) => i.unique && !i.partial && i.keys.length > 1 && keyOn(i, column) !== undefined && i.keys.every((k) => k.column !== undefined))
    .map((i) => i.keys.map((k) => k.column ?? '').filter((c) => c !== column));
  return [...fromUniques, ...fromIndexes];
}

/**
 * `scopeColumns` are the columns the resource is scoped by (a tenant, a type): unique together with
 * them is unique for SCIM.
 */
export function uniquenessOf(table: DbTable, column: string, scopeColumns: readonly string[] = []): Uniqueness {
  if (isUniqueAlone(table, column)) return { kind: 'unique' };
  const indexes = (table.indexes ?? []).filter((i) => i.unique);
  const folded = indexes.find((i) => !i.partial && i.keys.length === 1 && keyOn(i, column) === 'folded');
  if (folded !== undefined) return { kind: 'caseInsensitive', index: folded.name };
  const groups = companions(table, column);
  const within = groups.find((others) => others.every((c) => scopeColumns.includes(c)));
  if (within !== undefined) return { kind: 'within', columns: within };
  const partial = indexes.find((i) => i.partial && i.keys.length === 1 && keyOn(i, column) !== undefined);
  if (partial !== undefined) return { kind: 'partial', where: partial.where ?? 'a condition' };
  const foldedWithin = indexes.find((i) => !i.partial && i.keys.length > 1 && keyOn(i, column) === 'folded'
    && i.keys.every((k) => k.column === column || (k.column !== undefined && scopeColumns.includes(k.column))));
  if (foldedWithin !== undefined) return { kind: 'within', columns: foldedWithin.keys.map((k) => k.column ?? '').filter((c) => c !== column) };
  const [others] = groups;
  return others !== undefined ? { kind: 'withOthers', columns: others } : { kind: 'none' };
}

/** The reason (or CHECK) text for a userName column's uniqueness. */
export function describeUniqueness(table: string, column: string, u: Uniqueness): { reason?: string; check?: string } {
  switch (u.kind) {
    case 'unique': return { reason: 'unique in the database' };
    case 'caseInsensitive': return { reason: `unique case-insensitively (index ${u.index} on lower(${column}))` };
    case 'within': return { reason: `unique within the scope (${[...u.columns, column].join(', ')})` };
    case 'partial': return { reason: `unique where ${u.where}`, check: `${table}.${column} is unique only where ${u.where}: confirm SCIM never sees the other rows` };
    case 'withOthers': return { check: `${table}.${column} is unique only together with ${u.columns.join(', ')}: scope the resource by ${u.columns.length > 1 ? 'them' : 'it'}, or two users may share a userName` };
    case 'none': return { check: `${table}.${column} has no unique index: add one, or concurrent creates can store duplicates` };
  }
}
