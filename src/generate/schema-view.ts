/**
 * The schema as the rules read it: tables by name, their key column, the sampled facts of a
 * column, and which columns point at which tables — by a declared foreign key, or by name where
 * the ORM declares none (Rails, xorm and Doctrine join tables; `cohortid`, `uid`, `realm_id`). Pure.
 */
import type { ColumnFacts, DataFacts, DbColumn, DbSchema, DbTable, TableFacts } from '../mapping/db-schema.js';
import { credentialColumns } from './credentials.js';
import { emailColumn, loginColumn, namedLikeIdentity } from './columns.js';
import { schemaPrefixes, singular, splitWords, stripPrefix, tableWords } from './words.js';

export interface SchemaView {
  readonly schema: DbSchema;
  readonly facts: DataFacts;
  /** Table prefixes stripped before names are read as words. */
  readonly prefixes: readonly string[];
}

export function viewOf(schema: DbSchema, facts: DataFacts = new Map()): SchemaView {
  return { schema, facts: withoutSecrets(schema, facts), prefixes: schemaPrefixes(schema.tables.map((t) => t.name)) };
}

/** A value that names nobody: empty, or without a letter or digit (`-`, the placeholder login of a system row). */
export const isBlank = (value: unknown): boolean => typeof value === 'string' && !/[\p{L}\p{N}]/u.test(value);

/**
 * The sample with the values of credential columns dropped but the empty ones, and those of
 * logins, emails and names but the blank ones: a rule may ask whether a salt is ever NULL or
 * mostly '', or whether a placeholder row has a login, never what a secret or a person's name is.
 */
function withoutSecrets(schema: DbSchema, facts: DataFacts): DataFacts {
  const out = new Map<string, TableFacts>();
  for (const [name, table] of facts) {
    const t = schema.tables.find((x) => x.name === name);
    const columns = t?.columns ?? [];
    const credentials = new Set(credentialColumns(columns));
    // Names and addresses of people: in a table with a login or email column (a key-value table's `name` is a key).
    const people = t !== undefined && (loginColumn(t) !== undefined || emailColumn(t) !== undefined);
    const identities = new Set(people ? columns.filter(namedLikeIdentity).map((c) => c.name) : []);
    const kept = (c: string, f: ColumnFacts): ColumnFacts => {
      if (f.values === undefined || (!credentials.has(c) && !identities.has(c))) return f;
      return { ...f, values: f.values.filter((v) => (credentials.has(c) ? v.value === '' : isBlank(v.value))) };
    };
    out.set(name, { ...table, columns: new Map([...table.columns].map(([c, f]) => [c, kept(c, f)])) });
  }
  return out;
}

export function tableNamed(view: SchemaView, name: string): DbTable | undefined {
  return view.schema.tables.find((t) => t.name === name);
}

export function columnNamed(table: DbTable, name: string): DbColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/** What the sample says about `table.column`; undefined when it was not sampled. */
export function factsOf(view: SchemaView, table: string, column: string): ColumnFacts | undefined {
  return view.facts.get(table)?.columns.get(column);
}

/**
 * The number of sampled rows when each non-null value of `table.column` appeared once in at least
 * three of them (a per-user reference, not a shared one); undefined otherwise or without a sample.
 */
export function eachValueOnce(view: SchemaView, table: string, column: string): number | undefined {
  const facts = factsOf(view, table, column);
  const nonNull = (view.facts.get(table)?.sampled ?? 0) - (facts?.nulls ?? 0);
  return facts !== undefined && nonNull >= 3 && facts.distinct === nonNull ? nonNull : undefined;
}

/** Rows sampled from `table` (undefined: not sampled). */
export function sampledRows(view: SchemaView, table: string): number | undefined {
  return view.facts.get(table)?.sampled;
}

/** The column a reference to the table would point at: its sole primary key, else a unique NOT NULL column. */
export function keyColumn(table: DbTable): string | undefined {
  const [pk, extra] = table.primaryKey;
  if (pk !== undefined && extra === undefined) return pk;
  return table.uniques.find((u) => u.length === 1 && table.columns.some((c) => c.name === u[0] && !c.nullable))?.[0];
}

/** A column pointing at another table's key. */
export interface Reference {
  readonly column: string;
  readonly table: string;
  readonly refColumn: string;
  /** A declared foreign key (else found by name and type). */
  readonly declared: boolean;
}

const NOT_ID_WORDS = new Set(['uid', 'gid', 'guid', 'uuid', 'valid', 'paid', 'void', 'said', 'android', 'hid', 'pid']);

/**
 * The words naming what a column points at: `team_id` → team, `cohortid` → cohort,
 * `user_profile_id` → user profile; undefined for a column not named like a reference.
 */
export function referenceStem(column: string): readonly string[] | undefined {
  const words = splitWords(column);
  const last = words[words.length - 1];
  if (last === undefined) return undefined;
  if (last === 'id' && words.length > 1) return words.slice(0, -1);
  if (last.endsWith('id') && last.length > 4 && !NOT_ID_WORDS.has(last)) return [...words.slice(0, -1), last.slice(0, -2)];
  return undefined;
}

/** Whether two column kinds can hold the same key values. */
export function sameKeyKind(a: DbColumn, b: DbColumn): boolean {
  const family = (c: DbColumn): string => (c.kind === 'uuid' || c.kind === 'string' ? 'text' : c.kind === 'decimal' ? 'integer' : c.kind);
  return family(a) === family(b);
}

/**
 * How closely `stem` names `table`, lower is closer: 0 its words (singular, joined), 1 its name
 * without the prefix, 2 only its head noun (`user_id` → `org_user`); undefined when it does not.
 */
export function stemRank(view: SchemaView, stem: readonly string[], table: DbTable): number | undefined {
  const words = tableWords(table.name, view.prefixes);
  const joined = stem.map(singular).join('');
  if (joined === words.join('')) return 0;
  if (joined === splitWords(stripPrefix(table.name, view.prefixes)).join('')) return 1;
  return joined === words[words.length - 1] ? 2 : undefined;
}

/** Declared foreign keys of one column, to a single-column key. */
function declaredReferences(table: DbTable): Reference[] {
  return table.foreignKeys
    .filter((f) => f.columns.length === 1 && f.refColumns.length === 1)
    .map((f) => ({ column: f.columns[0] ?? '', table: f.refTable, refColumn: f.refColumns[0] ?? '', declared: true }));
}

/** References found by name: `<table>_id` whose type fits the table's key, where no foreign key is declared. */
function namedReferences(view: SchemaView, table: DbTable, declared: readonly Reference[]): Reference[] {
  const out: Reference[] = [];
  for (const column of table.columns) {
    if (declared.some((r) => r.column === column.name)) continue;
    if (table.primaryKey.length === 1 && table.primaryKey[0] === column.name) continue;
    const stem = referenceStem(column.name);
    if (stem === undefined) continue;
    // `user_id` names `user` before `org_user`, whose head noun it only shares.
    const target = view.schema.tables
      .map((t) => ({ t, rank: t.name === table.name || !fitsKey(t, column) ? undefined : stemRank(view, stem, t) }))
      .filter((x): x is { t: DbTable; rank: number } => x.rank !== undefined)
      .sort((a, b) => a.rank - b.rank)[0]?.t;
    const key = target === undefined ? undefined : keyColumn(target);
    if (target !== undefined && key !== undefined) out.push({ column: column.name, table: target.name, refColumn: key, declared: false });
  }
  return out;
}

function fitsKey(target: DbTable, column: DbColumn): boolean {
  const key = keyColumn(target);
  const keyCol = key === undefined ? undefined : columnNamed(target, key);
  return keyCol !== undefined && sameKeyKind(keyCol, column);
}

/** Every reference out of `table`: declared foreign keys first, then those found by name. */
export function referencesFrom(view: SchemaView, table: DbTable): readonly Reference[] {
  const declared = declaredReferences(table);
  return [...declared, ...namedReferences(view, table, declared)];
}

/** Whether `column` alone is unique in `table` (primary key, unique constraint, or a plain whole unique index). */
export function isUniqueAlone(table: DbTable, column: string): boolean {
  if (table.primaryKey.length === 1 && table.primaryKey[0] === column) return true;
  if (table.uniques.some((u) => u.length === 1 && u[0] === column)) return true;
  return (table.indexes ?? []).some((i) => i.unique && !i.partial && i.keys.length === 1 && i.keys[0]?.column === column && i.keys[0]?.fold === undefined && i.keys[0]?.expression === undefined);
}

/** NOT NULL, no database default, not computed, not auto-incremented: an INSERT must name it. */
export function needsValue(column: DbColumn): boolean {
  return !column.nullable && !column.hasDefault && !column.autoIncrement && column.generated !== true;
}
