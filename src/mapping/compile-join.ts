/**
 * `join:` → JoinedTables: one-to-one side tables (a person split over `users` and `accounts`, or
 * `users` and `users_field_data`), checked against the live schema. Which row comes first on a
 * create follows from the join column: when the resource's own key is joined, the side row points
 * at it (inserted after); otherwise the resource's row points at the side row's key (inserted before),
 * and that key must be one the database or the server can make.
 */
import type { RawJoin } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import { columnRef } from './compile-columns.js';
import { compileDefaultsIn } from './compile-defaults.js';
import { findColumn, findTable, type DbSchema, type DbTable } from './db-schema.js';
import type { Problems } from './problems.js';
import type { JoinedTable } from './types.js';

export interface JoinContext {
  readonly resource: string;
  readonly table: DbTable;
  /** The resource's id column name. */
  readonly idColumn: string;
  readonly db: DbSchema;
  readonly problems: Problems;
}

/** The side tables, as DbTables, for column lookups before the joins are compiled. */
export function sideTables(ctx: Pick<JoinContext, 'db'>, raw: Readonly<Record<string, RawJoin>> | undefined): DbTable[] {
  return Object.keys(raw ?? {}).map((name) => findTable(ctx.db, name)).filter((t): t is DbTable => t !== undefined);
}

export function compileJoins(ctx: JoinContext, raw: Readonly<Record<string, RawJoin>> | undefined): JoinedTable[] {
  return Object.entries(raw ?? {}).flatMap(([name, spec]) => {
    const joined = compileJoin(ctx, name, spec);
    return joined === undefined ? [] : [joined];
  });
}

function compileJoin(ctx: JoinContext, name: string, spec: RawJoin): JoinedTable | undefined {
  const at = ['resources', ctx.resource, 'join', name];
  const side = findTable(ctx.db, name);
  if (side === undefined) {
    ctx.problems.add(at, `table "${name}" does not exist in the database`, suggestion(name, ctx.db.tables.map((t) => t.name)) || 'name a table of the database', true);
    return undefined;
  }
  if (side.name === ctx.table.name) {
    ctx.problems.add(at, `"${name}" is the resource's own table`, 'join another table, or map the column directly', true);
    return undefined;
  }
  const [pair, extra] = Object.entries(spec.on);
  if (pair === undefined || extra !== undefined) {
    ctx.problems.add([...at, 'on'], '`on` needs exactly one pair: this table\'s column → the side table\'s column', `e.g. on: { ${name}_id: id } or on: { ${ctx.idColumn}: user_id }`);
    return undefined;
  }
  const [ownName, sideName] = pair;
  const own = findColumn(ctx.table, ownName);
  const sideColumn = findColumn(side, sideName);
  if (own === undefined || sideColumn === undefined) {
    const [table, missing] = own === undefined ? [ctx.table, ownName] : [side, sideName];
    ctx.problems.add([...at, 'on', ownName], `column "${missing}" does not exist in table "${table.name}"`, `${suggestion(missing, table.columns.map((c) => c.name))}the columns are: ${table.columns.map((c) => c.name).join(', ')}`, own === undefined);
    return undefined;
  }
  const sideFirst = own.name !== ctx.idColumn;
  const sideKey = sideColumn.autoIncrement ? 'database' : 'uuid';
  if (sideFirst && !sideColumn.autoIncrement && !['string', 'uuid', 'other'].includes(sideColumn.kind)) {
    ctx.problems.add([...at, 'on', ownName], `${ctx.table.name}.${own.name} points at ${side.name}.${sideColumn.name}, which is ${sideColumn.dataType} without auto-increment, so a new ${side.name} row cannot get a key`,
      `join on ${side.name}'s auto-increment or text/uuid key, or on { ${ctx.idColumn}: <${side.name} column holding the ${ctx.table.name} key> }`);
    return undefined;
  }
  const defaults = compileDefaultsIn({
    at: [...at, 'defaults'], space: { table: side, sides: [], sideName: side.name }, problems: ctx.problems,
    writtenBy: (ref) => (ref.name === sideColumn.name ? `the join column, which the server fills` : undefined),
  }, spec.defaults);
  return {
    table: side.name, own: columnRef(own), side: columnRef(sideColumn, side.name), sideFirst, sideKey,
    defaults,
  };
}

