/**
 * The canonical text of filters and paths, for logs and round-trip tests:
 * `parseFilter(printFilter(f))` deep-equals `f` for every AST the parser can produce.
 *
 * Canonical form: lower-case operators, one space around them, `not (…)` as in the RFC 7644
 * §3.4.2.2 examples, string values through JSON.stringify, and only the parentheses needed: an
 * `or` inside an `and` is wrapped, and so is a right operand of the same operator
 * (`a or (b or c)`), because the parser groups equal operators to the left.
 */
import type { AttrPath, CompValue, Filter, PatchPath } from './ast.js';
import { assertNever } from '../../util/assert-never.js';

const PRECEDENCE = { or: 0, and: 1 } as const;

/** `[URI ":"] ATTRNAME ["." ATTRNAME]`. */
export function printAttrPath(path: AttrPath): string {
  const uri = path.uri !== undefined ? `${path.uri}:` : '';
  const sub = path.sub !== undefined ? `.${path.sub}` : '';
  return `${uri}${path.name}${sub}`;
}

/** A compValue as JSON; -0 keeps its sign. Non-finite numbers have no filter syntax and throw. */
export function printCompValue(value: CompValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot print non-finite number ${value} in a filter`);
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return JSON.stringify(value);
}

/** The canonical filter text (see the module comment). */
export function printFilter(f: Filter): string {
  switch (f.kind) {
    case 'compare':
      return `${printAttrPath(f.attrPath)} ${f.op} ${printCompValue(f.value)}`;
    case 'present':
      return `${printAttrPath(f.attrPath)} pr`;
    case 'not':
      return `not (${printFilter(f.filter)})`;
    case 'valuePath':
      return `${printAttrPath(f.attrPath)}[${printFilter(f.filter)}]`;
    case 'and':
    case 'or':
      return `${operand(f.left, f.kind, false)} ${f.kind} ${operand(f.right, f.kind, true)}`;
    default:
      return assertNever(f, 'filter node');
  }
}

function operand(f: Filter, parent: 'and' | 'or', isRight: boolean): string {
  const text = printFilter(f);
  if (f.kind !== 'and' && f.kind !== 'or') return text;
  const lower = PRECEDENCE[f.kind] < PRECEDENCE[parent];
  const regrouped = isRight && PRECEDENCE[f.kind] === PRECEDENCE[parent];
  return lower || regrouped ? `(${text})` : text;
}

/** RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`: `emails[type eq "work"].value`. */
export function printPatchPath(path: PatchPath): string {
  const filter = path.filter !== undefined ? `[${printFilter(path.filter)}]` : '';
  const sub = path.subAttr !== undefined ? `.${path.subAttr}` : '';
  return `${printAttrPath(path.attrPath)}${filter}${sub}`;
}
