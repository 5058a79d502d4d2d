/**
 * A list or search request (query string of GET, or the body of POST /.search) → ListRequest.
 * RFC 7644 §3.4.2.4: a startIndex below 1 is 1, a negative count is 0; a count above the server's
 * maximum is capped (the maximum is advertised as filter.maxResults).
 */
import { ScimError } from '../errors.js';
import type { AttrPath, Filter } from './filter/ast.js';
import { parseFilter } from './filter/parser.js';
import { parseAttrPath, parseAttrPathList } from './path.js';

export interface ListRequest {
  readonly filter?: Filter;
  readonly sortBy?: AttrPath;
  readonly sortOrder: 'ascending' | 'descending';
  readonly startIndex: number;
  readonly count: number;
  readonly attributes: readonly AttrPath[];
  readonly excludedAttributes: readonly AttrPath[];
  /** RFC 9865: present (possibly empty, meaning "first page") when the client pages by cursor. */
  readonly cursor?: string;
}

export interface ListLimits {
  readonly defaultCount: number;
  readonly maxResults: number;
}

/** Parameter values as they arrive: strings from a query string, JSON values from a search body. */
export type ListParams = Readonly<Record<string, unknown>>;

function text(params: ListParams, name: string): string | undefined {
  const value = Object.entries(params).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object') throw ScimError.of('invalidValue', `"${name}" must be a string or a number.`);
  return String(value);
}

function integer(params: ListParams, name: string): number | undefined {
  const raw = text(params, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw ScimError.of('invalidValue', `"${name}" must be an integer; got ${JSON.stringify(raw)}.`);
  return Number(raw);
}

/** Parses and clamps list parameters (names case-insensitive); malformed values are 400s. */
export function parseListRequest(params: ListParams, limits: ListLimits): ListRequest {
  const filterText = text(params, 'filter');
  const sortByText = text(params, 'sortBy');
  const order = (text(params, 'sortOrder') ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') {
    throw ScimError.of('invalidValue', `"sortOrder" must be "ascending" or "descending"; got ${JSON.stringify(order)}.`);
  }
  const cursor = text(params, 'cursor');
  const givenStart = integer(params, 'startIndex');
  if (cursor !== undefined && givenStart !== undefined) {
    throw ScimError.of('invalidValue', 'Use either "cursor" (RFC 9865) or "startIndex" (RFC 7644 §3.4.2.4), not both.');
  }
  const startIndex = Math.max(1, givenStart ?? 1);
  const count = Math.min(limits.maxResults, Math.max(0, integer(params, 'count') ?? limits.defaultCount));
  const attributes = parseAttrPathList(text(params, 'attributes') ?? '', 'invalidValue');
  const excludedAttributes = parseAttrPathList(text(params, 'excludedAttributes') ?? '', 'invalidValue');
  return {
    ...(filterText !== undefined ? { filter: parseFilter(filterText) } : {}),
    ...(sortByText !== undefined && sortByText !== '' ? { sortBy: parseAttrPath(sortByText, 'invalidValue') } : {}),
    sortOrder: order,
    startIndex,
    count,
    attributes,
    excludedAttributes,
    ...(cursor !== undefined ? { cursor } : {}),
  };
}
