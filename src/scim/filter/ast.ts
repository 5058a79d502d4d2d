/**
 * The filter AST of RFC 7644 §3.4.2.2 (Figure 1), named after the ABNF rules.
 *
 * Strings stop at the parser: everything downstream (plan, sql, patch) sees these typed values.
 * Attribute and operator names keep the case the client wrote; resolution against the mapping is
 * case-insensitive (RFC 7643 §2.1), so nothing here normalises names.
 */

/** `attrPath = [URI ":"] ATTRNAME *1subAttr` */
export interface AttrPath {
  /** Schema URN prefix, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
  readonly uri?: string;
  readonly name: string;
  /** `subAttr = "." ATTRNAME` */
  readonly sub?: string;
}

/** `compValue = false / null / true / number / string` (dateTime values arrive as strings). */
export type CompValue = string | number | boolean | null;

/** `compareOp`; always lower case in the AST (operators are case-insensitive on the wire). */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'];

/** `attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)` */
export interface Compare {
  readonly kind: 'compare';
  readonly attrPath: AttrPath;
  readonly op: CompareOp;
  readonly value: CompValue;
}

export interface Present {
  readonly kind: 'present';
  readonly attrPath: AttrPath;
}

/** `logExp = FILTER SP ("and" / "or") SP FILTER` */
export interface Logical {
  readonly kind: 'and' | 'or';
  readonly left: Filter;
  readonly right: Filter;
}

/** `*1"not" "(" valFilter ")"` */
export interface Not {
  readonly kind: 'not';
  readonly filter: Filter;
}

/**
 * `valuePath = attrPath "[" valFilter "]"`: `emails[type eq "work"]`.
 * Attribute paths inside `filter` are relative to the multi-valued attribute (`type`, not `emails.type`).
 */
export interface ValuePath {
  readonly kind: 'valuePath';
  readonly attrPath: AttrPath;
  readonly filter: Filter;
}

export type Filter = Compare | Present | Logical | Not | ValuePath;

/**
 * RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`.
 * `emails[type eq "work"].value` is `{ attrPath: {name:'emails'}, filter: type eq "work", subAttr: 'value' }`.
 */
export interface PatchPath {
  readonly attrPath: AttrPath;
  readonly filter?: Filter;
  readonly subAttr?: string;
}

// Builders, for tests and for code that constructs filters.
export const attr = (name: string, sub?: string, uri?: string): AttrPath => ({
  name,
  ...(sub !== undefined ? { sub } : {}),
  ...(uri !== undefined ? { uri } : {}),
});
export const cmp = (attrPath: AttrPath, op: CompareOp, value: CompValue): Compare => ({ kind: 'compare', attrPath, op, value });
export const eq = (attrPath: AttrPath, value: CompValue): Compare => cmp(attrPath, 'eq', value);
export const pr = (attrPath: AttrPath): Present => ({ kind: 'present', attrPath });
export const and = (left: Filter, right: Filter): Logical => ({ kind: 'and', left, right });
export const or = (left: Filter, right: Filter): Logical => ({ kind: 'or', left, right });
export const not = (filter: Filter): Not => ({ kind: 'not', filter });
export const vp = (attrPath: AttrPath, filter: Filter): ValuePath => ({ kind: 'valuePath', attrPath, filter });
