/**
 * One `resources:` entry → a ResourceMapping: table, id, scope and delete mode checked against
 * the live table, then every attribute compiled.
 */
import type { RawDelete, RawResource } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import { compileAttribute } from './compile-attribute.js';
import { compileCompanions } from './compile-companions.js';
import { compileDefaults } from './compile-defaults.js';
import { attributeSources, compileDerived } from './compile-derived.js';
import { compileJoins, sideTables } from './compile-join.js';
import { compileRelation, isRelationSpec } from './compile-relation.js';
import { compileScope } from './compile-scope.js';
import type { Relation } from './relations.js';
import { BUILT_IN_REGISTRY, type SchemaRegistry } from './compile-schemas.js';
import { resourceSchemas } from './resource-schemas.js';
import { findColumn, findTable, type DbColumn, type DbSchema, type DbTable } from './db-schema.js';
import { columnRef } from './compile-columns.js';
import type { Problems } from './problems.js';
import { NOW, type ColumnRef, type DeleteMode, type IdMapping, type MappedAttribute, type ResourceMapping } from './types.js';

/** With the column's limits (length, range, allowed values): writes and filters are checked against them. */
const ref = (c: DbColumn): ColumnRef => columnRef(c);

/** `registry`: the deployment's schemas (built-in plus `schemas:`), where core and extension URNs are looked up. */
export function compileResource(name: string, raw: RawResource, db: DbSchema, problems: Problems, strictDefault: boolean,
  registry: SchemaRegistry = BUILT_IN_REGISTRY): ResourceMapping | undefined {
  const at = ['resources', name];
  const schemas = resourceSchemas(name, raw, registry, problems);
  if (!schemas) return undefined;
  const table = findTable(db, raw.table);
  if (!table) {
    const names = db.tables.map((t) => t.name);
    problems.add([...at, 'table'], `table "${raw.table}" does not exist in the database`, `${suggestion(raw.table, names)}the tables are: ${names.join(', ') || '(none)'}`);
    return undefined;
  }
  const before = problems.count;
  const id = compileId(name, raw, table, problems);
  const sides = sideTables({ db }, raw.join);
  const space = { table, sides };
  const joins = compileJoins({ resource: name, table, idColumn: id?.column.name ?? table.primaryKey[0] ?? 'id', db, problems }, raw.join);
  const scope = compileScope(name, raw.scope, space, problems);
  const del = compileDelete(name, raw.delete ?? 'hard', table, problems);
  const defaulted = new Set([...Object.keys(raw.defaults ?? {}), ...Object.entries(raw.join ?? {}).flatMap(([t, j]) => Object.keys(j.defaults ?? {}).map((c) => `${t}.${c}`))]);
  const ctx = { resource: name, core: schemas.core, extensions: schemas.extensions, table, problems, space, db, defaulted, ...(id ? { idColumn: id.column } : {}) };
  const entries = Object.entries(raw.attributes);
  const attributes = entries.flatMap(([key, spec]) => (isRelationSpec(spec) ? [] : [compileAttribute(ctx, key, spec)]))
    .filter((a): a is MappedAttribute => a !== undefined);
  const relations = entries.flatMap(([key, spec]) => (isRelationSpec(spec) ? [compileRelation({ ...ctx, db }, key, spec)] : []))
    .filter((r): r is Relation => r !== undefined);
  checkDuplicateTargets(name, attributes, problems);
  const same = (a: ColumnRef, b: ColumnRef) => a.name === b.name && (a.table ?? '') === (b.table ?? '');
  const derived = compileDerived({
    at: [...at, 'derived'], space, problems, sources: attributeSources(attributes), sourceKind: `attribute of ${name}`,
    writtenBy: (c) => { const a = attributes.find((x) => same(x.column, c)); return a ? `mapped by ${a.key}` : undefined; },
  }, raw.derived);
  const insertDefaults = compileDefaults({ resource: name, table, problems, attributes, scope, id, delete: del, sides, derived: derived.map((d) => d.column) }, raw.defaults);
  const onCreate = compileCompanions({ resource: name, table, id, db, problems }, raw.onCreate);
  if (problems.count > before || !id || !del) return undefined;
  const used = new Set([...attributes.map((a) => a.schema), ...relations.map((r) => r.schema), ...schemas.required]);
  return {
    name,
    endpoint: schemas.endpoint,
    core: schemas.core,
    extensions: schemas.extensions.filter((s) => used.has(s.id)),
    knownExtensions: schemas.extensions,
    requiredExtensions: schemas.required,
    table: table.name,
    id, scope, delete: del,
    strict: raw.strict ?? strictDefault,
    attributes,
    relations,
    ...(insertDefaults.length > 0 ? { insertDefaults } : {}),
    ...(joins.length > 0 ? { joins } : {}),
    ...(derived.length > 0 ? { derived } : {}),
    ...(onCreate.length > 0 ? { onCreate } : {}),
  };
}

function compileId(name: string, raw: RawResource, table: DbTable, problems: Problems): IdMapping | undefined {
  const spec = typeof raw.id === 'object' ? raw.id : { column: raw.id ?? table.primaryKey[0] ?? 'id' };
  const at = ['resources', name, 'id'];
  const column = findColumn(table, spec.column);
  if (!column) {
    const names = table.columns.map((c) => c.name);
    problems.add(at, `id column "${spec.column}" does not exist in table "${table.name}"`, `${suggestion(spec.column, names)}name the primary key column, e.g. id: ${table.primaryKey[0] ?? 'id'}`);
    return undefined;
  }
  const integer = column.kind === 'integer';
  if (integer && !column.autoIncrement && !column.hasDefault) {
    problems.add(at, `id column "${column.name}" is an integer without auto-increment or a default, so new ${name}s cannot get an id`,
      'make it auto-increment (serial / AUTO_INCREMENT / INTEGER PRIMARY KEY), give it a default, or use a text/uuid key');
    return undefined;
  }
  // Integer keys of two tables collide (user 1, team 1) but SCIM ids must be unique across
  // resource types (RFC 7643 §3.1), so integer keys get a per-type prefix unless told otherwise.
  const prefix = spec.prefix ?? (integer ? `${name.toLowerCase()}-` : '');
  const short = column.kind !== 'uuid' && column.maxLength !== undefined && column.maxLength < 36;
  return { column: ref(column), prefix, generate: integer ? 'database' : short ? 'random' : 'uuid' };
}

function compileDelete(name: string, raw: RawDelete, table: DbTable, problems: Problems): DeleteMode | undefined {
  if (raw === 'hard' || raw === 'forbid') return { mode: raw };
  const at = ['resources', name, 'delete', 'soft'];
  const column = findColumn(table, raw.soft);
  if (!column) {
    problems.add(at, `soft-delete column "${raw.soft}" does not exist in table "${table.name}"`,
      suggestion(raw.soft, table.columns.map((c) => c.name)) || 'name a nullable timestamp (deleted_at) or a boolean (is_deleted) column');
    return undefined;
  }
  switch (column.kind) {
    case 'dateTime':
      if (column.nullable) return { mode: 'soft', column: ref(column), live: null, deleted: NOW };
      break;
    case 'boolean':
      return { mode: 'soft', column: ref(column), live: false, deleted: true };
    case 'integer':
      // With epoch (Mattermost's DeleteAt), a deleted row holds its deletion time; else 1.
      return raw.epoch !== undefined ? { mode: 'soft', column: { ...ref(column), epoch: raw.epoch }, live: 0, deleted: NOW } : { mode: 'soft', column: ref(column), live: 0, deleted: 1 };
    default:
  }
  problems.add(at, `soft-delete column "${column.name}" is ${column.dataType}${column.nullable ? '' : ' NOT NULL'}`,
    'use a nullable timestamp (NULL = live, set to the deletion time) or a boolean/integer flag (false/0 = live)');
  return undefined;
}

/** Two config keys for the same SCIM path would make writes ambiguous. */
function checkDuplicateTargets(name: string, attributes: readonly MappedAttribute[], problems: Problems): void {
  const seen = new Map<string, string>();
  for (const a of attributes) {
    const target = `${a.schema}:${a.name}${JSON.stringify(a.element?.constants ?? null)}.${a.sub ?? ''}`.toLowerCase();
    const other = seen.get(target);
    if (other) problems.add(['resources', name, 'attributes', a.key], `"${a.key}" and "${other}" map the same SCIM attribute`, 'keep one of them', true);
    seen.set(target, a.key);
  }
}
