/**
 * The config file's shape after YAML parsing, `${VAR}` expansion and JSON Schema validation.
 * Pinned to `config/scim-bridge.schema.json`. Only `mapping/compile.ts` reads these values.
 */

export type DbClient = 'sqlite' | 'postgres' | 'mysql';

export interface RawDatabase {
  readonly client: DbClient;
  /** A file path for sqlite (relative to the config file), a URL for postgres and mysql. */
  readonly connection: string;
  /** PostgreSQL schema (search_path) holding the tables; default `public`. */
  readonly schema?: string;
  readonly pool?: { readonly min?: number; readonly max?: number };
}

export interface RawServer {
  readonly host?: string;
  readonly port?: number;
  readonly basePath?: string;
  /** Default page size when a list request names no `count`. */
  readonly defaultCount?: number;
  /** Largest page served; larger `count` values are capped (advertised as filter.maxResults). */
  readonly maxResults?: number;
  /** Reject attributes the mapping does not know with 400 instead of ignoring them. */
  readonly strict?: boolean;
  /** koa-bodyparser limit, e.g. "1mb". */
  readonly bodyLimit?: string;
}

export interface RawBasicCredential {
  readonly username: string;
  readonly password: string;
}

export interface RawAuth {
  readonly bearer?: readonly string[];
  readonly basic?: readonly RawBasicCredential[];
}

export type RawMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type RawReturned = 'always' | 'never' | 'default' | 'request';
export type RawUniqueness = 'none' | 'server' | 'global';
export type RawScimType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary';

/** A column value in a `map:`. `$now` stands for "the current time" (and reads as "any non-null value"). */
export type RawMapValue = string | number | boolean | null;

export interface RawAttribute {
  readonly column: string;
  readonly type?: RawScimType;
  readonly mutability?: RawMutability;
  readonly returned?: RawReturned;
  readonly required?: boolean;
  readonly uniqueness?: RawUniqueness;
  readonly caseExact?: boolean;
  /**
   * SCIM value (as YAML key, so `true`/`false` are strings here) → column value. A list means
   * "all of these read as this SCIM value; the first is written" (e.g. `false: [deprovisioned, suspended]`).
   */
  readonly map?: Readonly<Record<string, RawMapValue | readonly RawMapValue[]>>;
}

export interface RawId {
  readonly column: string;
  /** Prepended to the column value to make the SCIM id; `""` turns it off. */
  readonly prefix?: string;
}

/** A `defaults:` value: a constant, or the generator `$now` / `$uuid`. */
export type RawDefaultValue = string | number | boolean | null;

export type RawDelete = 'hard' | 'forbid' | { readonly soft: string };

export interface RawResource {
  readonly table: string;
  readonly id?: string | RawId;
  /** URL segment, default: `/Users` for User, `/Groups` for Group, else `/<Name>s`. */
  readonly endpoint?: string;
  /** Core schema URN; default the RFC 7643 User / Group schema; other resources name one of `schemas:`. */
  readonly schema?: string;
  /** Extension schemas (URNs from `schemas:`, or the enterprise one) beside the core schema. */
  readonly extensions?: readonly (string | RawExtensionRef)[];
  /** Rows outside this column → value set do not exist; writes set them. */
  readonly scope?: Readonly<Record<string, string | number | boolean>>;
  readonly delete?: RawDelete;
  /** Overrides `server.strict` for this resource. */
  readonly strict?: boolean;
  /**
   * Column → value written on INSERT only, for NOT NULL columns no attribute maps. A constant, or
   * `$now` (the write's timestamp) / `$uuid` (a random UUID); `$$…` writes a literal `$…`.
   */
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
  readonly attributes: Readonly<Record<string, string | RawAttribute | RawChildTable | RawMembership>>;
}

/** A multi-valued attribute held in a child table: one row per element. */
export interface RawChildTable {
  readonly table: string;
  /** The child table's column holding the owner's key. */
  readonly key: string;
  /** Sub-attribute → column, e.g. `{ value: number, type: kind, primary: is_primary }`. */
  readonly fields: Readonly<Record<string, string>>;
}

/** Group membership through a join table (`members` on a Group, `groups` on a User). */
export interface RawMembership {
  readonly through: string;
  /** The join table's column holding the group's key. */
  readonly group: string;
  /** The join table's column holding the member's key. */
  readonly member: string;
}

/** One `extensions:` entry in its long form: the URN and whether resources must carry it (RFC 7643 §6). */
export interface RawExtensionRef {
  readonly schema: string;
  readonly required?: boolean;
}

/** Characteristics shared by a custom schema's attributes and sub-attributes (RFC 7643 §7). */
export interface RawSchemaSubAttribute {
  readonly type?: RawScimType;
  readonly description?: string;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: RawMutability;
  readonly returned?: RawReturned;
  readonly uniqueness?: RawUniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
}

/** A custom schema's top-level attribute: may be multi-valued, and complex with `subAttributes`. */
export interface RawSchemaAttribute extends Omit<RawSchemaSubAttribute, 'type'> {
  readonly type?: RawScimType | 'complex';
  readonly multiValued?: boolean;
  readonly subAttributes?: Readonly<Record<string, RawScimType | RawSchemaSubAttribute>>;
}

/** `schemas:` one custom schema (an extension, or the core schema of a custom resource type). */
export interface RawSchema {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Attribute name → type (shorthand) or definition. */
  readonly attributes: Readonly<Record<string, RawScimType | RawSchemaAttribute>>;
}

/**
 * `compatibility:` the named leniencies for what identity providers really send (docs/compatibility.md);
 * each is on unless set to `false`.
 */
export interface RawCompatibility {
  readonly opCase?: boolean;
  readonly emptyOperations?: boolean;
  readonly dottedKeys?: boolean;
  readonly filteredReplaceCreates?: boolean;
  readonly singleElementArrays?: boolean;
  readonly emptyClears?: boolean;
  readonly scalarForComplex?: boolean;
  readonly removeWithValue?: boolean;
  readonly soleElement?: boolean;
  readonly entraBooleanStrings?: boolean;
}

export interface RawConfig {
  readonly database: RawDatabase;
  readonly server?: RawServer;
  readonly compatibility?: RawCompatibility;
  readonly auth?: RawAuth;
  /** Custom schemas: extensions for User/Group and core schemas of other resource types. */
  readonly schemas?: readonly RawSchema[];
  readonly resources: Readonly<Record<string, RawResource>>;
}
