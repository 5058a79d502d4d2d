/**
 * Shared pieces of the per-dialect catalog readers behind `introspect.ts`: result shapes, table
 * assembly, integer ranges, and the few readings of SQL text the catalogs only give as text
 * (CHECK constraints, index expressions).
 */
import type { Knex } from 'knex';
import type { DbColumn, DbForeignKey, DbIndex, DbIndexKey, DbTable } from '../mapping/db-schema.js';

/** Tables that belong to tooling, never to the application. */
export const INTERNAL_TABLES: readonly string[] = ['knex_migrations', 'knex_migrations_lock'];

/** One column of a primary key ('p') or foreign key ('f'), at position `ord`. */
export interface KeyRow {
  table_name: string; name: string; kind: string; ord: number | string;
  column_name: string; ref_table: string | null; ref_column: string | null;
}

/**
 * One key of an index at position `ord`: a column (`column_name`) or an expression as the
 * database prints it. `predicate` is the partial index's WHERE, repeated on every key row.
 */
export interface IndexKeyRow {
  table_name: string; index_name: string; is_unique: number | string | boolean; ord: number | string;
  column_name: string | null; expression: string | null; predicate: string | null;
}

/** Runs a bound catalog query and returns its rows, whatever the driver's result shape. */
export async function queryRows<T>(knex: Knex, sql: string, bindings: readonly Knex.Value[] = []): Promise<T[]> {
  const result: unknown = await knex.raw(sql, bindings as Knex.Value[]);
  if (Array.isArray(result)) {
    // mysql2 → [rows, fields]; better-sqlite3 → rows (objects, never arrays)
    const mysqlShape = result.length === 2 && Array.isArray(result[0]) && Array.isArray(result[1]);
    return (mysqlShape ? result[0] : result) as T[];
  }
  return (result as { rows: T[] }).rows;
}

/** Code-point order, identical on every dialect (catalog collations differ). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts column lists so that the result does not depend on index or constraint names. */
export function sortUniques(uniques: readonly (readonly string[])[]): (readonly string[])[] {
  return [...uniques].sort((a, b) => compareText(a.join(','), b.join(',')));
}

/** Sorts foreign keys by their column lists, for the same reason. */
export function sortForeignKeys(fks: readonly DbForeignKey[]): DbForeignKey[] {
  return [...fks].sort((a, b) => compareText(a.columns.join(','), b.columns.join(',')));
}

/** Drops uniques that repeat the primary key or another unique. */
export function distinctUniques(uniques: readonly (readonly string[])[], pk: readonly string[]): (readonly string[])[] {
  const seen = new Set<string>([pk.join('\u0000')]);
  const out: (readonly string[])[] = [];
  for (const u of uniques) {
    const key = u.join('\u0000');
    if (!seen.has(key)) { seen.add(key); out.push(u); }
  }
  return sortUniques(out);
}

/** Groups rows by a key, keeping their order inside each group. */
export function groupOrdered<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list === undefined) map.set(k, [r]); else list.push(r);
  }
  return map;
}

/** Adds `maxLength` for character types that declare one. */
export function withLength(column: DbColumn, length: number | string | null | undefined): DbColumn {
  const n = length === null || length === undefined ? NaN : Number(length);
  return column.kind === 'string' && Number.isFinite(n) ? { ...column, maxLength: n } : column;
}

/** The range of a `bits`-wide integer, as decimal text (64-bit bounds do not fit a JS number). */
export function integerRange(bits: number, unsigned: boolean): { readonly min: string; readonly max: string } {
  const span = 2n ** BigInt(bits);
  return unsigned ? { min: '0', max: String(span - 1n) } : { min: String(-span / 2n), max: String(span / 2n - 1n) };
}

/** Adds the optional facts a reader found, leaving absent ones absent (not `undefined`). */
export function withFacts(column: DbColumn, facts: {
  readonly generated?: boolean; readonly comment?: string | null;
  readonly range?: DbColumn['range']; readonly allowed?: readonly string[] | undefined; readonly foldsCase?: boolean;
}): DbColumn {
  return {
    ...column,
    ...(facts.generated === true ? { generated: true } : {}),
    ...(facts.comment ? { comment: facts.comment } : {}),
    ...(facts.range !== undefined && column.kind === 'integer' ? { range: facts.range } : {}),
    ...(facts.allowed !== undefined && facts.allowed.length > 0 ? { allowed: facts.allowed } : {}),
    ...(facts.foldsCase === true ? { foldsCase: true } : {}),
  };
}

/**
 * Builds a table from its columns, its key rows (primary, foreign) and its index key rows.
 * `uniques` is derived from the indexes: the unique ones that are whole and on plain columns
 * only, because only those make a column (or column list) unique over all rows.
 */
export function assembleTable(name: string, columns: readonly DbColumn[], keys: readonly KeyRow[],
  indexRows: readonly IndexKeyRow[], comment?: string | null): DbTable {
  const byKey = groupOrdered(keys, (k) => `${k.kind}\u0000${k.name}`);
  let primaryKey: readonly string[] = [];
  const foreignKeys: DbForeignKey[] = [];
  for (const unordered of byKey.values()) {
    const rows = [...unordered].sort((a, b) => Number(a.ord) - Number(b.ord));
    const first = rows[0];
    if (first === undefined) continue;
    if (first.kind === 'p') primaryKey = rows.map((r) => r.column_name);
    else foreignKeys.push({ columns: rows.map((r) => r.column_name), refTable: first.ref_table ?? '', refColumns: rows.map((r) => r.ref_column ?? '') });
  }
  const pkColumns = columns.map((c) => (primaryKey.includes(c.name) ? { ...c, nullable: false } : c));
  const indexes = assembleIndexes(indexRows, columns.map((c) => c.name));
  return {
    name, columns: pkColumns, primaryKey, uniques: distinctUniques(plainUniques(indexes), primaryKey),
    foreignKeys: sortForeignKeys(foreignKeys), indexes, ...(comment ? { comment } : {}),
  };
}

/** The column lists of the unique, whole indexes whose keys are all plain columns. */
export function plainUniques(indexes: readonly DbIndex[]): (readonly string[])[] {
  return indexes
    .filter((ix) => ix.unique && !ix.partial && ix.keys.every((k) => k.expression === undefined && k.column !== undefined))
    .map((ix) => ix.keys.map((k) => k.column ?? ''));
}

/** Groups index key rows into indexes (keys in index order), sorted by index name. */
export function assembleIndexes(rows: readonly IndexKeyRow[], columns: readonly string[]): DbIndex[] {
  const indexes: DbIndex[] = [];
  for (const [name, unordered] of groupOrdered(rows, (r) => r.index_name)) {
    const keyRows = [...unordered].sort((a, b) => Number(a.ord) - Number(b.ord));
    const first = keyRows[0];
    if (first === undefined) continue;
    const keys = keyRows.map((r) => (r.column_name !== null ? { column: r.column_name } : expressionKey(r.expression ?? '', columns)));
    const where = first.predicate?.trim();
    indexes.push({ name, unique: truthy(first.is_unique), keys, partial: where !== undefined && where !== '', ...(where ? { where } : {}) });
  }
  return indexes.sort((a, b) => compareText(a.name, b.name));
}

/** Catalog booleans arrive as true/1/'1'/'t' depending on the driver. */
function truthy(value: number | string | boolean): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

// ---------------------------------------------------------------- SQL text

/** Quoted literals in a type or constraint text: `enum('a','it''s')` → ['a', "it's"]. */
export function quotedValues(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The values a CHECK constraint text allows `column`, in declaration order: `col IN ('a','b')`,
 * PostgreSQL's `(col)::text = ANY (ARRAY['a'::text, …])`, or a clause that is only equalities
 * `col = 'a' OR col = 'b'` (MariaDB stores a one-value IN list as `col = 'a'`). The column name
 * must stand alone (`account_status in (…)` is not about `status`). A list without quoted
 * values (`level in (1, 2)`) is not one: undefined.
 */
export function checkInList(sql: string, column: string): string[] | undefined {
  const name = `(?<![\\w$])[\`"\\[]?${escapeRegExp(column)}[\`"\\]]?(?![\\w$])`;
  const inList = new RegExp(`${name}\\s+in\\s*\\(`, 'i').exec(sql);
  if (inList !== null) {
    const open = inList.index + inList[0].length - 1;
    const values = quotedValues(sql.slice(open + 1, Math.max(open + 1, closingParen(sql, open))));
    if (values.length > 0) return values;
  }
  const anyArray = new RegExp(`\\(?${name}\\)?(?:::[\\w ]+)?\\s*=\\s*any\\s*\\(\\s*\\(?array\\[([^\\]]*)\\]`, 'i').exec(sql);
  if (anyArray?.[1] !== undefined && quotedValues(anyArray[1]).length > 0) return quotedValues(anyArray[1]);
  return equalities(sql, name);
}

/** `col = 'a' OR col = 'b'` as the whole clause (outer parentheses and CHECK allowed) → ['a', 'b']. */
function equalities(sql: string, name: string): string[] | undefined {
  const body = sql.trim().replace(/^check\s*/i, '').replace(/^\(+|\)+$/g, '');
  const terms = body.split(/\s+or\s+/i).map((t) => t.trim().replace(/^\(+|\)+$/g, ''));
  const one = new RegExp(`^\\(?${name}\\)?(?:::[\\w ]+)?\\s*=\\s*('(?:[^']|'')*')(?:::[\\w ]+)?$`, 'i');
  const values = terms.map((t) => one.exec(t)?.[1]);
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  return values.flatMap((v) => quotedValues(v ?? ''));
}

/** The index of the parenthesis closing the one at `open`, skipping quoted text; -1 when none. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === "'" || c === '"' || c === '`') { i = text.indexOf(c, i + 1); if (i < 0) return -1; continue; }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits on commas outside parentheses and quotes: `lower(a), b` → ['lower(a)', 'b']. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === "'" || c === '"' || c === '`') { const end = text.indexOf(c, i + 1); i = end < 0 ? text.length : end; continue; }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) { parts.push(text.slice(start, i).trim()); start = i + 1; }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** `(x)` → `x` while the outer parentheses enclose the whole text. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** A `::type` cast (PostgreSQL), including multi-word types such as `character varying`. */
const CAST = /::\s*"?[a-z_][\w]*"?(?:\s+(?:varying|precision|with|without|time|zone))*(?:\s*\(\d+(?:\s*,\s*\d+)?\))?(?:\[\])?/gi;

/** Identifiers an expression reads, outside literals, function names and casts, unquoted. */
export function referencedNames(expression: string): string[] {
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]'",]*)\]|([a-z_][\w$]*)(\s*\()?/gi;
  const names: string[] = [];
  for (const m of expression.replace(CAST, ' ').matchAll(token)) {
    const quoted = m[1]?.replace(/""/g, '"') ?? m[2]?.replace(/``/g, '`') ?? m[3];
    if (quoted !== undefined) names.push(quoted);
    else if (m[4] !== undefined && m[5] === undefined) names.push(m[4]);
  }
  return names;
}

/** The table column `name` denotes: the same spelling, else the same letters in another case. */
function findColumnName(name: string, columns: readonly string[]): string | undefined {
  return columns.find((c) => c === name) ?? columns.find((c) => c.toLowerCase() === name.toLowerCase());
}

/**
 * Reads an index key printed as an expression: `lower(email)`, `lower((email)::text)`,
 * `upper(\`email\`)` are folds of that column; any other expression keeps its text, with `column`
 * set when it reads exactly one column of the table (`(data ->> 'x')` reads `data`).
 */
export function expressionKey(text: string, columns: readonly string[]): DbIndexKey {
  const expression = text.trim();
  const bare = unwrap(expression);
  const call = /^(lower|upper|lcase|ucase)\s*\(/i.exec(bare);
  if (call !== null && closingParen(bare, call[0].length - 1) === bare.length - 1) {
    const inner = bare.slice(call[0].length, -1);
    const column = bareColumn(inner, columns);
    const fold = /^(lower|lcase)$/i.test(call[1] ?? '') ? 'lower' : 'upper';
    if (column !== undefined) return { column, fold, expression };
  }
  const read = [...new Set(referencedNames(expression).map((n) => findColumnName(n, columns)).filter((c) => c !== undefined))];
  return read.length === 1 && read[0] !== undefined ? { column: read[0], expression } : { expression };
}

/** The column `text` is, once casts, parentheses and quotes are peeled off; undefined otherwise. */
function bareColumn(text: string, columns: readonly string[]): string | undefined {
  const peeled = text.replace(CAST, '').replace(/[\s()]/g, '');
  const quoted = /^(?:"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\])$/.exec(peeled);
  const name = quoted !== null ? (quoted[1]?.replace(/""/g, '"') ?? quoted[2]?.replace(/``/g, '`') ?? quoted[3] ?? '') : peeled;
  return /^[a-z_][\w$]*$/i.test(name) || quoted !== null ? findColumnName(name, columns) : undefined;
}
