/**
 * `defaults:` for NOT NULL columns without a database default that nothing else fills, written on
 * INSERT only: timestamps `$now` (`$nowMillis` / `$now` for integer Unix times), booleans false
 * (true for "verified"/"confirmed": the IdP vouches for what it provisions), numbers 0, uuids and
 * unique surrogates `$uuid`, a password the unusable `"!"`, json `{}`/`[]`, other text `""` with a
 * CHECK — and, in a relation, `$owner.<column>` for the owner's tenant column. Never into an
 * identity-like column (a login, an email, a name, their folded copies): those stay uncovered with
 * a question, because a made-up value there corrupts the application. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { isCredential, isPassword } from './credentials.js';
import type { DraftDefault } from './draft.js';
import { epochOf } from './epoch.js';
import { isIdentityLike } from './identity.js';
import { namedLikeSoftDelete } from './markers.js';
import { columnNamed, factsOf, isUniqueAlone, referenceStem, type SchemaView } from './schema-view.js';
import { hasAny, splitWords } from './words.js';

const UUID_LENGTH = 36;
const NO_DB_DEFAULT = 'NOT NULL without a database default';
const LIST_WORDS: ReadonlySet<string> = new Set(['roles', 'permissions', 'tags', 'groups', 'scopes', 'ids', 'items', 'list']);
const VOUCHED: ReadonlySet<string> = new Set(['verified', 'confirmed', 'activated', 'approved', 'validated']);

export interface DefaultContext {
  /** The users table: unique text there is identity-like. */
  readonly usersTable: boolean;
  /** Relation column → the owner's column it copies (`org_id` → `$owner.org_id`). */
  readonly owner?: ReadonlyMap<string, string>;
}

export interface ProposedDefaults {
  readonly defaults: readonly DraftDefault[];
  /** Columns no default may fill, each with why. */
  readonly uncovered: readonly { readonly column: string; readonly why: string }[];
}

/** Splits `columns` (NOT NULL, unfilled) of `table` into defaults and what stays uncovered. */
export function proposeDefaults(view: SchemaView, table: DbTable, columns: readonly string[], ctx: DefaultContext): ProposedDefaults {
  const defaults: DraftDefault[] = [];
  const uncovered: { column: string; why: string }[] = [];
  for (const name of columns) {
    const column = columnNamed(table, name);
    if (column === undefined) continue;
    const found = defaultFor(view, table, column, ctx);
    if ('value' in found) defaults.push(found);
    else uncovered.push({ column: name, why: found.why });
  }
  return { defaults, uncovered };
}

type Outcome = DraftDefault | { readonly why: string };

function defaultFor(view: SchemaView, table: DbTable, column: DbColumn, ctx: DefaultContext): Outcome {
  const base = { column: column.name };
  const owned = ctx.owner?.get(column.name);
  if (owned !== undefined) return { ...base, value: `$owner.${owned}`, reason: `the owner's ${owned}: a new row belongs to the same tenant as its group` };
  if (isCredential(column) && (column.kind === 'string' || column.kind === 'other')) return credentialDefault(column);
  if (isIdentityLike(table, column, ctx.usersTable)) return { why: `${column.name} looks like an identity (a login, an email, a name or a copy of one): map it or derive it from the attribute it holds; a made-up value would corrupt it` };
  if (namedLikeSoftDelete(column) && (column.kind === 'integer' || column.kind === 'boolean')) {
    return { ...base, value: column.kind === 'boolean' ? false : 0, reason: `${NO_DB_DEFAULT}: named like a soft-delete marker, so created rows are live` };
  }
  switch (column.kind) {
    case 'boolean': {
      const vouched = hasAny(splitWords(column.name), VOUCHED);
      return { ...base, value: vouched, reason: vouched ? `${NO_DB_DEFAULT}: true, the identity provider vouches for what it provisions` : `${NO_DB_DEFAULT}: SCIM-created rows get false` };
    }
    case 'integer': return integerDefault(view, table, column);
    case 'decimal': return { ...base, value: 0, reason: `${NO_DB_DEFAULT}: SCIM-created rows get 0` };
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

function integerDefault(view: SchemaView, table: DbTable, column: DbColumn): Outcome {
  const epoch = epochOf(view, table.name, column);
  const common = factsOf(view, table.name, column.name)?.values?.find((v) => v.value !== null);
  if (epoch === undefined && common !== undefined && Number.isInteger(Number(common.value))) {
    return { column: column.name, value: Number(common.value), reason: `${NO_DB_DEFAULT}: the most common value in the sample (${common.count} rows)` };
  }
  if (epoch === undefined) {
    const reference = referenceStem(column.name) !== undefined;
    return {
      column: column.name, value: 0, reason: `${NO_DB_DEFAULT}: SCIM-created rows get 0`,
      ...(reference ? { check: `${column.name} looks like a reference: 0 may point at no row; write the id the application expects` } : {}),
    };
  }
  return {
    column: column.name, value: epoch.unit === 'milliseconds' ? '$nowMillis' : '$now',
    reason: `${NO_DB_DEFAULT}: the time of the create in Unix ${epoch.unit} (${epoch.why})`,
    ...(epoch.unsure ? { check: `confirm ${column.name} holds Unix ${epoch.unit}` } : {}),
  };
}

function fitsUuid(column: DbColumn): boolean {
  return column.maxLength === undefined || column.maxLength >= UUID_LENGTH;
}

/** A password gets "!" (no login until the app sets one); another secret a random UUID where it fits. */
function credentialDefault(column: DbColumn): Outcome {
  if (isPassword(column)) {
    return { column: column.name, value: '!', reason: 'an unusable password: the app\'s own login is disabled for SCIM-created users unless it sets a password (SSO is unaffected)' };
  }
  if (fitsUuid(column)) return { column: column.name, value: '$uuid', reason: `${NO_DB_DEFAULT}: a credential, so a random value nobody knows` };
  return { why: `${column.name} is a credential too short for a random UUID: the application must set it` };
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
