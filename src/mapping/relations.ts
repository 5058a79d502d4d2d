/**
 * Attributes that live in other tables: a multi-valued attribute in a child table
 * (`phoneNumbers: { table: user_phones, key: user_id, fields: { value: number, type: kind } }`)
 * and group membership through a join table (`members: { through: team_members, group: team_id,
 * member: user_id }`, and the User's readOnly `groups` from the same join).
 */
import type { SourcePosition } from '../errors.js';
import type { SchemaAttribute } from './core-schemas.js';
import type { Characteristics, ColumnRef, DeleteMode, DerivedColumn, IdMapping, InsertDefault, JoinedTable, ScopeCondition } from './types.js';

export interface ChildField {
  /** Sub-attribute name as the schema spells it (`value`, `type`, `primary`). */
  readonly sub: string;
  readonly def: SchemaAttribute;
  readonly column: ColumnRef;
  readonly characteristics: Characteristics;
}

/** A multi-valued attribute whose elements are rows of a child table. */
export interface ChildTableRelation {
  readonly kind: 'children';
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly attribute: SchemaAttribute;
  readonly table: string;
  /** The child table's column holding the owner's key. */
  readonly foreignKey: ColumnRef;
  readonly fields: readonly ChildField[];
  /** Written on each inserted row. */
  readonly defaults: readonly InsertDefault[];
  /** Written from a field on each inserted row. */
  readonly derived: readonly DerivedColumn[];
  readonly position: SourcePosition;
}

/**
 * Membership through a join table. On a Group it is `members` (writable; `ownColumn` is the
 * group column); on a User it is `groups` (readOnly; `ownColumn` is the member column).
 */
export interface MembershipRelation {
  readonly kind: 'membership';
  readonly key: string;
  readonly schema: string;
  readonly name: 'members' | 'groups';
  readonly attribute: SchemaAttribute;
  readonly through: string;
  /** The join table's column holding this resource's key. */
  readonly ownColumn: ColumnRef;
  /** The join table's column holding the other side's key. */
  readonly otherColumn: ColumnRef;
  /** The resource type on the other side: `User` for members, `Group` for groups. */
  readonly other: string;
  /** The other side's ids (set when the whole mapping is linked), to translate member values. */
  readonly otherId?: IdMapping;
  /** Which of the other side's rows exist for SCIM (set when linked), so filters skip deleted members as reads do. */
  readonly otherRows?: { readonly table: string; readonly key: ColumnRef; readonly scope: readonly ScopeCondition[]; readonly delete: DeleteMode; readonly joins: readonly JoinedTable[] };
  /** Written on each inserted join row. */
  readonly defaults: readonly InsertDefault[];
  /** Which join rows are memberships (qualified with the join table); adding a member writes them. */
  readonly where: readonly ScopeCondition[];
  readonly position: SourcePosition;
}

export type Relation = ChildTableRelation | MembershipRelation;
