/**
 * `attributes:` entries that name another table → Relations, checked against the live schema:
 * the tables and columns exist, the attribute is multi-valued, and each field is a sub-attribute.
 */
import type { RawChildTable, RawMembership } from '../config/raw-types.js';
import { suggestion } from '../util/did-you-mean.js';
import { compileDefaultsIn } from './compile-defaults.js';
import { compileDerived } from './compile-derived.js';
import { compileConditions } from './compile-scope.js';
import type { SchemaAttribute, SchemaDefinition } from './core-schemas.js';
import { findColumn, findTable, type DbColumn, type DbSchema, type DbTable } from './db-schema.js';
import { columnRef } from './compile-columns.js';
import type { Problems } from './problems.js';
import type { ChildField, ChildTableRelation, MembershipRelation, Relation } from './relations.js';
import type { ColumnRef } from './types.js';

export interface RelationContext {
  readonly resource: string;
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
  readonly db: DbSchema;
  readonly problems: Problems;
  /** The resource's own table: `$owner.<column>` in a relation's defaults reads it. */
  readonly table: DbTable;
}

/** With the column's limits (length, range, allowed values): writes and filters are checked against them. */
const ref = (c: DbColumn): ColumnRef => columnRef(c);

/** A child table (`{ table, key, fields }`) or a membership (`{ through, … }`); a key-value attribute (`{ table, key, where, column }`) is not. */
export function isRelationSpec(spec: unknown): spec is RawChildTable | RawMembership {
  return typeof spec === 'object' && spec !== null && ('through' in spec || ('table' in spec && 'fields' in spec));
}

export function compileRelation(ctx: RelationContext, key: string, spec: RawChildTable | RawMembership): Relation | undefined {
  const at = ['resources', ctx.resource, 'attributes', key];
  const attribute = findMultiValued(ctx, key, at);
  if (!attribute) return undefined;
  return 'through' in spec ? compileMembership(ctx, key, at, attribute, spec) : compileChildTable(ctx, key, at, attribute, spec);
}

function findMultiValued(ctx: RelationContext, key: string, at: readonly string[]): { schema: string; def: SchemaAttribute } | undefined {
  const uriSplit = key.lastIndexOf(':');
  const [uri, name] = uriSplit > 0 ? [key.slice(0, uriSplit), key.slice(uriSplit + 1)] : [undefined, key];
  for (const schema of [ctx.core, ...ctx.extensions]) {
    if (uri !== undefined && schema.id.toLowerCase() !== uri.toLowerCase()) continue;
    const def = schema.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (!def) continue;
    if (!def.multiValued) {
      ctx.problems.add(at, `${def.name} is single-valued: only multi-valued attributes come from another table`, `map it to a column: ${def.name}: <column>`, true);
      return undefined;
    }
    return { schema: schema.id, def };
  }
  const names = ctx.core.attributes.filter((a) => a.multiValued).map((a) => a.name);
  ctx.problems.add(at, `"${key}" is not a multi-valued attribute of ${ctx.resource}`, `${suggestion(name, names)}multi-valued attributes are: ${names.join(', ')}`, true);
  return undefined;
}

function table(ctx: RelationContext, at: readonly (string | number)[], name: string): DbTable | undefined {
  const found = findTable(ctx.db, name);
  if (!found) {
    const names = ctx.db.tables.map((t) => t.name);
    ctx.problems.add(at, `table "${name}" does not exist in the database`, `${suggestion(name, names)}the tables are: ${names.join(', ')}`);
  }
  return found;
}

function column(ctx: RelationContext, at: readonly (string | number)[], t: DbTable, name: string): DbColumn | undefined {
  const found = findColumn(t, name);
  if (!found) {
    const names = t.columns.map((c) => c.name);
    ctx.problems.add(at, `column "${name}" does not exist in table "${t.name}"`, `${suggestion(name, names)}the table's columns are: ${names.join(', ')}`);
  }
  return found;
}

function compileMembership(ctx: RelationContext, key: string, at: readonly string[], found: { schema: string; def: SchemaAttribute }, spec: RawMembership): MembershipRelation | undefined {
  const name = found.def.name;
  if (name !== 'members' && name !== 'groups') {
    ctx.problems.add(at, `"through" maps group membership; ${name} is neither members (on Group) nor groups (on User)`, `use { table, key, fields } for ${name}`, true);
    return undefined;
  }
  const join = table(ctx, [...at, 'through'], spec.through);
  if (!join) return undefined;
  const group = column(ctx, [...at, 'group'], join, spec.group);
  const member = column(ctx, [...at, 'member'], join, spec.member);
  if (!group || !member) return undefined;
  const own = name === 'members' ? group : member;
  const other = name === 'members' ? member : group;
  const defaults = compileDefaultsIn({
    at: [...at, 'defaults'], space: { table: join, sides: [], sideName: join.name }, problems: ctx.problems, owner: ctx.table,
    writtenBy: (c) => ([group.name, member.name].includes(c.name) ? 'the membership key, which the server fills' : undefined),
  }, spec.defaults);
  const where = compileConditions([...at, 'where'], spec.where, { table: join, sides: [], sideName: join.name }, ctx.problems);
  return {
    kind: 'membership', key, schema: found.schema, name, attribute: found.def, through: join.name,
    ownColumn: ref(own), otherColumn: ref(other), other: name === 'members' ? 'User' : 'Group', defaults, where,
    position: ctx.problems.positionOf(at, true),
  };
}

function compileChildTable(ctx: RelationContext, key: string, at: readonly string[], found: { schema: string; def: SchemaAttribute }, spec: RawChildTable): ChildTableRelation | undefined {
  const child = table(ctx, [...at, 'table'], spec.table);
  if (!child) return undefined;
  const foreignKey = column(ctx, [...at, 'key'], child, spec.key);
  if (!foreignKey) return undefined;
  const fields: ChildField[] = [];
  for (const [subName, columnName] of Object.entries(spec.fields)) {
    const def = found.def.subAttributes?.find((s) => s.name.toLowerCase() === subName.toLowerCase());
    if (!def) {
      const names = (found.def.subAttributes ?? []).map((s) => s.name);
      ctx.problems.add([...at, 'fields', subName], `"${subName}" is not a sub-attribute of ${found.def.name}`, `${suggestion(subName, names)}use one of ${names.join(', ')}`, true);
      continue;
    }
    const c = column(ctx, [...at, 'fields', subName], child, columnName);
    if (!c) continue;
    fields.push({
      sub: def.name, def, column: ref(c),
      characteristics: { mutability: def.mutability, returned: def.returned, required: def.required, uniqueness: def.uniqueness, caseExact: def.caseExact },
    });
  }
  if (!fields.some((f) => f.sub === 'value')) {
    ctx.problems.add([...at, 'fields'], `${found.def.name} needs a column for its "value"`, 'add value: <column> under fields');
    return undefined;
  }
  const space = { table: child, sides: [], sideName: child.name };
  const fieldOf = (c: ColumnRef) => (c.name === foreignKey.name ? 'the owner key, which the server fills' : fields.some((f) => f.column.name === c.name) ? `mapped under fields` : undefined);
  const derived = compileDerived({
    at: [...at, 'derived'], space, problems: ctx.problems, sourceKind: `field of ${found.def.name}`, writtenBy: fieldOf,
    sources: fields.map((f) => ({ key: f.sub, column: { ...f.column, table: child.name } })),
  }, spec.derived);
  const derivedNames = new Set(derived.map((d) => d.column.name));
  const defaults = compileDefaultsIn({
    at: [...at, 'defaults'], space, problems: ctx.problems, owner: ctx.table,
    writtenBy: (c) => fieldOf(c) ?? (derivedNames.has(c.name) ? 'derived from a field' : undefined),
  }, spec.defaults);
  return {
    kind: 'children', key, schema: found.schema, name: found.def.name, attribute: found.def, table: child.name, foreignKey: ref(foreignKey), fields,
    defaults, derived, position: ctx.problems.positionOf(at, true),
  };
}
