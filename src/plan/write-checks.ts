/**
 * The checks a write plan makes on the values it is about to write, against what each column can
 * hold (column-fit.ts): a value that does not fit is a 400 invalidValue naming the attribute and
 * the limit, before any SQL runs. Only values being written are checked, so a row that already
 * holds something odd (written by the application) can still be changed elsewhere.
 */
import { ScimError } from '../errors.js';
import { NOW, type ColumnValue, type DerivedColumn, type MapColumnValue, type MappedAttribute } from '../mapping/types.js';
import { misfit } from './column-fit.js';
import { idFromColumn, referenceToColumn } from './ids.js';

/** A reference being written: the row it names must exist, and be in the target's scope, when the write runs. */
export interface ReferenceCheck {
  readonly attr: MappedAttribute;
  readonly key: ColumnValue;
}

/**
 * The one answer for a reference to a resource that is not there, whatever the reason (no such
 * row, outside the scope, soft-deleted, beyond the key's range), so the answer reveals nothing
 * about rows the client may not see.
 */
export function unknownReference(attr: MappedAttribute, id: string): ScimError {
  return ScimError.of('invalidValue', `Attribute "${attr.key}": there is no User with id ${JSON.stringify(id)}.`);
}

/** Refuses a value the attribute's column cannot hold; returns the reference to verify, if it is one. */
export function checkWrite(attr: MappedAttribute, value: MapColumnValue): ReferenceCheck | undefined {
  if (value === NOW || value === null) return undefined;
  if (attr.reference) {
    const id = idFromColumn(attr.reference, value instanceof Date ? value.toISOString() : value);
    if (referenceToColumn(attr.reference, attr.column, id) === undefined) throw unknownReference(attr, id);
    return { attr, key: value };
  }
  const problem = misfit(attr.column, value);
  if (problem !== undefined) throw ScimError.of('invalidValue', `Attribute "${attr.key}" ${problem}.`);
  return undefined;
}

/** A derived column (`derived:`) must hold what its source becomes (a slug may be longer than a shorter column allows). */
export function checkDerived(derived: DerivedColumn, value: ColumnValue): void {
  const problem = misfit(derived.column, value);
  if (problem !== undefined) throw ScimError.of('invalidValue', `Attribute "${derived.fromKey}" is also written to column ${derived.column.name}, whose value ${problem}.`);
}
