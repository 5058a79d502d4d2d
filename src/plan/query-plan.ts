/**
 * ListRequest × ResourceMapping → QueryPlan: the predicate, a total order (the id breaks ties, so
 * pages are stable) and the page window. Plain data; sql/read.ts executes it.
 */
import { ScimError } from '../errors.js';
import { describePath, resolvePath } from '../mapping/resolve.js';
import type { ColumnRef, ResourceMapping } from '../mapping/types.js';
import type { AttrPath } from '../scim/filter/ast.js';
import type { ListRequest } from '../scim/list-request.js';
import { TRUE, compileFilter, type Predicate } from './predicate.js';

export interface OrderTerm {
  readonly column: ColumnRef;
  /** Text columns sort the way they compare: case-folded unless caseExact. */
  readonly text: 'ci' | 'exact' | 'none';
  readonly descending: boolean;
}

export interface QueryPlan {
  readonly predicate: Predicate;
  readonly order: readonly OrderTerm[];
  readonly offset: number;
  readonly limit: number;
}

export function planQuery(resource: ResourceMapping, request: ListRequest): QueryPlan {
  const predicate = request.filter ? compileFilter(resource, request.filter) : TRUE;
  const descending = request.sortOrder === 'descending';
  const idTerm: OrderTerm = { column: resource.id.column, text: 'none', descending };
  const sortTerm = request.sortBy ? sortColumn(resource, request.sortBy, descending) : undefined;
  return {
    predicate,
    order: sortTerm ? [sortTerm, idTerm] : [idTerm],
    offset: request.startIndex - 1,
    limit: request.count,
  };
}

/** RFC 7644 §3.4.2.3: sortBy names a singular attribute (or the primary value of a multi-valued one). */
function sortColumn(resource: ResourceMapping, path: AttrPath, descending: boolean): OrderTerm | undefined {
  const resolution = resolvePath(resource, path);
  const shown = describePath(path);
  if (!resolution) throw ScimError.of('invalidValue', `sortBy: "${shown}" is not an attribute of ${resource.name}.`);
  if (resolution.kind === 'id') return undefined; // the tie-breaker already orders by id
  if (resolution.kind === 'virtual') throw ScimError.of('invalidValue', `sortBy: "${shown}" is computed and cannot be sorted on.`);
  const candidates = resolution.attribute.multiValued
    ? resolution.mapped.filter((m) => m.sub === (resolution.sub?.name ?? 'value'))
    : resolution.mapped.filter((m) => m.sub === resolution.sub?.name);
  const primary = candidates.find((m) => m.element?.constants['primary'] === true) ?? candidates[0];
  if (!primary || primary.type === 'complex') throw ScimError.of('invalidValue', `sortBy: "${shown}" is not mapped to a column in this deployment.`);
  const textual = primary.type === 'string' || primary.type === 'reference' || primary.type === 'binary';
  return { column: primary.column, text: textual ? (primary.characteristics.caseExact ? 'exact' : 'ci') : 'none', descending };
}
