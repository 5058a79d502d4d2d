/**
 * A bounded sample of some columns' values (what `init` reads to tell a status enum, a type column
 * or a tenant column from its data): per table, the first `rows` rows in a subquery, then per
 * column its distinct values with counts (most frequent first, at most `values`), its distinct
 * count and its NULLs. Read-only; identifiers go through knex's binding.
 * (A minimal version: the complete reader lands with the introspection work.)
 */
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnFacts, DataFacts, TableFacts } from '../mapping/db-schema.js';

export interface SampleOptions {
  readonly schema?: string;
  /** Rows read per table (default 10000). */
  readonly rows?: number;
  /** Distinct values kept per column (default 50); more and `values` is left out. */
  readonly values?: number;
}

type Value = string | number | boolean | null;

function plain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

async function columnFacts(knex: Knex, from: () => Knex.QueryBuilder, column: string, rows: number, limit: number): Promise<ColumnFacts> {
  const sub = () => from().select(column).limit(rows).as('s');
  const groups = (await knex.select({ v: column }).count({ n: '*' }).from(sub()).groupBy(column).orderBy('n', 'desc').limit(limit + 1)) as { v: unknown; n: unknown }[];
  const [totals] = (await knex.from(sub()).select(knex.raw('count(distinct ??) as d', [column]), knex.raw('sum(case when ?? is null then 1 else 0 end) as z', [column]))) as { d: unknown; z: unknown }[];
  const values = groups.map((g) => ({ value: plain(g.v), count: Number(g.n) }));
  const distinct = Number(totals?.d ?? 0);
  return {
    distinct, nulls: Number(totals?.z ?? 0),
    ...(values.length <= limit ? { values } : {}),
  };
}

/** Reads the facts of the `wanted` columns, a bounded sample per table. */
export async function readFacts(
  knex: Knex, client: DbClient,
  wanted: readonly { table: string; columns: readonly string[] }[],
  options: { schema?: string; rows?: number; values?: number } = {},
): Promise<DataFacts> {
  void client; // every dialect reads the same SQL here
  const rows = options.rows ?? 10000;
  const limit = options.values ?? 50;
  const out = new Map<string, TableFacts>();
  for (const { table, columns } of wanted) {
    const from = () => (options.schema !== undefined ? knex.withSchema(options.schema).from(table) : knex.from(table));
    const [count] = (await knex.count({ n: '*' }).from(from().select(knex.raw('1 as one')).limit(rows + 1).as('t'))) as { n: unknown }[];
    const seen = Number(count?.n ?? 0);
    const facts = new Map<string, ColumnFacts>();
    for (const column of columns) facts.set(column, await columnFacts(knex, from, column, rows, limit));
    out.set(table, { sampled: Math.min(seen, rows), more: seen > rows, columns: facts });
  }
  return out;
}
