/**
 * What the live database holds, as plain data: produced by `sql/introspect.ts`, read by the
 * mapping compiler (to check and type every column) and by `init` (to propose a mapping).
 */

/** A column's type, folded across dialects into what the mapping needs to know. */
export type ColumnKind =
  | 'string'    // varchar, char, text, citext, enum
  | 'integer'   // int, bigint, smallint, serial (tinyint(1) in MySQL is 'boolean')
  | 'decimal'   // numeric, decimal, real, double, float
  | 'boolean'   // boolean, bool, tinyint(1), bit(1)
  | 'dateTime'  // timestamp, timestamptz, datetime (SQLite: declared DATETIME/TIMESTAMP)
  | 'date'      // date without time
  | 'uuid'      // uuid (PostgreSQL), or char(36)/binary(16) only when declared uuid
  | 'json'      // json, jsonb
  | 'binary'    // bytea, blob, varbinary
  | 'other';

export interface DbColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The type as the database spells it, e.g. `character varying(255)`, for messages. */
  readonly dataType: string;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  /** serial / identity / AUTO_INCREMENT / SQLite INTEGER PRIMARY KEY. */
  readonly autoIncrement: boolean;
  /** Character length limit where the type has one. */
  readonly maxLength?: number;
  /**
   * Computed by the database (`GENERATED ALWAYS AS (lower(email))`, MySQL virtual/stored columns):
   * it can be read and filtered on but never written.
   */
  readonly generated?: boolean;
  /**
   * The values the database allows, when it says so: a PostgreSQL enum type, MySQL ENUM(…), or a
   * CHECK (col IN (…)) constraint on any dialect, in declaration order.
   */
  readonly allowed?: readonly string[];
  /** The column's comment in the catalog (`COMMENT ON COLUMN`, MySQL `COMMENT '…'`), when it has one. */
  readonly comment?: string;
  /** Integer range (signed/unsigned, 16/32/64 bits) where the type has one; text for 64-bit bounds. */
  readonly range?: { readonly min: string; readonly max: string };
  /** The column's own `=` folds case (a MySQL/MariaDB `*_ci` collation). */
  readonly foldsCase?: boolean;
}

/** One key of an index: a column, a column folded by lower()/upper(), or another expression. */
export interface DbIndexKey {
  /** The column the key reads; undefined for an expression over several columns or none. */
  readonly column?: string;
  /** The key is lower(column) / upper(column) (a case-insensitive index on it). */
  readonly fold?: 'lower' | 'upper';
  /** The key as the database prints it, when it is an expression (for messages). */
  readonly expression?: string;
}

/**
 * Every index of a table, unique or not, plain or on expressions, whole or partial. `uniques`
 * keeps only the plain, whole unique ones (what "this column is unique" means); this keeps the
 * rest, e.g. `unique (lower(login))`, `unique (realm_id, username)`, `unique (email) where deleted_at is null`.
 */
export interface DbIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly keys: readonly DbIndexKey[];
  /** A partial index: only rows matching its WHERE are indexed. */
  readonly partial: boolean;
  /** The partial index's predicate as the database prints it. */
  readonly where?: string;
}

export interface DbForeignKey {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
}

export interface DbTable {
  readonly name: string;
  readonly columns: readonly DbColumn[];
  readonly primaryKey: readonly string[];
  /** Each unique constraint or unique index, as its column list (the primary key not included). */
  readonly uniques: readonly (readonly string[])[];
  readonly foreignKeys: readonly DbForeignKey[];
  /** Every index (unique or not, on expressions, partial); absent where the reader does not know them. */
  readonly indexes?: readonly DbIndex[];
  /** The table's comment in the catalog, when it has one. */
  readonly comment?: string;
}

export interface DbSchema {
  readonly tables: readonly DbTable[];
}

export function findTable(schema: DbSchema, name: string): DbTable | undefined {
  return schema.tables.find((t) => t.name === name);
}

export function findColumn(table: DbTable, name: string): DbColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/**
 * What the rows of a table say about some of its columns, read by `init` (a bounded sample, never
 * the whole table) so the generator can tell a status enum, a type/discriminator column or a
 * tenant column from their values. Plain data; read by `sql/sample.ts`, used by the generator.
 */
export interface ColumnFacts {
  /** Distinct values seen in the sample with how often, most frequent first; absent when there were more than the limit. */
  readonly values?: readonly { readonly value: string | number | boolean | null; readonly count: number }[];
  /** How many distinct non-null values the sample held (a lower bound when `values` is absent). */
  readonly distinct: number;
  /** Rows of the sample where the column is NULL. */
  readonly nulls: number;
}

export interface TableFacts {
  /** Rows sampled (at most the sample limit). */
  readonly sampled: number;
  /** Whether the table holds more rows than were sampled. */
  readonly more: boolean;
  readonly columns: ReadonlyMap<string, ColumnFacts>;
}

/** Table name → what its sampled rows say. */
export type DataFacts = ReadonlyMap<string, TableFacts>;
