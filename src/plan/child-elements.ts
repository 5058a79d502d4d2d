/**
 * A body's elements for a child table (`phoneNumbers` in user_phones): a list of objects (a lone
 * object is a list of one), each field type-checked and — for elements being written — checked
 * against its column (column-fit.ts), so a phone number longer than its varchar is a 400 before SQL.
 */
import { ScimError } from '../errors.js';
import type { ChildTableRelation } from '../mapping/relations.js';
import type { ColumnValue } from '../mapping/types.js';
import { misfit } from './column-fit.js';
import { isObject, lookup } from './resource-values.js';

export type Element = Record<string, unknown>;

export function elementsIn(relation: ChildTableRelation, value: unknown): Element[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (!isObject(item)) throw ScimError.of('invalidValue', `Each element of "${relation.name}" must be an object, e.g. {"value": "…", "type": "work"}.`);
    const element: Element = {};
    for (const f of relation.fields) {
      const v = lookup(item, f.sub);
      if (v === undefined || v === null) continue;
      const ok = f.def.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'string';
      if (!ok) throw ScimError.of('invalidValue', `"${relation.name}.${f.sub}" must be a ${f.def.type === 'boolean' ? 'boolean' : 'string'}.`);
      element[f.sub] = v;
    }
    if (element['value'] === undefined) throw ScimError.of('invalidValue', `Each element of "${relation.name}" needs a "value".`);
    return element;
  });
}

/** Every element about to be written fits its columns; elements kept as they were are not judged again. */
export function checkElements(relation: ChildTableRelation, next: readonly Element[], previous: readonly Element[] = []): void {
  const kept = new Set(previous.map((e) => JSON.stringify(e)));
  for (const element of next) {
    if (kept.has(JSON.stringify(element))) continue;
    for (const f of relation.fields) {
      const v = element[f.sub];
      if (v === undefined || v === null || f.def.type === 'boolean') continue;
      const problem = misfit(f.column, v as ColumnValue);
      if (problem !== undefined) throw ScimError.of('invalidValue', `"${relation.name}.${f.sub}" ${problem}.`);
    }
  }
}
