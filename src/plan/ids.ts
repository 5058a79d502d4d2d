/**
 * SCIM ids ↔ key column values. Integer keys carry a per-resource-type prefix (`user-42`) so ids
 * stay unique across resource types (RFC 7643 §3.1); the prefix is stripped wherever an id
 * comes back in (URL paths, filters on id, members.value, manager.value).
 */
import type { IdMapping } from '../mapping/types.js';

/** The key column value for a SCIM id, or undefined when no row can have it (so: 404, no match). */
export function idToColumn(id: IdMapping, scimId: string): string | number | undefined {
  if (!scimId.startsWith(id.prefix)) return undefined;
  const key = scimId.slice(id.prefix.length);
  if (id.column.kind === 'integer') return /^[0-9]{1,15}$/.test(key) ? Number(key) : undefined;
  if (id.column.kind === 'uuid') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key) ? key.toLowerCase() : undefined;
  return key === '' ? undefined : key;
}

export function idFromColumn(id: IdMapping, value: unknown): string {
  return `${id.prefix}${String(value)}`;
}
