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
