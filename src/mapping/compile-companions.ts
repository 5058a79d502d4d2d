/**
 * `onCreate:` → CompanionRows: rows an application expects beside each new resource (Grafana's
 * org_user membership, Zammad's default role, Joomla's Registered group). Each value is a constant,
 * a generator, or `$owner.<column>` — a column of the new resource's row (`$owner.id`: its key).
 */
import type { RawCompanionRow } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import { compileDefaultsIn } from './compile-defaults.js';
import { findTable, type DbSchema, type DbTable } from './db-schema.js';
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
    return [{ table: table.name, values, ...(link ? { link } : {}) }];
  });
}
