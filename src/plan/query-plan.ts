/**
 * ListRequest × ResourceMapping → QueryPlan: the predicate, a total order (the id breaks ties, so
 * pages are stable) and the page window. Plain data; sql/read.ts executes it.
 */
import { ScimError } from '../errors.js';
import { describePath, resolvePath } from '../mapping/resolve.js';
import type { ColumnRef, ResourceMapping } from '../mapping/types.js';
import type { AttrPath } from '../scim/filter/ast.js';
import type { ListRequest } from '../scim/list-request.js';
import { printAttrPath, printFilter } from '../scim/filter/print.js';
import { queryDigest, type CursorPosition } from './cursor.js';
import { TRUE, compileFilter, type MissingAttribute, type Predicate } from './predicate.js';

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
  /** Keyset paging (RFC 9865 cursors): only rows strictly after this position in `order`. */
  readonly after?: CursorPosition;
  /**
   * The own-table columns the response needs (render/projection.ts columnsFor); the reader adds
   * the key and the sort key. Undefined = every mapped column.
   */
  readonly columns?: readonly string[];
}

/**
 * The plan of a list request: one row more than asked (the lookahead tells whether another page
 * exists, and a short page proves the total: plan/page-total.ts). With `after` (a cursor, or the
 * end of the previous page of a startIndex walk) the window is keyset-based: rows after it.
 */
export function planQuery(resource: ResourceMapping, request: ListRequest, after?: CursorPosition, missing?: MissingAttribute): QueryPlan {
  const predicate = request.filter ? compileFilter(resource, request.filter, false, missing) : TRUE;
  const descending = request.sortOrder === 'descending';
  const idTerm: OrderTerm = { column: resource.id.column, text: 'none', descending };
  const sortTerm = request.sortBy ? sortColumn(resource, request.sortBy, descending) : undefined;
  return {
    predicate,
    order: sortTerm ? [sortTerm, idTerm] : [idTerm],
    offset: request.cursor !== undefined || after !== undefined ? 0 : request.startIndex - 1,
    limit: request.count > 0 ? request.count + 1 : 0,
    ...(after ? { after } : {}),
  };
}

/** What a cursor is bound to: the filter, sortBy and sortOrder in canonical form. */
export function cursorQueryOf(request: ListRequest): string {
  return queryDigest([
    request.filter ? printFilter(request.filter) : '',
    request.sortBy ? printAttrPath(request.sortBy).toLowerCase() : '',
    request.sortOrder,
  ]);
}

/** What a total is bound to: the filter alone (order does not change how many match). */
export function filterQueryOf(request: ListRequest): string {
  return queryDigest([request.filter ? printFilter(request.filter) : '']);
}

/** RFC 7644 §3.4.2.3: sortBy names a singular attribute (or the primary value of a multi-valued one). */
function sortColumn(resource: ResourceMapping, path: AttrPath, descending: boolean): OrderTerm | undefined {
  const resolution = resolvePath(resource, path);
  const shown = describePath(path);
  if (!resolution) throw ScimError.of('invalidValue', `sortBy: "${shown}" is not an attribute of ${resource.name}.`);
  if (resolution.kind === 'id') return undefined; // the tie-breaker already orders by id
  if (resolution.kind === 'virtual') throw ScimError.of('invalidValue', `sortBy: "${shown}" is computed and cannot be sorted on.`);
  // Elements in another table have no one value per row to order by (and no "primary" the
  // database can pick cheaply), so sorting on them is refused rather than guessed.
  if (resolution.relation) {
    throw ScimError.of('invalidValue', `sortBy: "${shown}" is held in a separate table (${resource.name}.${resolution.relation.name} has many values per resource), so it cannot be sorted on; sort by a singular attribute such as userName or displayName.`);
  }
  const candidates = resolution.attribute.multiValued
    ? resolution.mapped.filter((m) => m.sub === (resolution.sub?.name ?? 'value'))
    : resolution.mapped.filter((m) => m.sub === resolution.sub?.name);
  const primary = candidates.find((m) => m.element?.constants['primary'] === true) ?? candidates[0];
  if (!primary || primary.type === 'complex') throw ScimError.of('invalidValue', `sortBy: "${shown}" is not mapped to a column in this deployment.`);
  // Sorting, like filtering, would reveal a value that is never returned (a password).
  if (primary.characteristics.mutability === 'writeOnly' || primary.characteristics.returned === 'never') {
    throw ScimError.of('invalidValue', `sortBy: "${shown}" is never returned, so it cannot be sorted on.`);
  }
  if (primary.column.keyed) {
    throw ScimError.of('invalidValue', `sortBy: "${shown}" is held in a key-value table (${primary.column.keyed.table}), so it cannot be sorted on; sort by userName, displayName or another attribute of the resource's own table.`);
  }
  if (primary.also !== undefined) {
    throw ScimError.of('invalidValue', `sortBy: "${shown}" is computed from several columns, so it cannot be sorted on.`);
  }
  const textual = primary.type === 'string' || primary.type === 'reference' || primary.type === 'binary';
  return { column: primary.column, text: textual ? (primary.characteristics.caseExact ? 'exact' : 'ci') : 'none', descending };
}

/**
 * RFC 7644 §3.4.3: a root search runs the filter over every resource type; an attribute a type
 * does not have reads as no value there (so `userName eq "x"` matches no Group) rather than
 * failing the search. An attribute no type has is still 400 invalidFilter (closed world).
 */
export function planEveryType(resources: readonly ResourceMapping[], request: ListRequest): QueryPlan[] {
  const lackedBy = new Map<string, number>();
  const plans = resources.map((resource) => {
    const seen = new Set<string>();
    return planQuery(resource, request, undefined, (path) => {
      const key = printAttrPath(path).toLowerCase();
      if (!seen.has(key)) lackedBy.set(key, (lackedBy.get(key) ?? 0) + 1);
      seen.add(key);
    });
  });
  for (const [path, count] of lackedBy) {
    if (count === resources.length) {
      throw ScimError.of('invalidFilter', `"${path}" is not an attribute that any resource type maps (${resources.map((r) => r.name).join(', ')}), so it cannot be filtered on.`);
    }
  }
  return plans;
}
