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
  /** Milliseconds one SQL statement may run before the database cancels it (a 503 to the client). */
  readonly statementTimeout?: number;
  /** Milliseconds a request waits for a pooled connection (or a new one to connect) before a 503. */
  readonly acquireTimeout?: number;
  /** How the SQLite file is opened (journal, durability, memory). */
  readonly sqlite?: RawSqlite;
}

export interface RawSqlite {
  readonly journalMode?: 'wal' | 'keep';
  readonly synchronous?: 'normal' | 'full';
  readonly cacheSize?: string;
  readonly mmapSize?: string;
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
  /** Largest request body, e.g. "1mb". */
  readonly bodyLimit?: string;
  /** Milliseconds a request may spend on the database before it is answered 503 and its connections closed. */
  readonly requestTimeout?: number;
  /** Milliseconds SIGTERM waits for in-flight requests before closing what is left. */
  readonly shutdownTimeout?: number;
  /** The URL clients reach the SCIM base path at; locations are built from it, never from Host. */
  readonly publicUrl?: string;
  /** Behind a reverse proxy: honour X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For. */
  readonly trustProxy?: boolean;
  /** Bounds on the work one request may ask for. */
  readonly limits?: RawLimits;
  /** Request logs (pino): level and format. */
  readonly log?: RawLog;
  /** Prometheus metrics (prom-client): where they are served and who may read them. */
  readonly metrics?: RawMetrics;
}

export type RawLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RawLog {
  readonly level?: RawLogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON, for a terminal. */
  readonly pretty?: boolean;
}

export interface RawMetrics {
  readonly enabled?: boolean;
  /** The path on the main port (or on `port`), outside basePath. */
  readonly path?: string;
  /** Serve metrics on this port of their own instead of the main one. */
  readonly port?: number;
  /** Serve metrics without credentials (for a scraper on a private network). */
  readonly public?: boolean;
}

export interface RawLimits {
  /** Deepest nesting of arrays and objects in a JSON body. */
  readonly maxDepth?: number;
  /** Most operations in one PATCH. */
  readonly maxOperations?: number;
  /** Longest array anywhere in a body (members, emails, …). */
  readonly maxArrayLength?: number;
}

export interface RawBasicCredential {
  readonly username: string;
  readonly password: string;
}

export interface RawAuth {
  readonly bearer?: readonly string[];
  readonly basic?: readonly RawBasicCredential[];
  /** Failed authentications allowed per source address before 429. */
  readonly rateLimit?: RawRateLimit;
  /** Credentials bound to a tenant: the value `$tenant` stands for in scopes while they are used. */
  readonly tenants?: readonly RawTenantCredential[];
  /** A table of the application's own database holding credential hashes and their tenants, re-read while serving. */
  readonly credentialsTable?: RawCredentialsTable;
}

/** One credential and its tenant: a bearer token (or its sha256), or a basic pair (the password or its sha256). */
export interface RawTenantCredential {
  readonly tenant: string | number;
  readonly bearer?: string;
  readonly bearerSha256?: string;
  readonly basic?: { readonly username: string; readonly password?: string; readonly passwordSha256?: string };
}

export interface RawCredentialsTable {
  readonly table: string;
  /** The column holding the sha256 (hex) of a bearer token. */
  readonly hash: string;
  readonly tenant: string;
  /** A column that, when not NULL (a timestamp, true), revokes the credential. */
  readonly revoked?: string;
  /** A timestamp column set to the time of use (at most once a minute per credential). */
  readonly lastUsed?: string;
  /** How often the table is re-read, in seconds (default 30). */
  readonly refreshSeconds?: number;
}

export interface RawRateLimit {
  readonly enabled?: boolean;
  /** Failed attempts allowed per address within `windowSeconds`. */
  readonly failures?: number;
  readonly windowSeconds?: number;
}

export type RawMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type RawReturned = 'always' | 'never' | 'default' | 'request';
export type RawUniqueness = 'none' | 'server' | 'global';
export type RawScimType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary';

/** A column value in a `map:`. `$now` stands for "the current time" (and reads as "any non-null value"). */
export type RawMapValue = string | number | boolean | null;

export interface RawAttribute {
  /**
   * The column: a column of the resource's table, or `side_table.column` for a table listed in
   * the resource's `join:`. With `table`/`key`/`where`, the value column of a key-value table.
   */
  readonly column: string;
  /** Key-value table holding the value (`wp_usermeta`): one row per owner and key. */
  readonly table?: string;
  /** The key-value table's column holding the owner's id (`user_id`). */
  readonly key?: string;
  /** The columns naming this attribute's row, e.g. `{ meta_key: first_name }`. */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  /** How the application stores the value (a login or an email kept lower-cased): applied to every value written. */
  readonly transform?: RawTransform | readonly RawTransform[];
  /** An integer column holding Unix time (`CreateAt` in milliseconds, `timecreated` in seconds): read and written as a dateTime. */
  readonly epoch?: 'seconds' | 'milliseconds';
  /**
   * For a boolean over a timestamp (a suspension): `future` reads false while the column's time is
   * in the future, true when it is NULL or past; writing false stores a far-future time, true NULL.
   */
  readonly inactiveWhile?: 'future';
  /**
   * More columns that must all read true for the boolean to be true (a flag and a suspension):
   * writing false writes only `column`; writing true also clears each of these.
   */
  readonly also?: readonly RawCondition[];
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

/** One more column behind a boolean attribute (see RawAttribute.also). */
export interface RawCondition {
  readonly column: string;
  readonly map?: Readonly<Record<string, RawMapValue | readonly RawMapValue[]>>;
  readonly inactiveWhile?: 'future';
}

export interface RawId {
  readonly column: string;
  /** Prepended to the column value to make the SCIM id; `""` turns it off. */
  readonly prefix?: string;
}

/**
 * A `defaults:` value: a constant, or the generator `$now` / `$uuid` (`$now` in an integer column is
 * Unix seconds; `$nowMillis` Unix milliseconds); in a relation's defaults
 * also `$owner.<column>`, a column copied from the owning row (the group's organisation id).
 */
export type RawDefaultValue = string | number | boolean | null;

/** A scope value: a constant, a list (any of them; creates write the first), null, or `{ not: … }`. */
export type RawScopeConstant = string | number | boolean | null;
export type RawScopeValue = RawScopeConstant | readonly RawScopeConstant[] | { readonly not: RawScopeConstant | readonly RawScopeConstant[] };

/**
 * A one-to-one side table joined to the resource's table. `on` has one entry, this table's column →
 * the side table's column: `{ account_id: id }` (the resource's row points at the side row, which is
 * inserted first) or `{ id: user_id }` (the side row points at the resource's key; inserted after).
 */
export interface RawJoin {
  readonly on: Readonly<Record<string, string>>;
  /** Column → value written when the side row is inserted (as the resource's `defaults:`). */
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
}

export type RawTransform = 'lower' | 'upper' | 'trim' | 'slug';

/** A row inserted with each new resource: `values` may copy the new row's columns as `$owner.<column>`. */
export interface RawCompanionRow {
  readonly table: string;
  readonly values: Readonly<Record<string, RawDefaultValue>>;
  /** A column of the new resource's row that takes this row's generated key (a row the user points at and that points back). */
  readonly keyInto?: string;
}

/** A column the application keeps in step with an attribute: written whenever the attribute is. */
export interface RawDerived {
  /** The SCIM attribute path it copies (`userName`); in a relation, the sub-attribute (`value`). */
  readonly from: string;
  /** Applied in order; default none. */
  readonly transform?: RawTransform | readonly RawTransform[];
}

/** `soft`: the marker column; `epoch`: an integer marker holding Unix time (0 = live, the deletion time when deleted). */
export type RawDelete = 'hard' | 'forbid' | { readonly soft: string; readonly epoch?: 'seconds' | 'milliseconds' };

export interface RawResource {
  readonly table: string;
  readonly id?: string | RawId;
  /** URL segment, default: `/Users` for User, `/Groups` for Group, else `/<Name>s`. */
  readonly endpoint?: string;
  /** Core schema URN; default the RFC 7643 User / Group schema; other resources name one of `schemas:`. */
  readonly schema?: string;
  /** Extension schemas (URNs from `schemas:`, or the enterprise one) beside the core schema. */
  readonly extensions?: readonly (string | RawExtensionRef)[];
  /**
   * Which rows are this resource: column (or `side_table.column`) → value. A list matches any of its
   * values, null matches NULL, `{ not: … }` the opposite. Rows outside do not exist for SCIM; creates
   * write each column's (first) value.
   */
  readonly scope?: Readonly<Record<string, RawScopeValue>>;
  /** One-to-one side tables whose columns the attributes may name as `table.column`. */
  readonly join?: Readonly<Record<string, RawJoin>>;
  /** Column → the attribute it is derived from (a lower-cased login), written on create and on every change. */
  readonly derived?: Readonly<Record<string, RawDerived>>;
  /** Rows the application expects beside each new resource (an org membership, a default role), inserted with it. */
  readonly onCreate?: readonly RawCompanionRow[];
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
  /** Column → value written on each inserted row: constants, `$now`, `$uuid`, `$owner.<column>`. */
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
  /** Column → the sub-attribute it is derived from (`lower_email: { from: value, transform: lower }`). */
  readonly derived?: Readonly<Record<string, RawDerived>>;
}

/** Group membership through a join table (`members` on a Group, `groups` on a User). */
export interface RawMembership {
  readonly through: string;
  /** The join table's column holding the group's key. */
  readonly group: string;
  /** The join table's column holding the member's key. */
  readonly member: string;
  /**
   * Which join rows are memberships, as scope values (`{ user_pending: 0 }`, `{ DeleteAt: 0 }`):
   * others are not read; adding a member writes these values (into an existing row too).
   */
  readonly where?: Readonly<Record<string, RawScopeValue>>;
  /**
   * Column → value written on each inserted join row: constants, `$now`, `$uuid`, or
   * `$owner.<column>` (a column of the group's row, e.g. its organisation id).
   */
  readonly defaults?: Readonly<Record<string, RawDefaultValue>>;
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
