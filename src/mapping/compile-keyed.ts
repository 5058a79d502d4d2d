/**
 * Key-value attributes: `name.givenName: { table: user_meta, key: user_id, where: { meta_key:
 * first_name }, column: meta_value }` reads the value column of the row whose `key` holds the
 * resource's id and whose `where` columns hold those values (WordPress' usermeta, an attributes
 * table). The ColumnRef carries where the row is; sql/ reads it as a subquery, filters it with
 * EXISTS and writes it as an upsert. A missing row reads as NULL.
 */
import { createHash } from 'node:crypto';
import type { RawAttribute } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import type { AttributeContext } from './compile-attribute.js';
import type { ColumnLookup } from './compile-columns.js';
import { columnRef } from './compile-columns.js';
import { findColumn, findTable, type DbTable } from './db-schema.js';
import type { ColumnRef, KeyedRow } from './types.js';

export function isKeyed(spec: RawAttribute): boolean {
  return spec.table !== undefined || spec.key !== undefined || spec.where !== undefined;
}

const missing = (problem: string, hint: string): ColumnLookup => ({ found: false, problem, hint });

function columnOf(table: DbTable, name: string): ColumnLookup {
  const column = findColumn(table, name);
  if (column) return { found: true, column, ref: columnRef(column), table };
  const names = table.columns.map((c) => c.name);
  return missing(`column "${name}" does not exist in table "${table.name}"`, `${suggestion(name, names)}its columns are: ${names.join(', ')}`);
}

export function compileKeyedColumn(ctx: AttributeContext, _at: readonly string[], spec: RawAttribute): ColumnLookup {
  if (spec.table === undefined || spec.key === undefined || spec.where === undefined || Object.keys(spec.where).length === 0) {
    return missing('a key-value attribute needs table, key, where and column', 'e.g. { table: user_meta, key: user_id, where: { meta_key: first_name }, column: meta_value }');
  }
  const table = findTable(ctx.db ?? { tables: [ctx.table] }, spec.table);
  if (table === undefined) {
    const names = (ctx.db?.tables ?? []).map((t) => t.name);
    return missing(`table "${spec.table}" does not exist in the database`, suggestion(spec.table, names) || 'name the key-value table');
  }
  const owner = columnOf(table, spec.key);
  if (!owner.found) return owner;
  const where: KeyedRow['where'][number][] = [];
  for (const [name, value] of Object.entries(spec.where)) {
    const column = columnOf(table, name);
    if (!column.found) return column;
    where.push({ column: { ...column.ref, table: table.name }, value });
  }
  const value = columnOf(table, spec.column);
  if (!value.found) return value;
  const keyed: KeyedRow = { table: table.name, owner: { ...owner.ref, table: table.name }, where, ...newKeyOf(table) };
  const ref: ColumnRef = { ...value.ref, nullable: true, table: table.name, alias: aliasOf(keyed, value.column.name), keyed };
  // A row that is not there reads as NULL, so the attribute is never required by the column.
  return { found: true, column: { ...value.column, nullable: true, hasDefault: true }, ref, table };
}

function aliasOf(keyed: KeyedRow, column: string): string {
  const id = JSON.stringify([keyed.table, keyed.owner.name, keyed.where.map((w) => [w.column.name, w.value]), column]);
  return `kv_${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

/** A text primary key the database does not fill (an id varchar): new rows get a UUID in it. */
function newKeyOf(table: DbTable): { newKey: ColumnRef } | Record<string, never> {
  const [pk, extra] = table.primaryKey;
  const column = pk === undefined || extra !== undefined ? undefined : findColumn(table, pk);
  if (column === undefined || column.autoIncrement || column.hasDefault || !['string', 'uuid', 'other'].includes(column.kind)) return {};
  return { newKey: { ...columnRef(column), table: table.name } };
}
