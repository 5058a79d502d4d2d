/**
 * The compiled mapping: what the config means, as frozen typed data. Built once at start-up by
 * `compile.ts` from the validated config and the live database's schema; every later stage
 * (plan, sql, render, http) reads only this.
 */
import type { SourcePosition } from '../errors.js';
import type { DbClient } from '../config/raw-types.js';
import type { ColumnKind, DbColumn } from './db-schema.js';
import type { Relation } from './relations.js';
import type { Mutability, Returned, ScimAttrType, SchemaAttribute, SchemaDefinition, Uniqueness } from './core-schemas.js';

/** Stands for "the current time" in a value map (`$now`): written as now, read as "any non-null". */
export const NOW = Symbol('now');
export type ColumnValue = string | number | boolean | Date | null;
export type MapColumnValue = ColumnValue | typeof NOW;
/** Stands for "a new random UUID" in `defaults:` (`$uuid`): generated for each insert. */
export const UUID = Symbol('uuid');
/** What a `defaults:` entry writes: a constant, NOW (the write's timestamp) or UUID. */
export type DefaultColumnValue = MapColumnValue | typeof UUID;

/** One `defaults:` entry: a column no attribute maps, written on INSERT only (never updated, never read). */
export interface InsertDefault {
  readonly column: ColumnRef;
  readonly value: DefaultColumnValue;
}

export interface Characteristics {
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly required: boolean;
  readonly uniqueness: Uniqueness;
  readonly caseExact: boolean;
}

/** One `map:` entry: the SCIM value, the column value written, and every column value read as it. */
export interface ValueMapEntry {
  readonly scim: string | boolean | number;
  readonly write: MapColumnValue;
  readonly read: readonly MapColumnValue[];
}

export interface ValueMap {
  readonly entries: readonly ValueMapEntry[];
}

/**
 * A fixed element of a multi-valued attribute held in plain columns:
 * `emails[type eq "work"].value: email` is the element `{type: "work"}` of `emails`.
 */
export interface ElementSelector {
  readonly constants: Readonly<Record<string, string | boolean>>;
}

export interface ColumnRef {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** The table, when it is not the resource's own (a child or join table inside EXISTS). */
  readonly table?: string;
}

/** A SCIM attribute path fed by one column. */
export interface MappedAttribute {
  /** The config key as written, e.g. `emails[type eq "work"].value`; for messages. */
  readonly key: string;
  /** Schema URN the attribute belongs to. */
  readonly schema: string;
  /** Top-level attribute name as the schema spells it (`name`, `emails`, `department`). */
  readonly name: string;
  /** Sub-attribute as the schema spells it (`givenName`, `value`), if any. */
  readonly sub?: string;
  readonly element?: ElementSelector;
  /** The top-level attribute's schema definition. */
  readonly attribute: SchemaAttribute;
  /** The leaf's schema definition (the sub-attribute's, or the attribute's own). */
  readonly leaf: SchemaAttribute;
  readonly type: ScimAttrType;
  readonly characteristics: Characteristics;
  readonly column: ColumnRef;
  readonly valueMap?: ValueMap;
  /** Maintained by the server (meta.created on insert, meta.lastModified on every write). */
  readonly maintained?: 'created' | 'lastModified';
  /** The column holds another resource's key (manager.value → User): ids are translated through it. */
  readonly reference?: IdMapping;
  readonly position: SourcePosition;
}

export interface IdMapping {
  readonly column: ColumnRef;
  readonly prefix: string;
  /** Who makes new ids: the database (auto-increment) or the server (a random UUID). */
  readonly generate: 'database' | 'uuid';
}

export type DeleteMode =
  | { readonly mode: 'hard' }
  | { readonly mode: 'forbid' }
  /** A marker column: `live` is the value of rows that exist (null for timestamps), `deleted` what DELETE writes. */
  | { readonly mode: 'soft'; readonly column: ColumnRef; readonly live: ColumnValue; readonly deleted: MapColumnValue };

export interface ScopeCondition {
  readonly column: ColumnRef;
  readonly value: string | number | boolean;
}

/**
 * The compatibility rules (docs/compatibility.md): leniencies for what identity providers send,
 * each switchable in `compatibility:`. `true` = the lenient behaviour (the default).
 */
export interface CompatibilityRules {
  readonly opCase: boolean;
  readonly emptyOperations: boolean;
  readonly dottedKeys: boolean;
  readonly filteredReplaceCreates: boolean;
  readonly singleElementArrays: boolean;
  readonly emptyClears: boolean;
  readonly scalarForComplex: boolean;
  readonly removeWithValue: boolean;
  readonly soleElement: boolean;
  readonly entraBooleanStrings: boolean;
}

export type CompatibilityRule = keyof CompatibilityRules;

/** Every rule on: what a config without `compatibility:` gets. */
export const DEFAULT_COMPATIBILITY: CompatibilityRules = Object.freeze({
  opCase: true, emptyOperations: true, dottedKeys: true, filteredReplaceCreates: true, singleElementArrays: true,
  emptyClears: true, scalarForComplex: true, removeWithValue: true, soleElement: true, entraBooleanStrings: true,
});

/** The rules in force for a resource (mappings built by hand in tests may leave them out). */
export const rulesOf = (resource: { readonly compatibility?: CompatibilityRules }): CompatibilityRules =>
  resource.compatibility ?? DEFAULT_COMPATIBILITY;

/** A resource's relations (mappings built by hand in tests may leave them out). */
export const relationsOf = (resource: { readonly relations?: readonly Relation[] }): readonly Relation[] => resource.relations ?? [];

export interface ResourceMapping {
  /** Resource type name, e.g. `User`. */
  readonly name: string;
  /** URL segment, e.g. `/Users`. */
  readonly endpoint: string;
  readonly core: SchemaDefinition;
  /** Extension schemas that have at least one mapped attribute (or are required). */
  readonly extensions: readonly SchemaDefinition[];
  /**
   * Every extension the resource type may carry, mapped or not (the enterprise one for User, those
   * listed in `extensions:`): tells "unmapped" from "unknown". Hand-built mappings may leave it out.
   */
  readonly knownExtensions?: readonly SchemaDefinition[];
  /** URNs of the extensions marked `required: true` (RFC 7643 §6 `schemaExtensions.required`). */
  readonly requiredExtensions?: readonly string[];
  readonly table: string;
  readonly id: IdMapping;
  readonly scope: readonly ScopeCondition[];
  readonly delete: DeleteMode;
  readonly strict: boolean;
  readonly attributes: readonly MappedAttribute[];
  /** Attributes held in other tables (child tables, group membership); see relationsOf. */
  readonly relations?: readonly Relation[];
  /** The deployment's compatibility rules (the same object as Mapping.compatibility). */
  readonly compatibility?: CompatibilityRules;
  /** `defaults:` — columns filled on create only (NOT NULL columns SCIM has no attribute for). */
  readonly insertDefaults?: readonly InsertDefault[];
}

/** What it takes to open the database; compiled from `database:` in the config. */
export interface DbSettings {
  readonly client: DbClient;
  /** A URL for postgres and mysql; an absolute file path (or `:memory:`) for sqlite. */
  readonly connection: string;
  /** PostgreSQL schema holding the tables. */
  readonly schema?: string;
  readonly pool?: { readonly min?: number; readonly max?: number };
}

export interface AuthSettings {
  readonly bearer: readonly string[];
  readonly basic: readonly { readonly username: string; readonly password: string }[];
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly basePath: string;
  readonly defaultCount: number;
  readonly maxResults: number;
  readonly bodyLimit: string;
}

export interface Mapping {
  readonly database: DbSettings;
  readonly server: ServerSettings;
  readonly auth: AuthSettings;
  readonly resources: readonly ResourceMapping[];
  readonly compatibility: CompatibilityRules;
}

/** The column behind a mapped attribute, as known to the database. Kept for messages. */
export type { DbColumn };
