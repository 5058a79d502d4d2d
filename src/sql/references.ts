/**
 * References a write is about to store (manager.value) must name a row the client could read:
 * live, inside the target's scope. Anything else gets the one answer an unknown id gets, so a
 * write cannot be used to learn which ids exist outside the scope.
 */
import type { Knex } from 'knex';
import type { Mapping, ResourceMapping } from '../mapping/types.js';
import { idFromColumn, idToColumn } from '../plan/ids.js';
import { unknownReference, type ReferenceCheck } from '../plan/write-checks.js';
import type { Dialect } from './dialect.js';
import { liveRows, type Db } from './read.js';

function targetOf(mapping: Mapping, check: ReferenceCheck): ResourceMapping | undefined {
  return mapping.resources.find((r) => r.id === check.attr.reference) ?? mapping.resources.find((r) => r.name === 'User');
}

export async function checkReferences(db: Db, dialect: Dialect, mapping: Mapping, checks: readonly ReferenceCheck[] = []): Promise<void> {
  for (const check of checks) {
    const target = targetOf(mapping, check);
    if (!target) continue;
    const id = idFromColumn(target.id, check.key);
    const key = idToColumn(target.id, id);
    const found = key === undefined ? undefined : await liveRows(db, dialect, target)
      .first(`${target.table}.${target.id.column.name}`).where(`${target.table}.${target.id.column.name}`, key as Knex.Value);
    if (!found) throw unknownReference(check.attr, id);
  }
}
