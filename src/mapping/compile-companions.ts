/**
 * `onCreate:` → CompanionRows: rows an application expects beside each new resource (Grafana's
 * org_user membership, Zammad's default role, Joomla's Registered group). Each value is a constant,
 * a generator, or `$owner.<column>` — a column of the new resource's row (`$owner.id`: its key).
 */
import type { RawCompanionRow } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import { compileDefaultsIn } from './compile-defaults.js';
import { columnRef } from './compile-columns.js';
import { findColumn, findTable, type DbSchema, type DbTable } from './db-schema.js';
import type { Problems } from './problems.js';
import { isOwnerColumn, type CompanionRow, type IdMapping } from './types.js';

export interface CompanionContext {
  readonly resource: string;
  readonly table: DbTable;
  readonly id: IdMapping | undefined;
  readonly db: DbSchema;
  readonly problems: Problems;
}

export function compileCompanions(ctx: CompanionContext, raw: readonly RawCompanionRow[] | undefined): CompanionRow[] {
  return (raw ?? []).flatMap((spec, i) => {
    const at = ['resources', ctx.resource, 'onCreate', i];
    const table = findTable(ctx.db, spec.table);
    if (table === undefined) {
      ctx.problems.add([...at, 'table'], `table "${spec.table}" does not exist in the database`, suggestion(spec.table, ctx.db.tables.map((t) => t.name)) || 'name a table of the database');
      return [];
    }
    const values = compileDefaultsIn({
      at: [...at, 'values'], space: { table, sides: [], sideName: table.name }, problems: ctx.problems, owner: ctx.table, writtenBy: () => undefined,
    }, spec.values);
    const link = values.find((v) => isOwnerColumn(v.value) && v.value.owner.name === ctx.id?.column.name)?.column;
    const keyInto = spec.keyInto === undefined ? undefined : compileKeyInto(ctx, [...at, 'keyInto'], table, spec.keyInto);
    if (spec.keyInto !== undefined && keyInto === undefined) return [];
    return [{ table: table.name, values, ...(link ? { link } : {}), ...(keyInto ? { keyInto } : {}) }];
  });
}

/** `keyInto:` a column of the resource's table, and the companion table's generated single-column key. */
function compileKeyInto(ctx: CompanionContext, at: readonly (string | number)[], table: DbTable, name: string): CompanionRow['keyInto'] {
  const column = findColumn(ctx.table, name);
  const [pk, extra] = table.primaryKey;
  const key = pk === undefined || extra !== undefined ? undefined : findColumn(table, pk);
  if (column === undefined) {
    ctx.problems.add(at, `column "${name}" does not exist in table "${ctx.table.name}"`, `${suggestion(name, ctx.table.columns.map((c) => c.name))}name the column that holds the ${table.name} row's key`);
    return undefined;
  }
  if (key === undefined || !key.autoIncrement) {
    ctx.problems.add(at, `${table.name} has no generated single-column key to write into ${name}`, 'keyInto needs an auto-increment primary key on the onCreate table');
    return undefined;
  }
  return { column: columnRef(column), key: columnRef(key) };
}
