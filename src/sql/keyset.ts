/**
 * ORDER BY and keyset conditions for a QueryPlan's order. Both use the same sort key expression
 * (the dialect's text or time key), so "after this row" means exactly "later in this order".
 * The keyset condition is spelled out as `k > v or (k = v and id > i)` rather than the row-value
 * `(k, id) > (v, i)`, which MariaDB and SQLite evaluate but do not all use indexes for, and which
 * cannot express "nulls last".
 */
import type { Knex } from 'knex';
import type { CursorPosition, KeyValue } from '../plan/cursor.js';
import type { OrderTerm } from '../plan/query-plan.js';
import type { Dialect, Fragment } from './dialect.js';

/** The sort key of `term` over column `column` (a qualified name, bound as an identifier). */
export function orderKey(dialect: Dialect, term: OrderTerm, column: string): Fragment {
  if (term.text !== 'none') return dialect.textOrderKey(column, term.text === 'exact');
  if (term.column.kind === 'dateTime') return dialect.timeOrderKey(column);
  return { sql: '??', bindings: [column] };
}

/** The same key applied to a bound value instead of a column (every `??` the key names the column with). */
function valueKey(dialect: Dialect, term: OrderTerm, value: KeyValue): Fragment {
  const key = orderKey(dialect, term, '');
  const bound = dialect.bind(value, term.column);
  return { sql: key.sql.replaceAll('??', '?'), bindings: key.bindings.map((b) => (b === '' ? bound : b)) };
}

/** ORDER BY: each term's key, NULLs last in either direction (SCIM: missing values sort last). */
export function applyOrder(query: Knex.QueryBuilder, dialect: Dialect, table: string, order: readonly OrderTerm[]): void {
  for (const term of order) {
    const column = `${term.column.table ?? table}.${term.column.name}`;
    if (term.column.nullable) query.orderByRaw('(case when ?? is null then 1 else 0 end)', [column]);
    const key = orderKey(dialect, term, column);
    query.orderByRaw(`${key.sql} ${term.descending ? 'desc' : 'asc'}`, key.bindings as Knex.RawBinding[]);
  }
}

/**
 * Rows strictly after `after` in `order` ([sort term,] id term). With NULLs last: after a non-null
 * sort value come larger values, equal values with a larger id, then every NULL; after a NULL
 * only NULLs with a larger id.
 */
export function keysetFragment(dialect: Dialect, table: string, order: readonly OrderTerm[], after: CursorPosition): Fragment {
  const idTerm = order[order.length - 1] as OrderTerm;
  const idColumn = `${idTerm.column.table ?? table}.${idTerm.column.name}`;
  const idAfter: Fragment = { sql: `?? ${idTerm.descending ? '<' : '>'} ?`, bindings: [idColumn, dialect.bind(after.id, idTerm.column)] };
  const sortTerm = order.length > 1 ? order[0] : undefined;
  if (!sortTerm) return idAfter;
  const column = `${sortTerm.column.table ?? table}.${sortTerm.column.name}`;
  if (after.sort === null || after.sort === undefined) {
    return { sql: `?? is null and (${idAfter.sql})`, bindings: [column, ...idAfter.bindings] };
  }
  const key = orderKey(dialect, sortTerm, column);
  const value = valueKey(dialect, sortTerm, after.sort);
  const op = sortTerm.descending ? '<' : '>';
  const later = `(${key.sql} ${op} ${value.sql}) or (${key.sql} = ${value.sql} and ${idAfter.sql})`;
  const bindings = [...key.bindings, ...value.bindings, ...key.bindings, ...value.bindings, ...idAfter.bindings];
  return sortTerm.column.nullable ? { sql: `${later} or ?? is null`, bindings: [...bindings, column] } : { sql: later, bindings };
}
