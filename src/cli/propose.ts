/**
 * DbSchema → Draft: the starter mapping `init` writes, as plain data (pure; no I/O). Each guess
 * carries the reason shown beside it in the YAML; what could not be guessed stays listed so the
 * YAML can offer it as commented-out lines.
 */
import type { RawMapValue } from '../config/raw-types.js';
import type { DbColumn, DbSchema, DbTable } from '../mapping/db-schema.js';
import type { EnumValues } from './enum-values.js';
import { proposeDefaults, type DraftDefault } from './propose-defaults.js';
import { statusAttribute, statusFromData, tenantVariable, uncoveredColumns, uncoveredNote } from './propose-extras.js';
import {
  childTables, keyColumn, managerColumn, membershipRelations, pickGroup, type DraftMembers, type DraftRelation,
} from './propose-relations.js';
import {
  EMAIL_COLUMNS, GROUP_RULES, MANAGER_COLUMNS, MANAGER_PATH, PASSWORD_COLUMNS, SOFT_DELETE_COLUMNS,
  TENANT_COLUMNS, USERNAME_COLUMNS, USER_RULES, USER_TABLES, matches, type Candidate, type PathRule,
} from './propose-rules.js';

export type { DraftChildTable, DraftMembers, DraftRelation } from './propose-relations.js';

export interface DraftAttribute {
  readonly path: string;
  readonly column: string;
  readonly required?: boolean;
  readonly map?: Readonly<Record<string, RawMapValue | readonly RawMapValue[]>>;
  /** Why, e.g. "guessed from column name first_name". */
  readonly reason: string;
  /** A question for the reader (rendered as `# CHECK:`). */
  readonly check?: string;
}

/** A column left for the reader: rendered as a commented-out attribute line. */
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
  readonly delete?: { readonly soft: string; readonly reason: string };
  readonly attributes: readonly DraftAttribute[];
  /** Attributes mapped to other tables (members, groups, child tables), rendered after `attributes`. */
  readonly relations: readonly DraftRelation[];
  /** Relations detected but left as commented-out lines, each with why. */
  readonly offered: readonly DraftRelation[];
  readonly unmapped: readonly DraftColumn[];
  /** Free-standing comments (credentials not mapped, tenant column, …). */
  readonly notes: readonly string[];
  /** Columns only mentioned in `notes` (credentials, tenant columns). */
  readonly skipped: readonly string[];
  /** A tenant column, scoped to the value of an environment variable. */
  readonly scope?: { readonly column: string; readonly variable: string; readonly reason: string };
  /** `defaults:` for NOT NULL columns without a database default that no attribute fills (written on create only). */
  readonly defaults: readonly DraftDefault[];
  /** NOT NULL columns without a default that neither an attribute nor `defaults:` fills: a SCIM create cannot succeed. */
  readonly uncovered: readonly string[];
}

/** What `init` knows beyond the DbSchema. */
export interface ProposeHints {
  /** Allowed values of enum-like text columns (`table.column`), to map `active` exactly. */
  readonly enumValues?: EnumValues;
  /**
   * Values seen in the data of status-like text columns that have no allowed-values list
   * (`SELECT DISTINCT … LIMIT 50`): not a complete list, so `active` is mapped only from values
   * that plainly mean active or inactive.
   */
  readonly observedValues?: EnumValues;
}

export interface Draft {
  readonly user: DraftResource;
  readonly group?: DraftResource & { readonly members: DraftMembers };
}

export type ProposeResult =
  | { readonly kind: 'draft'; readonly draft: Draft }
  | { readonly kind: 'noUsersTable'; readonly tables: readonly string[] };

/** Proposes a User mapping (and a Group one when a groups table with a join table exists). */
export function propose(schema: DbSchema, hints: ProposeHints = {}): ProposeResult {
  const users = pickUsersTable(schema);
  if (users === undefined) return { kind: 'noUsersTable', tables: schema.tables.map((t) => t.name) };
  const group = pickGroup(schema, users);
  const membership = group === undefined ? undefined : membershipRelations(schema, users, group);
  const base = proposeResource('User', users, USER_RULES, users.name, hints);
  const taken = new Map<string, string>();
  for (const a of base.attributes) {
    const top = a.path.split(/[[.]/)[0] ?? a.path;
    if (!taken.has(top)) taken.set(top, a.column);
  }
  const children = childTables(schema, users, new Set(group === undefined ? [] : [group.table.name, group.members.through]), taken);
  const user: DraftResource = {
    ...base,
    relations: [...children.relations, ...(membership !== undefined ? [membership.groups] : [])],
    offered: children.offered,
  };
  if (group === undefined || membership === undefined) return { kind: 'draft', draft: { user } };
  const groupDraft = proposeResource('Group', group.table, GROUP_RULES, users.name, hints);
  return {
    kind: 'draft',
    draft: { user, group: { ...groupDraft, relations: [membership.members], members: group.members } },
  };
}

/** Which status column `init` should sample (`SELECT DISTINCT`): a text `active` guess still waiting for its values. */
export function statusToSample(schema: DbSchema, result: ProposeResult): { table: string; column: string } | undefined {
  if (result.kind !== 'draft') return undefined;
  const { user } = result.draft;
  const active = user.attributes.find((a) => a.path === 'active');
  const table = schema.tables.find((t) => t.name === user.table);
  const column = table?.columns.find((c) => c.name === active?.column);
  if (active?.check === undefined || active.map === undefined || column?.kind !== 'string') return undefined;
  return { table: user.table, column: column.name };
}

function hasLoginColumn(table: DbTable): boolean {
  const login: Candidate = { names: [...USERNAME_COLUMNS, ...EMAIL_COLUMNS], kinds: ['string'] };
  return table.columns.some((c) => matches(c, login));
}

/** Named like users and holding a login column; else any table with one; else named like users. */
function pickUsersTable(schema: DbSchema): DbTable | undefined {
  const rank = (t: DbTable): number => {
    const i = USER_TABLES.indexOf(t.name.toLowerCase());
    return i < 0 ? USER_TABLES.length : i;
  };
  const byRank = [...schema.tables].sort((a, b) => rank(a) - rank(b));
  return byRank.find((t) => hasLoginColumn(t)) ?? byRank.find((t) => rank(t) < USER_TABLES.length);
}

/** The columns a candidate matches, in the candidate's order of preference. */
function findColumns(table: DbTable, candidate: Candidate): DbColumn[] {
  return candidate.names.flatMap((name) =>
    table.columns.filter((c) => c.name.toLowerCase() === name.toLowerCase() && matches(c, candidate)));
}

function findColumn(table: DbTable, candidate: Candidate): DbColumn | undefined {
  return findColumns(table, candidate)[0];
}

/** Applies the rules: the first matching candidate of each path wins. */
function guessAttributes(table: DbTable, rules: readonly PathRule[]): { attributes: DraftAttribute[]; also: Map<string, string> } {
  const attributes: DraftAttribute[] = [];
  const also = new Map<string, string>(); // column → a path it could also feed
  for (const rule of rules) {
    const found = rule.candidates.flatMap((candidate) => findColumns(table, candidate).map((column) => ({ candidate, column })));
    for (const { column } of found.slice(1)) if (!also.has(column.name)) also.set(column.name, rule.path);
    const best = found[0];
    if (best !== undefined) {
      const { candidate, column } = best;
      const outcome = candidate.outcome?.(column) ?? {};
      const reason = [`guessed from column name ${column.name}`, outcome.why].filter(Boolean).join(' ');
      attributes.push({
        path: rule.path, column: column.name, reason,
        ...(outcome.required !== undefined ? { required: outcome.required } : {}),
        ...(outcome.map !== undefined ? { map: outcome.map } : {}),
        ...(outcome.check !== undefined ? { check: outcome.check } : {}),
      });
    }
  }
  return { attributes, also };
}

/** userName must be unique (RFC 7643 §4.1.1): say whether the database backs that up. */
function withUniqueness(table: DbTable, a: DraftAttribute): DraftAttribute {
  // Unique on its own, or per tenant (account_id, email) once the tenant column is the scope.
  const unique = table.uniques.some((u) => u.includes(a.column) && u.every((c) => c === a.column || TENANT_COLUMNS.includes(c.toLowerCase())))
    || (table.primaryKey.length === 1 && table.primaryKey[0] === a.column);
  return unique
    ? { ...a, reason: `${a.reason} (unique in the database)` }
    : { ...a, check: `${table.name}.${a.column} has no unique index: add one, or concurrent creates can store duplicates` };
}

function soleKey(table: DbTable): { column: string; reason: string } | undefined {
  const [pk, extra] = table.primaryKey;
  if (pk !== undefined && extra === undefined) return { column: pk, reason: 'the primary key' };
  const unique = table.uniques.find((u) => u.length === 1 && table.columns.some((c) => c.name === u[0] && !c.nullable));
  return unique?.[0] !== undefined ? { column: unique[0], reason: 'a unique, not-null column (the table has no single-column primary key)' } : undefined;
}

function softDelete(table: DbTable): { soft: string; reason: string } | undefined {
  for (const candidate of SOFT_DELETE_COLUMNS) {
    const column = findColumn(table, candidate);
    if (column !== undefined) return { soft: column.name, reason: `guessed from column name ${column.name}: rows marked deleted are 404 to SCIM` };
  }
  return undefined;
}

/** Passwords, their hashes and salts, reset/confirmation tokens, OTP secrets. */
function isSecret(column: DbColumn): boolean {
  const name = column.name.toLowerCase();
  return isNamed(column, PASSWORD_COLUMNS) || name.includes('password') || name.includes('secret') || name.endsWith('_token');
}

function isNamed(column: DbColumn, names: readonly string[]): boolean {
  return names.includes(column.name.toLowerCase());
}

/** Builds one resource: id, soft delete, scope, guessed attributes, then everything left over. */
function proposeResource(name: 'User' | 'Group', table: DbTable, rules: readonly PathRule[], usersTable: string, hints: ProposeHints): DraftResource {
  const id = soleKey(table);
  const del = softDelete(table);
  const guessed = guessAttributes(table, rules);
  const attributes = guessed.attributes.map((a) => refine(table, a, hints));
  const manager = name === 'User' ? managerColumn(table) : undefined;
  if (manager?.selfReference === true && !attributes.some((a) => a.column === manager.column.name)) {
    attributes.push({
      path: MANAGER_PATH, column: manager.column.name,
      reason: `${manager.column.name} references ${table.name}.${keyColumn(table) ?? 'its key'}: SCIM shows it as the manager's User id`,
    });
  }
  const also = guessed.also;
  const tenant = table.columns.find((c) => isNamed(c, TENANT_COLUMNS) && !attributes.some((a) => a.column === c.name));
  const scope = tenant === undefined ? undefined : {
    column: tenant.name, variable: tenantVariable(tenant.name),
    reason: `${tenant.name} looks like a tenant column: this server sees and writes only the rows of the ${tenantVariable(tenant.name)} tenant`,
  };
  const used = new Set([...attributes.map((a) => a.column), id?.column, del?.soft, scope?.column]);
  const notes: string[] = [];
  const unmapped: DraftColumn[] = [];
  const secrets = table.columns.filter(isSecret).map((c) => c.name);
  if (secrets.length > 0) notes.push(`deliberately not mapped (credentials never travel over SCIM): ${secrets.join(', ')}`);
  const { defaults, uncovered } = proposeDefaults(table, uncoveredColumns(table, new Set([...used].filter((c): c is string => c !== undefined))));
  const defaulted = new Set(defaults.map((d) => d.column));
  for (const column of table.columns) {
    if (!used.has(column.name) && !secrets.includes(column.name) && !defaulted.has(column.name)) unmapped.push(leftOver(table, column, also.get(column.name), usersTable));
  }
  if (uncovered.length > 0) notes.push(uncoveredNote(name, table.name, uncovered));
  if (id === undefined) notes.push(`no single-column primary key or unique not-null column: set id: to the column behind the SCIM id`);
  if (name === 'User' && !attributes.some((a) => a.path === 'userName')) notes.push('userName is required: map it to the column users log in with');
  return {
    name, table: table.name, attributes, relations: [], offered: [], unmapped, notes, skipped: [...secrets, ...(scope ? [scope.column] : [])], defaults, uncovered,
    ...(id !== undefined ? { id } : {}),
    ...(del !== undefined ? { delete: del } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** userName's uniqueness note; an enum-like status column's exact map. */
function refine(table: DbTable, a: DraftAttribute, hints: ProposeHints): DraftAttribute {
  if (a.path === 'userName') return withUniqueness(table, a);
  if (a.path === 'active' && a.map !== undefined) {
    const key = `${table.name}.${a.column}`;
    const allowed = hints.enumValues?.get(key);
    return allowed !== undefined ? statusAttribute(a, allowed) : statusFromData(a, hints.observedValues?.get(key));
  }
  return a;
}

function leftOver(table: DbTable, column: DbColumn, path: string | undefined, usersTable: string): DraftColumn {
  const base = { column: column.name, dataType: column.dataType, nullable: column.nullable };
  if (table.name === usersTable && isNamed(column, MANAGER_COLUMNS)) {
    return { ...base, path: MANAGER_PATH, note: `— not a foreign key to ${usersTable}: uncomment if it holds the manager's ${usersTable} key` };
  }
  return path !== undefined ? { ...base, path, note: `— another candidate for ${path} (keep one)` } : base;
}

/** Counts for init's one-line summary. */
export function summarize(draft: Draft): { user: number; group: number; commented: number } {
  const mapped = (r: DraftResource): number =>
    new Set([...r.attributes.map((a) => a.column), r.id?.column, r.delete?.soft, r.scope?.column].filter((c) => c !== undefined)).size;
  return {
    user: mapped(draft.user),
    group: draft.group === undefined ? 0 : mapped(draft.group),
    commented: [draft.user, draft.group].reduce((n, r) => n + (r === undefined ? 0 : r.unmapped.length + r.skipped.filter((c) => c !== r.scope?.column).length), 0),
  };
}
