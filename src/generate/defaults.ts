/**
 * `defaults:` for the columns a create must fill that no attribute fills: NOT NULL columns without
 * a database default, and nullable columns that no sampled row leaves NULL (many ORMs leave columns
 * nullable that the application always writes). In order: the owner's tenant in a relation
 * (`$owner.<column>`); credentials (credential-defaults.ts); never a made-up value in an
 * identity-like column; a soft-delete marker's live value; true for "verified"/"confirmed" (the IdP
 * vouches for what it provisions); `$uuid` for surrogate ids; a reference takes the id most sampled
 * rows hold (never 0, which points at no row); times `$now` (`$nowMillis` for Unix milliseconds; 0
 * where the sample shows 0 = never); then the value most sampled rows hold; then, for NOT NULL
 * columns only, a neutral value by kind. Mapped columns may get a fallback (written when the IdP
 * does not send the attribute). Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { credentialDefault } from './credential-defaults.js';
import { isCredential } from './credentials.js';
import type { DraftDefault } from './draft.js';
import { epochOf } from './epoch.js';
import { isIdentityLike, isSurrogate } from './identity.js';
import { namedLikeSoftDelete } from './markers.js';
import { asColumnValue, commonestValue, dominantValue, neverNull } from './sampled.js';
import { columnNamed, factsOf, isUniqueAlone, needsValue, referencesFrom, referenceStem, type SchemaView } from './schema-view.js';
import { isTextTime, kindDefault, VOUCHED } from './kind-defaults.js';
import { hasAny, splitWords } from './words.js';

const NO_DB_DEFAULT = 'NOT NULL without a database default';
const NEVER_NULL = 'nullable, but NULL in none of the sampled rows';

export interface DefaultContext {
  /** The users table: unique text there is identity-like. */
  readonly usersTable: boolean;
  /** Relation column → the owner's column it copies (`org_id` → `$owner.org_id`). */
  readonly owner?: ReadonlyMap<string, string>;
  /** About how many sampled rows the resource keeps (its scope applied), for "most rows hold". */
  readonly kept?: number;
  /** Take the most common sampled value even when fewer than half the rows hold it (a row that must name some value: a role). */
  readonly plurality?: boolean;
}

export interface ProposedDefaults {
  readonly defaults: readonly DraftDefault[];
  /** NOT NULL columns no default may fill, each with why. */
  readonly uncovered: readonly { readonly column: string; readonly why: string }[];
}

/**
 * Why a column needs a value on create: NOT NULL, never NULL in the data, mapped (a fallback), or
 * a column with a database default the data contradicts (`overDefault`: a "confirmed" flag the
 * sampled rows hold on, a creation time none of them holds 0 in).
 */
export type Need = 'required' | 'neverNull' | 'fallback' | 'overDefault';

/** Splits `columns` of `table` into defaults and what stays uncovered; plain names are NOT NULL columns. */
export function proposeDefaults(view: SchemaView, table: DbTable, columns: readonly (string | { readonly name: string; readonly need: Need })[], ctx: DefaultContext): ProposedDefaults {
  const defaults: DraftDefault[] = [];
  const uncovered: { column: string; why: string }[] = [];
  for (const entry of columns) {
    const { name, need } = typeof entry === 'string' ? { name: entry, need: 'required' as const } : entry;
    const column = columnNamed(table, name);
    if (column === undefined) continue;
    const found = need === 'fallback' ? fallbackFor(view, table, column, ctx)
      : need === 'overDefault' ? overDefault(view, table, column) : defaultFor(view, table, column, ctx, need === 'required');
    if (found === undefined) continue;
    if ('value' in found) defaults.push(found);
    else if (need === 'required') uncovered.push({ column: name, why: found.why });
  }
  return { defaults, uncovered };
}

/** Columns of `table` a create must fill that `written` does not: NOT NULL ones, then those the data never leaves NULL. */
export function columnsToFill(view: SchemaView, table: DbTable, written: ReadonlySet<string>): { name: string; need: Need }[] {
  // A single-column key is the table's own id; each column of a composite key needs a value.
  const id = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const open = table.columns.filter((c) => !written.has(c.name) && c.name !== id && c.generated !== true && !c.autoIncrement);
  return [
    ...open.filter(needsValue).map((c) => ({ name: c.name, need: 'required' as const })),
    ...open.filter((c) => !c.hasDefault && neverNull(view, table.name, c)).map((c) => ({ name: c.name, need: 'neverNull' as const })),
    ...open.filter((c) => c.hasDefault && (hasAny(splitWords(c.name), VOUCHED) || hasAny(splitWords(c.name), ADDED))).map((c) => ({ name: c.name, need: 'overDefault' as const })),
  ];
}

/** Words of a time the application stamps when the row is made. */
const ADDED: ReadonlySet<string> = new Set(['created', 'added', 'joined', 'registered', 'inserted']);

/**
 * A column with a database default that the sampled rows contradict: a verified/confirmed flag
 * most rows hold on (true: the IdP vouches), an integer creation time no row holds 0 in (`$now`).
 */
function overDefault(view: SchemaView, table: DbTable, column: DbColumn): DraftDefault | undefined {
  const on = vouchedFlag(view, table, column);
  if (on !== undefined && dominantValue(view, table.name, column) !== undefined) {
    return { column: column.name, value: on, reason: 'most sampled rows hold it on, whatever the database default: the identity provider vouches for what it provisions' };
  }
  const epoch = column.kind === 'integer' && hasAny(splitWords(column.name), ADDED) ? epochOf(view, table.name, column) : undefined;
  const values = factsOf(view, table.name, column.name)?.values ?? [];
  if (epoch === undefined || values.length === 0 || values.some((v) => Number(v.value) === 0)) return undefined;
  return { column: column.name, value: epoch.unit === 'milliseconds' ? '$nowMillis' : '$now', reason: `no sampled row holds 0, whatever the database default: the application stamps the time itself (Unix ${epoch.unit})` };
}

type Outcome = DraftDefault | { readonly why: string } | undefined;

function defaultFor(view: SchemaView, table: DbTable, column: DbColumn, ctx: DefaultContext, required: boolean): Outcome {
  const base = { column: column.name };
  const because = required ? NO_DB_DEFAULT : NEVER_NULL;
  const owned = ctx.owner?.get(column.name);
  if (owned !== undefined) return { ...base, value: `$owner.${owned}`, reason: `the owner's ${owned}: a new row belongs to the same tenant as its group` };
  if (isCredential(column)) return credentialDefault(view, table.name, column, required);
  if (isSurrogate(table, column)) return { ...base, value: '$uuid', reason: `${because}: a surrogate id (unique, named ${column.name}), a new random UUID per create` };
  if (isIdentityLike(table, column, ctx.usersTable)) return { why: `${column.name} looks like an identity (a login, an email, a name or a copy of one): map it or derive it from the attribute it holds; a made-up value would corrupt it` };
  if (namedLikeSoftDelete(column) && (column.kind === 'integer' || column.kind === 'boolean')) {
    return { ...base, value: column.kind === 'boolean' ? false : 0, reason: `${because}: named like a soft-delete marker, so created rows are live` };
  }
  const vouched = vouchedFlag(view, table, column);
  if (vouched !== undefined) return { ...base, value: vouched, reason: `${because}: the identity provider vouches for what it provisions` };
  if (isReference(view, table, column)) return referenceDefault(view, table, column, ctx, because);
  const time = timeDefault(view, table, column, because);
  if (time !== undefined) return time;
  const common = sampledDefault(view, table, column, ctx, because);
  if (common !== undefined) return common;
  return required ? kindDefault(table, column) : undefined;
}

/** true (1) for a flag named verified/confirmed/approved that no sample contradicts. */
function vouchedFlag(view: SchemaView, table: DbTable, column: DbColumn): boolean | number | undefined {
  if (!hasAny(splitWords(column.name), VOUCHED)) return undefined;
  const on = column.kind === 'boolean' ? true : column.kind === 'integer' ? 1 : undefined;
  if (on === undefined) return undefined;
  const seen = dominantValue(view, table.name, column);
  return seen === undefined || seen.value === on || seen.value === true ? on : undefined;
}

/** A column pointing at another table's row, by foreign key or by name. */
function isReference(view: SchemaView, table: DbTable, column: DbColumn): boolean {
  return (column.kind === 'integer' || column.kind === 'string' || column.kind === 'uuid')
    && (referencesFrom(view, table).some((r) => r.column === column.name) || referenceStem(column.name) !== undefined);
}

/** A reference gets the id most sampled rows hold (an admin or the system user), never 0: 0 points at no row. */
function referenceDefault(view: SchemaView, table: DbTable, column: DbColumn, ctx: DefaultContext, because: string): Outcome {
  const common = dominantValue(view, table.name, column, ctx.kept);
  if (common !== undefined && common.value !== 0 && common.value !== '') {
    return {
      column: column.name, value: common.value, reason: `${because}: the row most sampled rows point at (${common.count} of ${common.of})`,
      check: `${column.name} points at another row: confirm ${String(common.value)} is the one SCIM-created rows should name`,
    };
  }
  return { why: `${column.name} points at another row and no id is common to the sampled rows: write the id the application expects` };
}

/** Times: `$now` in the column's form (Unix seconds or milliseconds, ISO text), 0 where the sample shows 0 = "never". */
function timeDefault(view: SchemaView, table: DbTable, column: DbColumn, because: string): DraftDefault | undefined {
  const base = { column: column.name };
  if (column.kind === 'dateTime' || column.kind === 'date') return { ...base, value: '$now', reason: `${because}: set to the time of the create` };
  if (column.kind === 'string' && isTextTime(view, table.name, column)) return { ...base, value: '$now', reason: `${because}: the sample holds ISO timestamps here, so the time of the create as ISO text` };
  const epoch = column.kind === 'integer' ? epochOf(view, table.name, column) : undefined;
  if (epoch === undefined) return undefined;
  if (dominantValue(view, table.name, column)?.value === 0) return { ...base, value: 0, reason: `${because}: 0, as most sampled rows hold (an integer time where 0 means "never")` };
  return {
    ...base, value: epoch.unit === 'milliseconds' ? '$nowMillis' : '$now', reason: `${because}: the time of the create in Unix ${epoch.unit} (${epoch.why})`,
    ...(epoch.unsure ? { check: `confirm ${column.name} holds Unix ${epoch.unit}` } : {}),
  };
}

/** The value most rows the resource keeps hold, where the column is not one value per row. */
function sampledDefault(view: SchemaView, table: DbTable, column: DbColumn, ctx: DefaultContext, because: string): DraftDefault | undefined {
  if (isUniqueAlone(table, column.name)) return undefined;
  const common = ctx.plurality === true ? commonestValue(view, table.name, column, ctx.kept) : dominantValue(view, table.name, column, ctx.kept);
  if (common === undefined) return undefined;
  const text = column.kind === 'string' || column.kind === 'other' || column.kind === 'json';
  return {
    column: column.name, value: common.value, reason: `${because}: the value most sampled rows hold (${common.count} of ${common.of})`,
    ...(text && common.value !== '' ? { check: `SCIM-created rows get ${JSON.stringify(common.value)} in ${column.name}, as most existing rows: confirm it is the application's own default` } : {}),
  };
}

/** A mapped column's fallback, for creates that do not send the attribute: the common value (only an empty one into a name or login). */
function fallbackFor(view: SchemaView, table: DbTable, column: DbColumn, ctx: DefaultContext): DraftDefault | undefined {
  if (isCredential(column) || isUniqueAlone(table, column.name) || !['string', 'other', 'json', 'integer', 'decimal', 'boolean'].includes(column.kind)) return undefined;
  const common = dominantValue(view, table.name, column, ctx.kept);
  if (common === undefined || (isIdentityLike(table, column, ctx.usersTable) && common.value !== '')) return undefined;
  return { column: column.name, value: asColumnValue(column, common.value as string | number | boolean | null), reason: `a fallback when the IdP does not send it: the value most sampled rows hold (${common.count} of ${common.of})` };
}
