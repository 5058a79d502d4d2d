/**
 * Predicate → one SQL condition with bound values. Identifiers come from the compiled mapping,
 * values are always bindings; every leaf's SQL is decided by the Dialect.
 */
import type { ColumnRef, ColumnValue } from '../mapping/types.js';
import type { Predicate } from '../plan/predicate.js';
import { assertNever } from '../util/assert-never.js';
import type { Dialect, Fragment } from './dialect.js';
import { SQL_OP } from './dialect.js';

const TEXT_KINDS = new Set(['string', 'other']);

/** Renders a predicate over `table`'s columns as a Fragment for knex.whereRaw. */
export function whereFragment(dialect: Dialect, table: string, predicate: Predicate): Fragment {
  const col = (c: ColumnRef) => `${c.table ?? table}.${c.name}`;
  const render = (p: Predicate): Fragment => {
    switch (p.kind) {
      case 'const':
        return { sql: p.value ? '1 = 1' : '1 = 0', bindings: [] };
      case 'and':
      case 'or':
        return join(p.items.map(render), ` ${p.kind} `);
      case 'present':
        return presentFragment(dialect, col(p.column), p.column, p.negated);
      case 'in':
        return negatable(inFragment(dialect, col(p.column), p), col(p.column), p.negated && !p.values.includes(null), p.negated);
      case 'compare':
        return negatable(compareFragment(dialect, col(p.column), p), col(p.column), p.negated, p.negated);
      case 'exists': {
        const inner = render(p.inner);
        const join: Fragment = p.join
          ? { sql: ' inner join ?? on ?? = ??', bindings: [p.join.table, `${p.table}.${p.join.on}`, `${p.join.table}.${p.join.key}`] }
          : { sql: '', bindings: [] };
        return {
          sql: `${p.negated ? 'not ' : ''}exists (select 1 from ??${join.sql} where ?? = ?? and (${inner.sql}))`,
          bindings: [p.table, ...join.bindings, `${p.table}.${p.link}`, `${table}.${p.ownerKey}`, ...inner.bindings],
        };
      }
      default:
        return assertNever(p, 'predicate');
    }
  };
  return render(predicate);
}

function join(parts: readonly Fragment[], glue: string): Fragment {
  return { sql: parts.map((f) => `(${f.sql})`).join(glue), bindings: parts.flatMap((f) => f.bindings) };
}

/** A negated leaf also matches NULL: SCIM's "a missing value is not equal" (see plan/predicate.ts). */
function negatable(inner: Fragment, column: string, orNull: boolean, negated: boolean): Fragment {
  if (!negated) return inner;
  return orNull
    ? { sql: `not (${inner.sql}) or ?? is null`, bindings: [...inner.bindings, column] }
    : { sql: `not (${inner.sql})`, bindings: inner.bindings };
}

/** `pr`: not NULL, and for text not the empty string (RFC 7644: "has a non-empty value"). */
function presentFragment(dialect: Dialect, column: string, ref: ColumnRef, negated: boolean): Fragment {
  if (!TEXT_KINDS.has(ref.kind)) return { sql: negated ? '?? is null' : '?? is not null', bindings: [column] };
  const empty = dialect.emptyText(column);
  return negated
    ? { sql: `?? is null or ${empty.sql}`, bindings: [column, ...empty.bindings] }
    : { sql: `?? is not null and not (${empty.sql})`, bindings: [column, ...empty.bindings] };
}

function inFragment(dialect: Dialect, column: string, p: { column: ColumnRef; values: readonly ColumnValue[]; anyNonNull: boolean }): Fragment {
  const parts: Fragment[] = [];
  const values = p.values.filter((v) => v !== null).map((v) => dialect.bind(v, p.column));
  if (values.length > 0) parts.push({ sql: `?? in (${values.map(() => '?').join(', ')})`, bindings: [column, ...values] });
  if (p.values.includes(null)) parts.push({ sql: '?? is null', bindings: [column] });
  if (p.anyNonNull) parts.push({ sql: '?? is not null', bindings: [column] });
  return parts.length === 0 ? { sql: '1 = 0', bindings: [] } : join(parts, ' or ');
}

function compareFragment(dialect: Dialect, column: string, p: Extract<Predicate, { kind: 'compare' }>): Fragment {
  const value = dialect.bind(p.value, p.column);
  if (p.op === 'co' || p.op === 'sw' || p.op === 'ew') return dialect.textMatch(column, p.op, String(p.value), p.text === 'exact');
  if (p.text !== 'none') return dialect.textCompare(column, p.op, String(p.value), p.text === 'exact');
  if (p.column.kind === 'dateTime') return dialect.timeCompare(column, p.op, value);
  return { sql: `?? ${SQL_OP[p.op]} ?`, bindings: [column, value] };
}
