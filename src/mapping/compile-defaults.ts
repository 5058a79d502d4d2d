/**
 * One resource's `defaults:` → InsertDefault[]: values written on INSERT only, for NOT NULL columns
 * that SCIM has no attribute for (Django's `auth_user.password`, Rails' `teams.slug`). Each column is
 * checked against the live table — it exists, nothing else (an attribute, the id, the scope) already
 * writes it, a soft-delete marker keeps its live value — and each value against the column's kind,
 * so a bad default is a ConfigError at start-up, never a failed POST.
 */
import type { RawDefaultValue } from '../config/raw-types.js';
import { didYouMean, suggestion } from '../util/did-you-mean.js';
import { findColumn, type ColumnKind, type DbColumn, type DbTable } from './db-schema.js';
import type { Problems } from './problems.js';
import {
  NOW, UUID, type ColumnRef, type DefaultColumnValue, type DeleteMode, type IdMapping, type InsertDefault,
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
}

/** The generators a `defaults:` value may name; anything else spelt `$word` is a typo, not text. */
const GENERATORS: Readonly<Record<string, typeof NOW | typeof UUID>> = { $now: NOW, $uuid: UUID };
const GENERATOR_NAME = /^\$[A-Za-z_][A-Za-z0-9_]*$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value that fits each column kind, for hints. */
const EXAMPLE: Readonly<Record<ColumnKind, string>> = {
  string: '"" (or $uuid when it must be unique)', integer: '0', decimal: '0', boolean: 'false', dateTime: '$now',
  date: '$now', uuid: '$uuid', json: '"{}"', binary: 'null', other: '""',
};

const ref = (c: DbColumn): ColumnRef => ({ name: c.name, kind: c.kind, nullable: c.nullable });

/** Compiles every `defaults:` entry; problems go to `ctx.problems` and the entry is dropped. */
export function compileDefaults(ctx: DefaultsContext, raw: Readonly<Record<string, RawDefaultValue>> | undefined): InsertDefault[] {
  return Object.entries(raw ?? {}).flatMap(([name, value]) => {
    const compiled = compileDefault(ctx, name, value);
    return compiled === undefined ? [] : [compiled];
  });
}

function compileDefault(ctx: DefaultsContext, name: string, raw: RawDefaultValue): InsertDefault | undefined {
  const at = ['resources', ctx.resource, 'defaults', name];
  const column = findColumn(ctx.table, name);
  if (column === undefined) {
    const names = ctx.table.columns.map((c) => c.name);
    ctx.problems.add(at, `column "${name}" does not exist in table "${ctx.table.name}"`, `${suggestion(name, names)}the table's columns are: ${names.join(', ')}`, true);
    return undefined;
  }
  const owner = writtenBy(ctx, column.name);
  if (owner !== undefined) {
    ctx.problems.add(at, `column "${column.name}" is already ${owner}`, `remove it from defaults: the ${owner.startsWith('mapped') ? 'attribute' : 'server'} writes it`, true);
    return undefined;
  }
  const value = parseValue(ctx, at, raw);
  if (value === undefined) return undefined;
  const misfit = checkFit(column, value.value);
  if (misfit !== undefined) {
    ctx.problems.add(at, misfit, `write a value that fits ${column.dataType}${column.nullable ? '' : ' NOT NULL'}, e.g. ${column.name}: ${EXAMPLE[column.kind]}`);
    return undefined;
  }
  const dead = checkSoftDelete(ctx.delete, column, value.value);
  if (dead !== undefined) {
    ctx.problems.add(at, dead, 'remove it from defaults, or write the live value');
    return undefined;
  }
  // ISO text for a timestamp column is bound as a Date, so every dialect gets its own format.
  const stored = column.kind === 'dateTime' && typeof value.value === 'string' ? new Date(value.value) : value.value;
  return { column: ref(column), value: stored };
}

/** "mapped by userName", "the id column", "set by scope": whatever else writes the column. */
function writtenBy(ctx: DefaultsContext, column: string): string | undefined {
  const attr = ctx.attributes.find((a) => a.column.name === column);
  if (attr !== undefined) return `mapped by ${attr.key}`;
  if (ctx.id?.column.name === column) return `the id column (resources.${ctx.resource}.id), which the ${ctx.id.generate === 'uuid' ? 'server' : 'database'} fills`;
  if (ctx.scope.some((s) => s.column.name === column)) return `set by scope (resources.${ctx.resource}.scope)`;
  return undefined;
}

/** `$now` / `$uuid` → their markers, `$$x` → the text `$x`, other `$word` → a problem; constants as they are. */
function parseValue(ctx: DefaultsContext, at: readonly string[], raw: RawDefaultValue): { value: DefaultColumnValue } | undefined {
  if (typeof raw !== 'string') return { value: raw };
  if (raw.startsWith('$$')) return { value: raw.slice(1) };
  const generator = GENERATORS[raw.toLowerCase()];
  if (generator !== undefined) return { value: generator };
  if (GENERATOR_NAME.test(raw)) {
    const guess = didYouMean(raw, Object.keys(GENERATORS));
    ctx.problems.add(at, `"${raw}" is not a generator`, `${guess ? `did you mean "${guess}"? ` : ''}the generators are $now (the write's timestamp) and $uuid (a random UUID); write "$${raw}" for the literal text ${raw}`);
    return undefined;
  }
  return { value: raw };
}

const kindName = (c: DbColumn) => `column "${c.name}" is ${c.dataType}${c.nullable ? '' : ' NOT NULL'}`;

/** Why `value` cannot go into `column`, or undefined when it fits. */
function checkFit(column: DbColumn, value: DefaultColumnValue): string | undefined {
  const fits = fitsKind(column, value);
  if (fits === true) return undefined;
  return `${kindName(column)}: ${fits}`;
}

function fitsKind(column: DbColumn, value: DefaultColumnValue): true | string {
  const { kind } = column;
  if (value === null) return column.nullable || 'null cannot be its default';
  if (value === NOW) return kind === 'dateTime' || kind === 'date' || '$now (a timestamp) does not fit it';
  if (value === UUID) return fitsUuid(column);
  if (typeof value === 'boolean') return kind === 'boolean' || `the boolean ${String(value)} does not fit it${kind === 'integer' ? ' (write 0 or 1)' : ''}`;
  if (typeof value === 'number') return fitsNumber(kind, value);
  if (typeof value === 'string') return fitsText(column, value);
  return true;
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
