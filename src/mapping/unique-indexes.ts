/**
 * Unique attributes whose column no unique index of the database covers. On one database server
 * the server's own check (serialised by a lock, sql/write.ts) keeps such values unique; on a
 * multi-primary cluster (MariaDB Galera) locks are per node, and only a unique index — certified
 * across nodes — stops two nodes from accepting one value, so serve warns about these there.
 */
import { findTable, type DbSchema } from './db-schema.js';
import type { Mapping } from './types.js';

export interface UnindexedUnique {
  readonly resource: string;
  readonly attribute: string;
  readonly table: string;
  readonly column: string;
}

export function unindexedUniques(mapping: Mapping, schema: DbSchema): UnindexedUnique[] {
  return mapping.resources.flatMap((resource) => {
    const uniques = findTable(schema, resource.table)?.uniques ?? [];
    return resource.attributes
      .filter((a) => a.characteristics.uniqueness !== 'none' && a.column.table === undefined)
      .filter((a) => !uniques.some((u) => u.length === 1 && u[0] === a.column.name))
      .map((a) => ({ resource: resource.name, attribute: a.key, table: resource.table, column: a.column.name }));
  });
}
