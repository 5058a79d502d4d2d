/**
 * `scope:` → ScopeConditions: which rows of the table are this resource (people, not bots; this
 * tenant; Users, not the Group rows of a single-table design). A value, a list of values, null, or
 * `{ not: … }`; each value is read as the column's type, so `"${SCIM_ORG_ID}"` (text from the
 * environment) compares as the integer the column holds.
 */
import type { RawScopeConstant, RawScopeValue } from '../config/raw-types.js';
import { lookupColumn, type ColumnSpace } from './compile-columns.js';
import type { DbColumn } from './db-schema.js';
import type { Problems } from './problems.js';
import type { ColumnValue, ScopeCondition } from './types.js';

export function compileScope(resource: string, raw: Readonly<Record<string, RawScopeValue>> | undefined, space: ColumnSpace, problems: Problems): ScopeCondition[] {
  return compileConditions(['resources', resource, 'scope'], raw, space, problems);
}

/** Scope-like conditions at any config path (a resource's scope, a membership's `where`). */
export function compileConditions(path: readonly (string | number)[], raw: Readonly<Record<string, RawScopeValue>> | undefined, space: ColumnSpace, problems: Problems): ScopeCondition[] {
  return Object.entries(raw ?? {}).flatMap(([name, spec]): ScopeCondition[] => {
    const at = [...path, name];
    const found = lookupColumn(space, name);
    if (!found.found) {
      problems.add(at, found.problem, found.hint, true);
      return [];
    }
    if (spec === '$tenant') return [{ column: found.ref, values: [], negated: false, tenant: true }];
    const negated = isNot(spec);
    const listed = negated ? spec.not : spec;
    const values: ColumnValue[] = [];
    for (const value of Array.isArray(listed) ? listed : [listed as RawScopeConstant]) {
      const coerced = coerce(value, found.column);
      if (coerced === undefined) {
        problems.add(at, `${JSON.stringify(value)} is not a value of column "${name}" (${found.column.dataType})`, `write a value of the column's type${found.column.kind === 'boolean' ? ', true or false' : found.column.kind === 'integer' ? ', a whole number' : ''}`);
        return [];
      }
      values.push(coerced);
    }
    // A side table's column is NULL wherever the side row is missing (the join is outer): `bots.userid: null` means "no bot row".
    if (!negated && values.length === 1 && values[0] === null && !found.column.nullable && found.ref.table === undefined) {
      problems.add(at, `column "${name}" is NOT NULL, so no row matches null`, 'scope on a value the column holds, or use { not: null }');
      return [];
    }
    const write = negated ? undefined : values[0];
    return [{ column: found.ref, values, negated, ...(write !== undefined ? { write } : {}) }];
  });
}

function isNot(spec: RawScopeValue): spec is { readonly not: RawScopeConstant | readonly RawScopeConstant[] } {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec);
}

/** A scope value as the column holds it; undefined when it cannot be one (text in an integer column). */
export function coerce(value: RawScopeConstant, column: DbColumn): ColumnValue | undefined {
  if (value === null) return null;
  switch (column.kind) {
    case 'integer':
    case 'decimal': {
      if (typeof value === 'boolean') return column.kind === 'integer' ? Number(value) : undefined;
      const n = typeof value === 'number' ? value : Number(value.trim());
      if (typeof value === 'string' && value.trim() === '') return undefined;
      return Number.isFinite(n) && (column.kind === 'decimal' || Number.isSafeInteger(n)) ? n : undefined;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = String(value).toLowerCase();
      return ['true', '1', 't', 'yes'].includes(text) ? true : ['false', '0', 'f', 'no'].includes(text) ? false : undefined;
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
}
