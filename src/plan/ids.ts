/**
 * SCIM ids ↔ key column values. Integer keys carry a per-resource-type prefix (`user-42`) so ids
 * stay unique across resource types (RFC 7643 §3.1); the prefix is stripped wherever an id
 * comes back in (URL paths, filters on id, members.value, manager.value). An id no key column can
 * hold (beyond its integer range, longer than it, not a UUID for a uuid key) names no resource:
 * a 404 in a path, no match in a filter, the same 400 as an unknown id in a reference.
 */
import type { ColumnRef, ColumnValue, IdMapping } from '../mapping/types.js';
import { misfit } from './column-fit.js';

/** The key column value for a SCIM id, or undefined when no row can have it (so: 404, no match). */
export function idToColumn(id: IdMapping, scimId: string): string | number | undefined {
  if (!scimId.startsWith(id.prefix)) return undefined;
  const key = scimId.slice(id.prefix.length);
  let value: string | number | undefined;
  if (id.column.kind === 'integer') value = /^[0-9]{1,15}$/.test(key) ? Number(key) : undefined;
  else if (id.column.kind === 'uuid') value = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key) ? key.toLowerCase() : undefined;
  else value = key === '' ? undefined : key;
  return value !== undefined && misfit(id.column, value) === undefined ? value : undefined;
}

export function idFromColumn(id: IdMapping, value: unknown): string {
  return `${id.prefix}${String(value)}`;
}

/**
 * Another resource's id as the value of a column that references it (manager_id, a join table's
 * member column): the target's key, in the referencing column's type; undefined when the id
 * names no row of the target or cannot be held by the referencing column.
 */
export function referenceToColumn(target: IdMapping, column: ColumnRef, scimId: string): ColumnValue | undefined {
  const key = idToColumn(target, scimId);
  if (key === undefined) return undefined;
  // The referencing column decides the driver type: a number bound to a text column reads back as "1.0" on SQLite.
  const value = column.kind === 'integer' ? Number(key) : String(key);
  return Number.isNaN(value) || misfit(column, value) !== undefined ? undefined : value;
}
