/**
 * One resource's `defaults:` → InsertDefault[]: values written on INSERT only, for NOT NULL columns
 * that SCIM has no attribute for (Django's `auth_user.password`, Rails' `teams.slug`). Each column is
 * checked against the live table — it exists, nothing else (an attribute, the id, the scope) already
 * writes it, a soft-delete marker keeps its live value — and each value against the column's kind,
 * so a bad default is a ConfigError at start-up, never a failed POST.
 */
import type { RawDefaultValue } from '../config/raw-types.js';
import { didYouMean, suggestion } from '../util/did-you-mean.js';
import { lookupColumn, type ColumnSpace } from './compile-columns.js';
import { findColumn, type ColumnKind, type DbColumn, type DbTable } from './db-schema.js';
import type { Problems } from './problems.js';
import {
  NOW, RANDOM, UUID, type ColumnRef, type DefaultColumnValue, type DeleteMode, type IdMapping, type InsertDefault,
  type MappedAttribute, type ScopeCondition,
} from './types.js';

/** The resource as compiled so far: what already writes columns of its table. */
export interface DefaultsContext {
  readonly resource: string;
  readonly table: DbTable;
  readonly problems: Problems;
  readonly attributes: readonly MappedAttribute[];
  readonly scope: readonly ScopeCondition[];
  readonly id: IdMapping | undefined;
  readonly delete: DeleteMode | undefined;
  /** The joined side tables, whose columns resource defaults may name as `table.column`. */
  readonly sides?: readonly DbTable[];
  /** Columns written from an attribute (`derived:`). */
  readonly derived?: readonly ColumnRef[];
}

/**
 * Where one `defaults:` map lives and what its names mean: the config path, the tables its column
 * names resolve in, the owning row's table for `$owner.<column>` (relations only), and what
 * already writes each column.
 */
export interface DefaultsTarget {
  readonly at: readonly (string | number)[];
  readonly space: ColumnSpace;
  readonly problems: Problems;
  readonly owner?: DbTable;
  writtenBy(ref: ColumnRef): string | undefined;
  readonly delete?: DeleteMode;
}

/** The generators a `defaults:` value may name; anything else spelt `$word` is a typo, not text. */
const GENERATORS: Readonly<Record<string, Generator>> = { $now: 'now', $nowmillis: 'nowMillis', $uuid: 'uuid', $random: 'random' };
const GENERATOR_NAME = /^\$[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER_COLUMN = /^\$owner\.(.+)$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value that fits each column kind, for hints. */
const EXAMPLE: Readonly<Record<ColumnKind, string>> = {
  string: '"" (or $uuid when it must be unique)', integer: '0', decimal: '0', boolean: 'false', dateTime: '$now',
  date: '$now', uuid: '$uuid', json: '"{}"', binary: 'null', other: '""',
};

type Generator = 'now' | 'nowMillis' | 'uuid' | 'random';

/** A parsed value: a constant, a generator, or a column of the owning row. */
type Parsed = { readonly value: string | number | boolean | null } | { readonly generator: Generator } | { readonly owner: string };

/** Compiles a resource's `defaults:`; problems go to `ctx.problems` and the entry is dropped. */
export function compileDefaults(ctx: DefaultsContext, raw: Readonly<Record<string, RawDefaultValue>> | undefined): InsertDefault[] {
  return compileDefaultsIn({
    at: ['resources', ctx.resource, 'defaults'], space: { table: ctx.table, sides: ctx.sides ?? [] }, problems: ctx.problems,
    writtenBy: (ref) => writtenBy(ctx, ref), ...(ctx.delete !== undefined ? { delete: ctx.delete } : {}),
  }, raw);
}

/** Compiles any `defaults:` map (a resource's, a side table's, a child or join table's). */
export function compileDefaultsIn(target: DefaultsTarget, raw: Readonly<Record<string, RawDefaultValue>> | undefined): InsertDefault[] {
  return Object.entries(raw ?? {}).flatMap(([name, value]) => {
    const compiled = compileDefault(target, name, value);
    return compiled === undefined ? [] : [compiled];
  });
}

function compileDefault(target: DefaultsTarget, name: string, raw: RawDefaultValue): InsertDefault | undefined {
  const at = [...target.at, name];
  const found = lookupColumn(target.space, name);
  if (!found.found) {
    target.problems.add(at, found.problem, found.hint, true);
    return undefined;
  }
  const { column, ref } = found;
  const owner = target.writtenBy(ref);
  if (owner !== undefined) {
    target.problems.add(at, `column "${name}" is already ${owner}`, `remove it from defaults: the ${owner.startsWith('mapped') ? 'attribute' : 'server'} writes it`, true);
    return undefined;
  }
  if (column.generated) {
    target.problems.add(at, `column "${name}" is computed by the database (a generated column)`, 'remove it from defaults: the database fills it', true);
    return undefined;
  }
  const parsed = parseValue(target, at, raw);
  if (parsed === undefined) return undefined;
  if ('owner' in parsed) return ownerDefault(target, at, ref, column, parsed.owner);
  const value = 'generator' in parsed ? generated(parsed.generator) : parsed.value;
  const misfit = checkFit(column, value, 'generator' in parsed ? parsed.generator : undefined);
  if (misfit !== undefined) {
    target.problems.add(at, misfit, `write a value that fits ${column.dataType}${column.nullable ? '' : ' NOT NULL'}, e.g. ${name}: ${EXAMPLE[column.kind]}`);
    return undefined;
  }
  const dead = checkSoftDelete(target.delete, column, value);
  if (dead !== undefined) {
    target.problems.add(at, dead, 'remove it from defaults, or write the live value');
    return undefined;
  }
  // ISO text for a timestamp column is bound as a Date, so every dialect gets its own format.
  const stored = column.kind === 'dateTime' && typeof value === 'string' ? new Date(value) : value;
  const epoch = 'generator' in parsed && parsed.generator !== 'random' && column.kind === 'integer' ? (parsed.generator === 'nowMillis' ? 'milliseconds' : 'seconds') : undefined;
  return { column: epoch ? { ...ref, epoch } : ref, value: stored };
}

const generated = (g: Generator): DefaultColumnValue => (g === 'uuid' ? UUID : g === 'random' ? RANDOM : NOW);

/** `$owner.org_id`: the owning row's column, which must exist and be of a kind the target takes. */
function ownerDefault(target: DefaultsTarget, at: readonly (string | number)[], ref: ColumnRef, column: DbColumn, name: string): InsertDefault | undefined {
  if (target.owner === undefined) {
    target.problems.add(at, '`$owner.<column>` is for the defaults of a child or join table', 'write a constant, $now or $uuid here', true);
    return undefined;
  }
  const source = findColumn(target.owner, name);
  if (source === undefined) {
    const names = target.owner.columns.map((c) => c.name);
    target.problems.add(at, `the owning table "${target.owner.name}" has no column "${name}"`, `${suggestion(name, names)}its columns are: ${names.join(', ')}`);
    return undefined;
  }
  if (source.kind !== column.kind && !(isText(source.kind) && isText(column.kind))) {
    target.problems.add(at, `${target.owner.name}.${name} is ${source.dataType} but "${column.name}" is ${column.dataType}`, 'copy a column of the same type');
    return undefined;
  }
  return { column: ref, value: { owner: { name: source.name, kind: source.kind, nullable: source.nullable } } };
}

const isText = (k: ColumnKind) => k === 'string' || k === 'other' || k === 'uuid';

/** "the id column", "set by scope", "derived": whatever else always writes the column. */
function writtenBy(ctx: DefaultsContext, ref: ColumnRef): string | undefined {
  const same = (c: ColumnRef) => c.name === ref.name && (c.table ?? '') === (ref.table ?? '');
  // A mapped column may have a default: it is written when a create does not give the attribute.
  if (ctx.id !== undefined && same(ctx.id.column)) return `the id column (resources.${ctx.resource}.id), which the ${ctx.id.generate === 'uuid' ? 'server' : 'database'} fills`;
  if (ctx.scope.some((s) => same(s.column) && s.write !== undefined)) return `set by scope (resources.${ctx.resource}.scope)`;
  if ((ctx.derived ?? []).some(same)) return `derived from an attribute (resources.${ctx.resource}.derived)`;
  return undefined;
}

/** `$now` / `$nowMillis` / `$uuid` → generators, `$owner.x` → a column of the owning row, `$$x` → the text `$x`, other `$word` → a problem; constants as they are. */
function parseValue(target: DefaultsTarget, at: readonly (string | number)[], raw: RawDefaultValue): Parsed | undefined {
  if (typeof raw !== 'string') return { value: raw };
  if (raw.startsWith('$$')) return { value: raw.slice(1) };
  const generator = GENERATORS[raw.toLowerCase()];
  if (generator !== undefined) return { generator };
  const owner = OWNER_COLUMN.exec(raw);
  if (owner?.[1] !== undefined) return { owner: owner[1] };
  if (GENERATOR_NAME.test(raw)) {
    const guess = didYouMean(raw, Object.keys(GENERATORS));
    target.problems.add(at, `"${raw}" is not a generator`, `${guess ? `did you mean "${guess}"? ` : ''}the generators are $now (the write's timestamp), $nowMillis (Unix milliseconds), $uuid (a random UUID), $random (random letters and digits)${target.owner ? ' and $owner.<column>' : ''}; write "$${raw}" for the literal text ${raw}`);
    return undefined;
  }
  return { value: raw };
}

const kindName = (c: DbColumn) => `column "${c.name}" is ${c.dataType}${c.nullable ? '' : ' NOT NULL'}`;

/** Why `value` cannot go into `column`, or undefined when it fits. */
function checkFit(column: DbColumn, value: DefaultColumnValue, generator?: Generator): string | undefined {
  const fits = generator === 'nowMillis' ? column.kind === 'integer' || '$nowMillis (Unix milliseconds) fits an integer column'
    : generator === 'random' ? ['string', 'other', 'binary'].includes(column.kind) || '$random (letters and digits, or random bytes) fits a text or binary column'
    : fitsKind(column, value);
  if (fits === true) return undefined;
  return `${kindName(column)}: ${fits}`;
}

function fitsKind(column: DbColumn, value: DefaultColumnValue): true | string {
  const { kind } = column;
  if (value === null) return column.nullable || 'null cannot be its default';
  // In an integer column, $now is Unix time in seconds (Moodle's timecreated); $nowMillis in milliseconds.
  // In a text column, $now is ISO 8601 text (timestamps some applications keep in varchar).
  if (value === NOW) return ['dateTime', 'date', 'integer', 'string', 'other'].includes(kind) || '$now (a timestamp) does not fit it';
  if (value === UUID) return fitsUuid(column);
  if (typeof value === 'boolean') return kind === 'boolean' || `the boolean ${String(value)} does not fit it${kind === 'integer' ? ' (write 0 or 1)' : ''}`;
  if (typeof value === 'number') return fitsNumber(kind, value);
  if (typeof value === 'string') return fitsText(column, value);
  return true; // $owner.<column> is checked where it is parsed
}

function fitsUuid(column: DbColumn): true | string {
  if (!['string', 'uuid', 'other'].includes(column.kind)) return '$uuid (text) does not fit it';
  return column.maxLength === undefined || column.maxLength >= 36 || `$uuid is 36 characters, longer than its ${column.maxLength}`;
}

function fitsNumber(kind: ColumnKind, value: number): true | string {
  if (kind === 'decimal') return true;
  if (kind === 'integer') return Number.isInteger(value) || `${value} is not a whole number`;
  if (kind === 'boolean') return value === 0 || value === 1 || `${value} is not a boolean (write true or false)`;
  return `the number ${value} does not fit it${kind === 'string' || kind === 'other' ? ` (quote it: "${value}")` : ''}`;
}

function fitsText(column: DbColumn, value: string): true | string {
  const text = JSON.stringify(value);
  switch (column.kind) {
    case 'string': case 'other': case 'json':
      return column.maxLength === undefined || value.length <= column.maxLength || `${text} is longer than its ${column.maxLength} characters`;
    case 'uuid':
      return UUID_TEXT.test(value) || `${text} is not a UUID (write $uuid for a new one)`;
    case 'dateTime':
      return !Number.isNaN(Date.parse(value)) || `${text} is not a date and time (write $now, or an ISO 8601 text such as "2024-01-01T00:00:00Z")`;
    case 'date':
      return /^\d{4}-\d\d-\d\d$/.test(value) || `${text} is not a date (write $now or "2024-01-01")`;
    default:
      return `the text ${text} does not fit it${column.kind === 'binary' ? '' : ' (write it without quotes)'}`;
  }
}

/** A created row must be live: a default on the soft-delete marker may only write the live value. */
function checkSoftDelete(del: DeleteMode | undefined, column: DbColumn, value: DefaultColumnValue): string | undefined {
  if (del?.mode !== 'soft' || del.column.name !== column.name) return undefined;
  const live = del.live;
  const same = value === live || (typeof live === 'boolean' && value === (live ? 1 : 0)) || (typeof live === 'number' && value === (live !== 0));
  return same ? undefined : `column "${column.name}" is the soft-delete marker: a created row must be live (${JSON.stringify(live)})`;
}
