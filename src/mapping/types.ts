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
/** Stands for random letters and digits in `defaults:` (`$random`): a salt, an API key the application would make. */
export const RANDOM = Symbol('random');
/** `$owner.<column>` in a relation's defaults: the value of a column of the owning row. */
export interface OwnerColumn { readonly owner: ColumnRef }
/** What a `defaults:` entry writes: a constant, NOW (the write's timestamp), UUID, RANDOM, or a column of the owning row. */
export type DefaultColumnValue = MapColumnValue | typeof UUID | typeof RANDOM | OwnerColumn;

export const isOwnerColumn = (v: unknown): v is OwnerColumn => typeof v === 'object' && v !== null && 'owner' in v;

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
  /**
   * The table, when it is not the resource's own: a child or join table inside EXISTS, a joined
   * one-to-one side table (then `alias` is set), or a key-value table (then `keyed` is set).
   */
  readonly table?: string;
  /** The name the column is read under in a resource's rows, when it is not its own (side and key-value columns). */
  readonly alias?: string;
  /** The column is the value column of a key-value table: the row of the resource's key and these keys. */
  readonly keyed?: KeyedRow;
  /** An integer column holding Unix time: dates are stored as seconds or milliseconds since 1970. */
  readonly epoch?: 'seconds' | 'milliseconds';
  /** Computed by the database: never written. */
  readonly generated?: boolean;
  /** Character limit of a text column (varchar(n)): a longer value is refused on every dialect, SQLite included. */
  readonly maxLength?: number;
  /** Range of an integer column, as decimal text (64-bit bounds do not fit a JS number). */
  readonly range?: { readonly min: string; readonly max: string };
  /** The only values the column takes (an enum type, ENUM(…), a CHECK … IN (…)). */
  readonly allowed?: readonly string[];
  /** The column's own `=` folds case (a MySQL/MariaDB `*_ci` collation): an index on it can narrow a case-insensitive lookup. */
  readonly foldsCase?: boolean;
}

/** Where a key-value attribute's row is: `table.owner` = the resource's key and each `where` column = its value. */
export interface KeyedRow {
  readonly table: string;
  readonly owner: ColumnRef;
  readonly where: readonly { readonly column: ColumnRef; readonly value: string | number | boolean }[];
  /** A text primary key without a default that a new row needs: the server fills it with a UUID. */
  readonly newKey?: ColumnRef;
}

/** The name a column is read under in a resource's rows. */
export const rowKey = (c: ColumnRef): string => c.alias ?? c.name;

/**
 * One more column behind a boolean attribute (`active` from a flag and a suspension): the
 * attribute is true only when every condition reads true.
 */
export interface Condition {
  readonly column: ColumnRef;
  readonly valueMap?: ValueMap;
  /** A suspension timestamp: reads false while its time is in the future. */
  readonly suspension?: boolean;
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
  /**
   * Required only because its column is NOT NULL without a default (not by RFC 7643 or the config):
   * a PUT that leaves it out keeps the stored value (RFC 7644 §3.5.1 "not asserted") instead of refusing.
   */
  readonly requiredByColumn?: boolean;
  /** Applied to every value written (`transform: lower`: the application stores logins lower-cased). */
  readonly transforms?: readonly Transform[];
  /** A boolean over a suspension timestamp (`inactiveWhile: future`): false while the time is in the future. */
  readonly suspension?: boolean;
  /** A boolean also fed by these columns (`also:`): true only when the column and each of these read true. */
  readonly also?: readonly Condition[];
  readonly position: SourcePosition;
}

export interface IdMapping {
  readonly column: ColumnRef;
  readonly prefix: string;
  /**
   * Who makes new ids: the database (auto-increment, or a default such as Mastodon's
   * timestamp_id()), or the server: a random UUID, or — for a text key too short for one
   * (Mattermost's varchar(26)) — `random`, that many random lower-case letters and digits.
   */
  readonly generate: 'database' | 'uuid' | 'random';
}

export type DeleteMode =
  | { readonly mode: 'hard' }
  | { readonly mode: 'forbid' }
  /** A marker column: `live` is the value of rows that exist (null for timestamps), `deleted` what DELETE writes. */
  | { readonly mode: 'soft'; readonly column: ColumnRef; readonly live: ColumnValue; readonly deleted: MapColumnValue };

/** One `scope:` entry: the column holds one of `values` (or, `negated`, none of them; null stands for NULL). */
export interface ScopeCondition {
  readonly column: ColumnRef;
  readonly values: readonly ColumnValue[];
  readonly negated: boolean;
  /** What creates write into the column; undefined when the scope says only what the column is not. */
  readonly write?: ColumnValue;
  /**
   * `$tenant`: the value is the caller's tenant (auth.tenants), bound per request by
   * mapping/tenant.ts; until then `values` is empty. A mapping with such a condition is never served unbound.
   */
  readonly tenant?: true;
}

/**
 * A one-to-one side table joined to the resource's table (`join:`). `own` is the resource table's
 * column and `side` the side table's (with `table` set) that are equal. `sideFirst`: the resource's
 * row points at the side row (`users.account_id = accounts.id`), so a create inserts the side row
 * first and takes its key; otherwise the side row points at the resource's key and comes after.
 */
export interface JoinedTable {
  readonly table: string;
  readonly own: ColumnRef;
  readonly side: ColumnRef;
  readonly sideFirst: boolean;
  /** Who makes the side row's key when it is inserted first: the database, or the server (a UUID). */
  readonly sideKey: 'database' | 'uuid';
  /** Written when the side row is inserted. */
  readonly defaults: readonly InsertDefault[];
}

export type Transform = 'lower' | 'upper' | 'trim' | 'slug';

/**
 * A row inserted with each new resource (`onCreate:`): an org membership, a default role. `link`
 * is the column holding the new resource's key, where one does: a hard delete removes the row first.
 */
export interface CompanionRow {
  readonly table: string;
  readonly values: readonly InsertDefault[];
  readonly link?: ColumnRef;
  /** `keyInto:` the row's generated key (`key`) is written into this column of the new resource's row. */
  readonly keyInto?: { readonly column: ColumnRef; readonly key: ColumnRef };
}

/** A column the application keeps in step with an attribute (`derived:`): written whenever the source is. */
export interface DerivedColumn {
  readonly column: ColumnRef;
  /** The source: a mapped attribute (resources) or a child table's field (its column). */
  readonly from: ColumnRef;
  /** The source's config name, for messages: `userName`, `value`. */
  readonly fromKey: string;
  readonly transforms: readonly Transform[];
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
  /** `join:` — one-to-one side tables whose columns some attributes, scope or defaults name. */
  readonly joins?: readonly JoinedTable[];
  /** `derived:` — columns written from an attribute on every write of it. */
  readonly derived?: readonly DerivedColumn[];
  /** `onCreate:` — rows inserted with each new resource. */
  readonly onCreate?: readonly CompanionRow[];
}

/** A resource's side tables (mappings built by hand in tests may leave them out). */
export const joinsOf = (resource: { readonly joins?: readonly JoinedTable[] }): readonly JoinedTable[] => resource.joins ?? [];

/** What it takes to open the database; compiled from `database:` in the config. */
export interface DbSettings {
  readonly client: DbClient;
  /** A URL for postgres and mysql; an absolute file path (or `:memory:`) for sqlite. */
  readonly connection: string;
  /** PostgreSQL schema holding the tables. */
  readonly schema?: string;
  readonly pool?: { readonly min?: number; readonly max?: number };
  /** Milliseconds per SQL statement (server-side); absent: the database's own setting (`init`, `check`). */
  readonly statementTimeout?: number;
  /** Milliseconds to wait for a connection from the pool (or a new one to connect). */
  readonly acquireTimeout?: number;
  /** How a SQLite file is opened for serving (set from the config only: `init` opens files untouched). */
  readonly sqlite?: SqliteSettings;
}

export interface SqliteSettings {
  /** Switch the file to WAL (persistent), or keep its journal mode. */
  readonly journalMode: 'wal' | 'keep';
  /** In WAL mode: `normal` syncs at checkpoints, `full` every commit. */
  readonly synchronous: 'normal' | 'full';
  readonly cacheBytes: number;
  readonly mmapBytes: number;
}

export interface AuthSettings {
  readonly bearer: readonly string[];
  readonly basic: readonly { readonly username: string; readonly password: string }[];
  /** Failed authentications allowed per source address and window; absent: not limited. */
  readonly rateLimit?: { readonly failures: number; readonly windowSeconds: number };
  /** Credentials bound to tenants, each as the sha256 (hex) of its secret (`auth.tenants`). */
  readonly tenants?: readonly TenantCredential[];
  readonly credentialsTable?: CredentialsTable;
}

/** A bearer token's or a basic password's sha256 (hex), and the tenant it acts for. */
export interface TenantCredential {
  readonly tenant: string | number;
  readonly bearerSha256?: string;
  readonly basic?: { readonly username: string; readonly passwordSha256: string };
}

export interface CredentialsTable {
  readonly table: string;
  readonly hash: string;
  readonly tenant: string;
  readonly revoked?: string;
  /** A boolean revocation flag (false = valid) rather than a timestamp (NULL = valid). */
  readonly revokedFlag?: boolean;
  readonly lastUsed?: string;
  readonly refreshSeconds: number;
}

/** Bounds on one request's work (`server.limits`, `server.bodyLimit`). */
export interface RequestLimits {
  readonly bodyBytes: number;
  readonly maxDepth: number;
  readonly maxOperations: number;
  readonly maxArrayLength: number;
}

export const DEFAULT_LIMITS: RequestLimits = Object.freeze({ bodyBytes: 1024 * 1024, maxDepth: 32, maxOperations: 1000, maxArrayLength: 10_000 });

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly basePath: string;
  readonly defaultCount: number;
  readonly maxResults: number;
  readonly bodyLimit: string;
  /** `server.publicUrl` without a trailing slash: the base every location is built on. */
  readonly publicUrl?: string;
  readonly trustProxy?: boolean;
  /** Mappings built by hand in tests may leave them out (DEFAULT_LIMITS then). */
  readonly limits?: RequestLimits;
  /** Milliseconds a request (after its body) may take before a 503; its connections are closed then. */
  readonly requestTimeout: number;
  /** Milliseconds SIGTERM waits for in-flight requests. */
  readonly shutdownTimeout: number;
  /** Mappings built by hand in tests may leave it out (level info, JSON). */
  readonly log?: LogSettings;
  /** Absent: no metrics are served (`server.metrics.enabled: false`, or a mapping built by hand). */
  readonly metrics?: MetricsSettings;
}

export interface LogSettings {
  readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly pretty: boolean;
}

export interface MetricsSettings {
  readonly path: string;
  /** A port of their own; absent: the main port. */
  readonly port?: number;
  /** No credentials needed. */
  readonly public: boolean;
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
