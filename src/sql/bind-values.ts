/** Config values (constants and generators) → what a driver binds, for every write. */
import { randomUUID } from 'node:crypto';
import { NOW, UUID, isOwnerColumn, type ColumnRef, type ColumnValue, type DefaultColumnValue } from '../mapping/types.js';
import type { Dialect } from './dialect.js';

/**
 * NOW → this write's timestamp, UUID → a new random UUID, `$owner.<column>` → that column of
 * `owner` (the owning row, read by the caller); the result as the driver binds it.
 */
export function resolveValue(dialect: Dialect, column: ColumnRef, value: DefaultColumnValue, now: Date, owner?: Readonly<Record<string, unknown>>): unknown {
  if (isOwnerColumn(value)) return owner?.[value.owner.name] ?? null;
  const logical: ColumnValue = value === NOW ? now : value === UUID ? randomUUID() : value;
  return dialect.bind(logical, column);
}
