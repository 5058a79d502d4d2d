/**
 * Per database: which index keys can answer a lookup as the engine compares it, and the statement
 * creating one; for `check`'s index advice (cli/index-advice.ts).
 */
import type { DbClient } from '../../config/raw-types.js';
import type { DbIndexKey } from '../../mapping/db-schema.js';

/** The column a lookup compares, and how (case-folded with lower(), or as is). */
export interface IndexTarget {
  readonly table: string;
  readonly column: string;
  readonly folded: boolean;
  /** The column's own `=` folds case (MySQL `*_ci`): a plain index serves a folded lookup there. */
  readonly foldsCase: boolean;
  /** A long text type that MySQL indexes by a prefix only. */
  readonly longText: boolean;
}

export interface IndexRules {
  /**
   * Whether an index key answers the lookup: `lower(col)` for a case-folded comparison (the
   * engine's `lower(col) = lower(?)`), the column itself for an exact one; on MySQL the column
   * itself for both where its collation folds case (the engine narrows by `col = ?` first).
   */
  serves(key: DbIndexKey, target: IndexTarget): boolean;
  /** The statement creating an index that serves the lookup, or why none can. */
  indexStatement(target: IndexTarget, schema?: string): { statement: string } | { impossible: string };
}

const indexName = (t: IndexTarget): string => `${t.table}_${t.column}${t.folded ? '_lower' : ''}_scim`.slice(0, 63);
const lowerOrPlain = (key: DbIndexKey, t: IndexTarget): boolean => key.column === t.column && (t.folded ? key.fold === 'lower' : key.fold === undefined);

const sqlite: IndexRules = {
  serves: lowerOrPlain,
  indexStatement(t) {
    return { statement: `CREATE INDEX "${indexName(t)}" ON "${t.table}" (${t.folded ? `lower("${t.column}")` : `"${t.column}"`});` };
  },
};

const postgres: IndexRules = {
  serves: lowerOrPlain,
  indexStatement(t, schema) {
    const table = schema !== undefined ? `"${schema}"."${t.table}"` : `"${t.table}"`;
    // CONCURRENTLY: the table stays writable while the index builds (it cannot run inside a transaction).
    return { statement: `CREATE INDEX CONCURRENTLY "${indexName(t)}" ON ${table} (${t.folded ? `lower("${t.column}"::text)` : `"${t.column}"`});` };
  },
};

const mysql: IndexRules = {
  serves: (key, t) => key.column === t.column && key.fold === undefined && (!t.folded || t.foldsCase),
  indexStatement(t) {
    if (t.folded && !t.foldsCase) {
      return { impossible: `${t.table}.${t.column} compares case-sensitively (its collation is not *_ci), and MariaDB cannot index lower(): give the column a case-insensitive collation (e.g. utf8mb4_unicode_ci) and index it` };
    }
    return { statement: `CREATE INDEX \`${indexName(t)}\` ON \`${t.table}\` (\`${t.column}\`${t.longText ? '(191)' : ''});` };
  },
};

const RULES: Record<DbClient, IndexRules> = { sqlite, postgres, mysql };

export function indexRulesFor(client: DbClient): IndexRules {
  return RULES[client];
}
