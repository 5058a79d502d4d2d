/**
 * The last resort for a NOT NULL column nothing fills and the sample says nothing about: a
 * neutral value of its kind — false (true for "verified"/"confirmed": the IdP vouches for what it
 * provisions), 0, `$now`, `$uuid`, an empty JSON object or list, an empty text with a question.
 * And the sample's ISO timestamps in a text column (Wiki.js' `createdAt` varchar). Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import type { DraftDefault } from './draft.js';
import { factsOf, isUniqueAlone, referenceStem, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

const UUID_LENGTH = 36;
const NO_DB_DEFAULT = 'NOT NULL without a database default';
const LIST_WORDS: ReadonlySet<string> = new Set(['roles', 'permissions', 'tags', 'groups', 'scopes', 'ids', 'items', 'list', 'rules']);
export const VOUCHED: ReadonlySet<string> = new Set(['verified', 'confirmed', 'activated', 'approved', 'validated']);
/** An ISO 8601 date or date-time, as applications write timestamps into text columns. */
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function fitsUuid(column: DbColumn): boolean {
  return column.maxLength === undefined || column.maxLength >= UUID_LENGTH;
}

/** A text column whose every sampled value is an ISO timestamp. */
export function isTextTime(view: SchemaView, table: string, column: DbColumn): boolean {
  const values = factsOf(view, table, column.name)?.values ?? [];
  return column.kind === 'string' && values.length > 0 && values.every((v) => v.value === null || ISO.test(String(v.value)));
}

type Outcome = DraftDefault | { readonly why: string };

/** A neutral value of the column's kind. */
export function kindDefault(table: DbTable, column: DbColumn): Outcome {
  const base = { column: column.name };
  switch (column.kind) {
    case 'boolean': {
      const vouched = hasAny(splitWords(column.name), VOUCHED);
      return { ...base, value: vouched, reason: vouched ? `${NO_DB_DEFAULT}: true, the identity provider vouches for what it provisions` : `${NO_DB_DEFAULT}: SCIM-created rows get false` };
    }
    case 'integer':
    case 'decimal': {
      const reference = referenceStem(column.name) !== undefined;
      return reference ? { why: `${column.name} looks like a reference: 0 would point at no row; write the id the application expects` } : { ...base, value: 0, reason: `${NO_DB_DEFAULT}: SCIM-created rows get 0` };
    }
    case 'dateTime':
    case 'date': return { ...base, value: '$now', reason: `${NO_DB_DEFAULT}: set to the time of the create` };
    case 'uuid': return { ...base, value: '$uuid', reason: `${NO_DB_DEFAULT}: a new random UUID per create` };
    case 'json': {
      const list = hasAny(splitWords(column.name), LIST_WORDS);
      return { ...base, value: list ? '[]' : '{}', reason: `${NO_DB_DEFAULT}: an empty JSON ${list ? 'list' : 'object'}`, check: `SCIM-created rows get ${list ? '[]' : '{}'} in ${column.name}: confirm the application accepts that` };
    }
    case 'string':
    case 'other': return textDefault(table, column);
    default: return { why: `${column.name} is ${column.dataType}: no default fits` };
  }
}

function textDefault(table: DbTable, column: DbColumn): Outcome {
  if (isUniqueAlone(table, column.name)) {
    return fitsUuid(column)
      ? { column: column.name, value: '$uuid', reason: `${NO_DB_DEFAULT} and unique: a new random UUID per create` }
      : { why: `${column.name} is unique and too short for a random UUID` };
  }
  return {
    column: column.name, value: '', reason: NO_DB_DEFAULT,
    check: `SCIM-created rows get an empty ${column.name}: confirm the application accepts that, or write the value it needs`,
  };
}
