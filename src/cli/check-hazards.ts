/**
 * What `check` warns about where a mapping that compiles would still hurt the application (issue
 * 10 §3), read from the compiled mapping and the live schema (pure):
 * - defaults that write a generated or constant value into an identity-like column (a unique
 *   column, or one named like a login, an email or a name): every SCIM-created row would get a
 *   random login, or all the same one;
 * - NOT NULL columns without a database default in the tables a write inserts into besides the
 *   resource's own (child, join, side, key-value and onCreate tables) that nothing fills: the
 *   IdP's group push or email write would fail there.
 * The data-dependent warnings (users without a userName, a scope matching one row, several row
 * types served as one resource) are in check-data.ts.
 */
import type { DbColumn, DbSchema, DbTable } from '../mapping/db-schema.js';
import { findTable } from '../mapping/db-schema.js';
import { NOW, joinsOf, relationsOf, type ColumnRef, type InsertDefault, type Mapping, type ResourceMapping } from '../mapping/types.js';
import type { Warning } from './check-report.js';

/** Words that make a column an identity: a login, a handle, an email. */
const IDENTITY_WORDS = new Set(['login', 'username', 'uname', 'handle', 'email', 'mail', 'slug', 'upn', 'principal']);
/** Whole names that do too: `name` is the login in many schemas (and `lower_name` its copy). */
const IDENTITY_NAMES = new Set(['name', 'lower_name', 'name_lower', 'user_name', 'user']);

const words = (name: string): string[] => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');

/** Opaque identifiers: unique, but made to be random (a uuid, a key), never something people type or see. */
const OPAQUE_WORDS = new Set(['uuid', 'guid', 'uid', 'key', 'token', 'hash', 'nonce', 'salt']);

/** Unique on its own (plain or lower()-folded) and not an opaque identifier, or named like an identity. */
export function identityLike(table: DbTable, column: string): boolean {
  const unique = table.uniques.some((u) => u.length === 1 && u[0] === column)
    || (table.indexes ?? []).some((i) => i.unique && !i.partial && i.keys.length === 1 && i.keys[0]?.column === column);
  const opaque = words(column).some((w) => OPAQUE_WORDS.has(w)) || table.columns.find((c) => c.name === column)?.kind === 'uuid';
  return (unique && !opaque) || IDENTITY_NAMES.has(column.toLowerCase()) || namedLikeIdentity(words(column));
}

const PREPOSITIONS = new Set(['on', 'at', 'for', 'of', 'by', 'to', 'after', 'before', 'from', 'in']);

/** The name's head word says identity (`user_login`, `email`, `login_name`), not a modifier (`redirectOnLogin`'s "login" is). */
function namedLikeIdentity(all: readonly string[]): boolean {
  const cut = all.findIndex((w) => PREPOSITIONS.has(w));
  const parts = cut > 0 ? all.slice(0, cut) : all;
  const head = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  return head !== undefined && (IDENTITY_WORDS.has(head) || (head === 'name' && before !== undefined && ['login', 'user', 'account', 'screen'].includes(before)));
}

/** Text a default puts into a text column (timestamps, numbers and flags are never identities). */
const textDefault = (t: DbTable, d: InsertDefault): boolean =>
  d.value !== NOW && (typeof d.value === 'string' || typeof d.value === 'symbol') && ['string', 'other', 'uuid'].includes(t.columns.find((c) => c.name === d.column.name)?.kind ?? '');

const shown = (d: InsertDefault): string => (typeof d.value === 'symbol' ? `$${d.value.description ?? 'generated'}` : JSON.stringify(d.value));

/** Defaults (of the resource, its side tables, its relations, its onCreate rows) into identity-like columns. */
function identityDefaults(r: ResourceMapping, db: DbSchema): Warning[] {
  // A default on a column an attribute maps is only its fallback when the IdP sends none.
  const mapped = new Set(r.attributes.map((a) => `${a.column.table ?? r.table}.${a.column.name}`));
  const groups: { table: string; defaults: readonly InsertDefault[] }[] = [
    { table: r.table, defaults: (r.insertDefaults ?? []).filter((d) => !mapped.has(`${d.column.table ?? r.table}.${d.column.name}`)) },
    ...joinsOf(r).map((j) => ({ table: j.table, defaults: j.defaults })),
  ];
  return groups.flatMap(({ table, defaults }) => {
    const t = findTable(db, table);
    return t === undefined ? [] : defaults.filter((d) => textDefault(t, d) && identityLike(t, d.column.name)).map((d) => ({
      resource: r.name,
      message: `defaults writes ${shown(d)} into ${table}.${d.column.name}, which looks like an identity (${uniqueOrNamed(t, d.column.name)}): every SCIM-created ${r.name} would get ${d.value === null || typeof d.value !== 'symbol' ? 'the same value' : 'a random value'} there. Map it to an attribute, or derive it from one (derived: { ${d.column.name}: { from: ${r.name === 'User' ? 'userName' : 'displayName'}, transform: ${/slug/i.test(d.column.name) ? 'slug' : 'lower'} } })`,
    }));
  });
}

function uniqueOrNamed(table: DbTable, column: string): string {
  return table.uniques.some((u) => u.length === 1 && u[0] === column) || (table.indexes ?? []).some((i) => i.unique && i.keys.length === 1 && i.keys[0]?.column === column)
    ? 'it is unique' : 'named like a login, an email or a name';
}

/** NOT NULL, no default, not generated, not auto-increment: a row inserted without it fails. */
const needsValue = (c: DbColumn) => !c.nullable && !c.hasDefault && !c.autoIncrement && !c.generated;

function unfilled(db: DbSchema, table: string, filled: readonly string[]): string[] {
  const t = findTable(db, table);
  return t === undefined ? [] : t.columns.filter((c) => needsValue(c) && !filled.includes(c.name)).map((c) => c.name);
}

const names = (refs: readonly (ColumnRef | undefined)[]): string[] => refs.flatMap((c) => (c === undefined ? [] : [c.name]));

/** Every other table a write of `r` inserts into, with the columns that write fills. */
function insertedTables(r: ResourceMapping): { table: string; filled: string[]; what: string }[] {
  const out: { table: string; filled: string[]; what: string }[] = [];
  for (const rel of relationsOf(r)) {
    if (rel.kind === 'children') {
      out.push({ table: rel.table, what: `${rel.name} (child table)`, filled: names([rel.foreignKey, ...rel.fields.map((f) => f.column), ...rel.defaults.map((d) => d.column), ...rel.derived.map((d) => d.column)]) });
    } else if (rel.name === 'members') {
      out.push({ table: rel.through, what: 'members (join table)', filled: names([rel.ownColumn, rel.otherColumn, ...rel.defaults.map((d) => d.column)]) });
    }
  }
  for (const j of joinsOf(r)) {
    const mapped = [...r.attributes.map((a) => a.column), ...r.scope.map((s) => s.column)].filter((c) => c.table === j.table);
    out.push({ table: j.table, what: 'joined side table', filled: names([j.side, ...mapped, ...j.defaults.map((d) => d.column)]) });
  }
  for (const a of r.attributes) {
    const k = a.column.keyed;
    if (k) out.push({ table: k.table, what: `${a.key} (key-value table)`, filled: names([a.column, k.owner, k.newKey, ...k.where.map((w) => w.column)]) });
  }
  for (const c of r.onCreate ?? []) out.push({ table: c.table, what: 'onCreate row', filled: names(c.values.map((v) => v.column)) });
  return out;
}

function unfilledRelationColumns(r: ResourceMapping, db: DbSchema): Warning[] {
  return insertedTables(r).flatMap(({ table, filled, what }) => {
    const missing = unfilled(db, table, filled);
    if (missing.length === 0) return [];
    const them = missing.length > 1 ? 'them' : 'it';
    return [{
      resource: r.name,
      message: `writes to ${table} (${what}) will fail: ${missing.map((c) => `${table}.${c}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} NOT NULL without a database default and nothing fills ${them}; add ${them} under that mapping's defaults: (e.g. ${missing[0]}: $now, a constant, or $owner.<column>)`,
    }];
  });
}

/** The schema-level hazards of every resource. */
export function mappingHazards(mapping: Mapping, db: DbSchema): Warning[] {
  return mapping.resources.flatMap((r) => [...identityDefaults(r, db), ...unfilledRelationColumns(r, db)]);
}
