/**
 * The generator's output: the starter mapping as plain data, each guess with the reason shown
 * beside it in the YAML and, where the reader must confirm, a question (`# CHECK:`). Rendered by
 * render-yaml.ts; nothing here knows YAML.
 */
import type {
  RawCondition, RawDefaultValue, RawMapValue, RawScopeValue, RawTransform,
} from '../config/raw-types.js';

export type RawMap = Readonly<Record<string, RawMapValue | readonly RawMapValue[]>>;

/** Why a guess was made, and what to confirm. */
export interface Reasoned {
  readonly reason: string;
  /** A question for the reader, rendered as `# CHECK:` above the line. */
  readonly check?: string;
}

/** A row of a key-value table: `{ table: user_meta, key: user_id, where: { meta_key: first_name } }`. */
export interface DraftKeyed {
  readonly table: string;
  readonly key: string;
  readonly where: Readonly<Record<string, string | number | boolean>>;
}

export interface DraftAttribute extends Reasoned {
  readonly path: string;
  /** A column of the resource's table, `side_table.column` of a join, or a key-value table's value column. */
  readonly column: string;
  readonly required?: boolean;
  readonly map?: RawMap;
  readonly epoch?: 'seconds' | 'milliseconds';
  readonly inactiveWhile?: 'future';
  readonly also?: readonly RawCondition[];
  readonly keyed?: DraftKeyed;
}

/** One `scope:` entry: which rows are this resource. */
export interface DraftScope extends Reasoned {
  readonly column: string;
  readonly value: RawScopeValue;
  /** A tenant scope (`$tenant`): the environment variable its credential's tenant value is read from. */
  readonly tenantVariable?: string;
}

/** A `defaults:` entry: written on INSERT only. */
export interface DraftDefault extends Reasoned {
  readonly column: string;
  readonly value: RawDefaultValue;
}

/** A `derived:` entry: a column the application keeps in step with an attribute. */
export interface DraftDerived extends Reasoned {
  readonly column: string;
  readonly from: string;
  readonly transform?: RawTransform;
}

/** A one-to-one side table: `join: { profiles: { on: { id: user_id }, defaults } }`. */
export interface DraftJoin extends Reasoned {
  readonly table: string;
  /** This table's column → the side table's column. */
  readonly on: { readonly column: string; readonly sideColumn: string };
  readonly defaults: readonly DraftDefault[];
}

/** Group membership through a join table. */
export interface DraftMembers {
  readonly through: string;
  readonly group: string;
  readonly member: string;
  /** Which join rows are memberships (not pending, not removed). */
  readonly where?: Readonly<Record<string, RawScopeValue>>;
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
}

/** A multi-valued attribute kept in a child table. */
export interface DraftChildTable {
  readonly table: string;
  readonly key: string;
  /** Sub-attribute → column, `value` first. */
  readonly fields: Readonly<Record<string, string>>;
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
  readonly derived?: Readonly<Record<string, { readonly from: string; readonly transform?: RawTransform }>>;
}

/** A row inserted beside each new resource (`onCreate:`): an organisation membership, a default role. */
export interface DraftCompanion extends Reasoned {
  readonly table: string;
  readonly values: Readonly<Record<string, RawDefaultValue>>;
}

/** An attribute mapped to another table. */
export interface DraftRelation extends Reasoned {
  readonly path: string;
  readonly spec: DraftMembers | DraftChildTable;
}

/** A mapping found but left commented out: the YAML value to uncomment, and why it is not on. */
export interface DraftOffer {
  readonly path: string;
  readonly value: string | DraftChildTable | DraftMembers | Readonly<Record<string, unknown>>;
  readonly reason: string;
}

/** A column left for the reader: a commented-out attribute line. */
export interface DraftColumn {
  readonly column: string;
  readonly dataType: string;
  readonly nullable: boolean;
  /** A suggested SCIM path, when there is one. */
  readonly path?: string;
  readonly note?: string;
}

export interface DraftResource {
  readonly name: 'User' | 'Group';
  readonly table: string;
  readonly id?: { readonly column: string; readonly reason: string };
  readonly scope: readonly DraftScope[];
  readonly join: readonly DraftJoin[];
  readonly derived: readonly DraftDerived[];
  readonly delete?: { readonly soft: string; readonly reason: string; readonly epoch?: 'seconds' | 'milliseconds' };
  readonly defaults: readonly DraftDefault[];
  readonly attributes: readonly DraftAttribute[];
  /** Attributes mapped to other tables (members, groups, child tables), rendered after `attributes`. */
  readonly relations: readonly DraftRelation[];
  /** Rows inserted beside each new resource. */
  readonly onCreate?: readonly DraftCompanion[];
  readonly offered: readonly DraftOffer[];
  readonly unmapped: readonly DraftColumn[];
  /** Free-standing comments above `attributes:`. */
  readonly notes: readonly string[];
  /** Credential columns: only named in a note. */
  readonly credentials: readonly string[];
  /** NOT NULL columns without a default that nothing fills: a SCIM create cannot succeed. */
  readonly uncovered: readonly string[];
}

export interface Draft {
  readonly user: DraftResource;
  readonly group?: DraftResource;
}

/** A table init considered for the users table, and why it was not taken. */
export interface Candidate {
  readonly table: string;
  readonly score: number;
  readonly why: string;
}

export type GenerateResult =
  | { readonly kind: 'draft'; readonly draft: Draft }
  | { readonly kind: 'noUsersTable'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'unknownTable'; readonly flag: '--users' | '--groups'; readonly table: string };
