/**
 * WritePlan → INSERT / UPDATE / DELETE inside one transaction. Uniqueness is checked in the same
 * transaction as the write (and backed by the database's own unique index where one exists:
 * its violation is translated by db-errors.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import { NOW, UUID, type ColumnRef, type ColumnValue, type DefaultColumnValue, type ResourceMapping } from '../mapping/types.js';
import type { UniqueCheck, WritePlan } from '../plan/write-plan.js';
import type { Dialect } from './dialect.js';
import { liveRows } from './read.js';

/** NOW → this write's timestamp, UUID → a new random UUID; every value → what the driver binds. */
function bindColumns(dialect: Dialect, resource: ResourceMapping, columns: Readonly<Record<string, DefaultColumnValue>>, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(columns)) {
    const logical: ColumnValue = value === NOW ? now : value === UUID ? randomUUID() : value;
    out[name] = dialect.bind(logical, columnRef(resource, name));
  }
  return out;
}

function columnRef(resource: ResourceMapping, name: string): ColumnRef {
  return resource.attributes.find((a) => a.column.name === name)?.column
    ?? resource.scope.find((s) => s.column.name === name)?.column
    ?? resource.insertDefaults?.find((d) => d.column.name === name)?.column
    ?? { name, kind: 'string' as const, nullable: true };
}

/**
 * The lock key of one unique value: table, column, scope and the value as compared (folded when
 * caseExact is false), hashed so it fits every dialect's lock name.
 */
function uniqueLockKey(resource: ResourceMapping, check: UniqueCheck): string {
  const value = check.value instanceof Date ? check.value.toISOString() : String(check.value);
  const folded = check.attr.characteristics.caseExact ? value : value.toLowerCase();
  const scope = resource.scope.map((s) => `${s.column.name}=${String(s.value)}`).join('&');
  return createHash('sha256').update(JSON.stringify([resource.table, check.attr.column.name, scope, folded])).digest('hex');
}

/**
 * RFC 7643 §2.4 uniqueness, checked inside the write's transaction. Each value is locked first
 * (Dialect.lockKey, in key order so two writers cannot deadlock), so two concurrent POSTs of the
 * same userName serialise: the second sees the first's committed row and gets 409, with or
 * without a unique index in the database.
 */
export async function checkUnique(db: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, checks: readonly UniqueCheck[], exceptKey?: string | number): Promise<void> {
  const live = checks.filter((c) => c.value !== NOW);
  for (const key of [...new Set(live.map((c) => uniqueLockKey(resource, c)))].sort()) await dialect.lockKey(db, key);
  for (const { attr, value } of live) {
    if (value === NOW) continue;
    const column = `${resource.table}.${attr.column.name}`;
    const query = liveRows(db, dialect, resource).first(`${resource.table}.${resource.id.column.name}`);
    const textual = attr.column.kind === 'string' || attr.column.kind === 'other';
    if (textual) {
      const cmp = dialect.textCompare(column, 'eq', String(value), attr.characteristics.caseExact);
      query.whereRaw(cmp.sql, cmp.bindings as Knex.RawBinding[]);
    } else {
      query.where(column, dialect.bind(value, attr.column) as Knex.Value);
    }
    if (exceptKey !== undefined) query.whereNot(`${resource.table}.${resource.id.column.name}`, exceptKey);
    if (await query) {
      throw ScimError.of('uniqueness', `A ${resource.name} with this ${attr.key} already exists${attr.characteristics.caseExact ? '' : ' (compared case-insensitively)'}.`);
    }
  }
}

export async function insertRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, plan: WritePlan): Promise<string | number> {
  await checkUnique(trx, dialect, resource, plan.uniqueChecks);
  const row = bindColumns(dialect, resource, plan.columns, new Date());
  const idColumn = resource.id.column.name;
  if (resource.id.generate === 'uuid') {
    row[idColumn] = randomUUID();
    await trx(resource.table).insert(row);
    return row[idColumn] as string;
  }
  return (await dialect.insertReturningKey(trx, resource.table, row, idColumn)) as string | number;
}

export async function updateRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number, plan: WritePlan): Promise<void> {
  if (Object.keys(plan.columns).length === 0) return;
  await checkUnique(trx, dialect, resource, plan.uniqueChecks, key);
  await trx(resource.table)
    .where(resource.id.column.name, key)
    .update(bindColumns(dialect, resource, plan.columns, new Date()));
}

/** Hard delete removes the row; soft delete sets the marker (the row stays in the application's table). */
export async function deleteRow(trx: Knex.Transaction, dialect: Dialect, resource: ResourceMapping, key: string | number): Promise<void> {
  const del = resource.delete;
  const rows = liveRows(trx, dialect, resource).where(`${resource.table}.${resource.id.column.name}`, key);
  if (del.mode === 'soft') {
    const value = del.deleted === NOW ? new Date() : del.deleted;
    await rows.update({ [del.column.name]: dialect.bind(value, del.column) });
  } else {
    await rows.delete();
  }
}
