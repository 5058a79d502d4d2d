/**
 * The `defaults:` a draft proposes: for each NOT NULL column without a database default that no
 * attribute fills, a value written when SCIM creates a row (and never on update), chosen from the
 * column's kind and name. A column no rule fits stays "uncovered" (init then explains the fix). Pure.
 */
import type { RawDefaultValue } from '../config/raw-types.js';
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { PASSWORD_COLUMNS } from './propose-rules.js';

/** One proposed `defaults:` entry, with the reason shown beside it. */
export interface DraftDefault {
  readonly column: string;
  readonly value: RawDefaultValue;
  /** Why this value, e.g. "NOT NULL boolean without a database default". */
  readonly reason: string;
  /** A question for the reader (rendered as `# CHECK:`). */
  readonly check?: string;
}

/** What `defaults:` can fill, and the columns it cannot. */
export interface ProposedDefaults {
  readonly defaults: readonly DraftDefault[];
  readonly uncovered: readonly string[];
}

const UUID_LENGTH = 36;
const NO_DB_DEFAULT = 'NOT NULL without a database default';

/** Splits the uncovered columns of `table` into proposed defaults and the ones left uncovered. */
export function proposeDefaults(table: DbTable, columns: readonly string[]): ProposedDefaults {
  const defaults: DraftDefault[] = [];
  const uncovered: string[] = [];
  for (const name of columns) {
    const column = table.columns.find((c) => c.name === name);
    const proposed = column === undefined ? undefined : defaultFor(table, column);
    if (proposed === undefined) uncovered.push(name);
    else defaults.push(proposed);
  }
  return { defaults, uncovered };
}

function isPasswordLike(column: DbColumn): boolean {
  const name = column.name.toLowerCase();
  return PASSWORD_COLUMNS.includes(name) || name.includes('password');
}

function isUnique(table: DbTable, column: DbColumn): boolean {
  return table.uniques.some((u) => u.length === 1 && u[0] === column.name);
}

/** The value for one column, by kind first, then (for text) by uniqueness and name. */
function defaultFor(table: DbTable, column: DbColumn): DraftDefault | undefined {
  const base = { column: column.name };
  switch (column.kind) {
    case 'boolean':
      return { ...base, value: false, reason: `${NO_DB_DEFAULT}: SCIM-created rows get false` };
    case 'integer':
    case 'decimal':
      return { ...base, value: 0, reason: `${NO_DB_DEFAULT}: SCIM-created rows get 0` };
    case 'dateTime':
    case 'date':
      return { ...base, value: '$now', reason: `${NO_DB_DEFAULT}: set to the time of the create` };
    case 'uuid':
      return { ...base, value: '$uuid', reason: `${NO_DB_DEFAULT}: a new random UUID per create` };
    case 'string':
    case 'other':
      return textDefault(table, column);
    default:
      return undefined;
  }
}

function textDefault(table: DbTable, column: DbColumn): DraftDefault | undefined {
  const base = { column: column.name };
  const roomForUuid = column.maxLength === undefined || column.maxLength >= UUID_LENGTH;
  if (isUnique(table, column)) {
    return roomForUuid ? { ...base, value: '$uuid', reason: `${NO_DB_DEFAULT} and unique: a new random UUID per create` } : undefined;
  }
  if (isPasswordLike(column)) {
    return {
      ...base, value: '!',
      reason: 'an unusable password: the app\'s own login is disabled for SCIM-created users unless it sets a password (SSO is unaffected)',
    };
  }
  return {
    ...base, value: '',
    reason: NO_DB_DEFAULT,
    check: `SCIM-created rows get an empty ${column.name}: confirm the application accepts that, or write the value it needs`,
  };
}
