/**
 * Multi-valued User attributes kept in child tables (emails, phone numbers, ims, photos, roles,
 * entitlements, certificates): a table with an owner column (no foreign key needed), not unique
 * (one row per user would be a side table), and a column whose words fit the attribute's value;
 * `type`, `primary` and `display` fields by their words; folded copies of the value (`lower_email`)
 * as `derived`; NOT NULL timestamps and flags as `defaults`. Pure.
 */
import type { ColumnKind, DbColumn, DbTable } from '../mapping/db-schema.js';
import { columnsToFill, proposeDefaults } from './defaults.js';
import { phrasesOf } from './dictionary.js';
import type { DraftChildTable, DraftOffer, DraftRelation } from './draft.js';
import { foldedCopies } from './identity.js';
import { otherReferences, ownerColumn } from './owner.js';
import { isUniqueAlone, type SchemaView } from './schema-view.js';
import { hasAny, tableWords } from './words.js';

interface ChildRule {
  readonly path: string;
  /** Table words that say what the table holds. */
  readonly tableWords: ReadonlySet<string>;
  /** Value phrases that fit in any child table. */
  readonly names: readonly string[];
  /** Generic value phrases, only where the table's words say what they are. */
  readonly generic: readonly string[];
  readonly kinds: readonly ColumnKind[];
}

const rule = (path: string, words: string, names: string, generic: string, kinds: readonly ColumnKind[] = ['string']): ChildRule =>
  ({ path, tableWords: new Set(words.split(' ')), names: names.split(', '), generic: generic.split(', '), kinds });

const CHILD_RULES: readonly ChildRule[] = [
  rule('phoneNumbers', 'phone mobile', 'phone, phone number, mobile, mobile number', 'number, value'),
  rule('emails', 'email', 'email, email address', 'address, value'),
  rule('ims', 'im messenger chat', 'im, im handle, im address', 'handle, address, user name, value'),
  rule('photos', 'photo avatar picture', 'photo url, avatar url, picture url', 'url, value, photo'),
  rule('entitlements', 'entitlement', 'entitlement', 'value, name, code'),
  rule('roles', 'role', 'role, role name', 'value, name, code'),
  rule('x509Certificates', 'cert certificate', 'certificate, x509 certificate', 'value, pem, der, cert', ['string', 'binary']),
];

const TYPE_PHRASES = ['type', 'kind', 'label', 'category'];
const PRIMARY_PHRASES = ['primary', 'is primary', 'preferred', 'is preferred', 'default', 'is default', 'main'];
const DISPLAY_PHRASES = ['display', 'display name'];

function byPhrase(table: DbTable, phrases: readonly string[], kinds: readonly ColumnKind[], skip: ReadonlySet<string>): DbColumn | undefined {
  for (const p of phrases) {
    const found = table.columns.find((c) => !skip.has(c.name) && kinds.includes(c.kind) && phrasesOf(c.name).includes(p));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The rule a table fits and its value column: rules whose table words match its name first. */
function childRule(view: SchemaView, table: DbTable, skip: ReadonlySet<string>): { rule: ChildRule; value: DbColumn } | undefined {
  const words = tableWords(table.name, view.prefixes);
  const ordered = [...CHILD_RULES.filter((r) => hasAny(words, r.tableWords)), ...CHILD_RULES.filter((r) => !hasAny(words, r.tableWords))];
  for (const r of ordered) {
    const value = byPhrase(table, r.names, r.kinds, skip) ?? (hasAny(words, r.tableWords) ? byPhrase(table, r.generic, r.kinds, skip) : undefined);
    if (value !== undefined) return { rule: r, value };
  }
  return undefined;
}

/** `{ table, key, fields, defaults?, derived? }` for one child table, and what it leaves uncovered. */
function childSpec(view: SchemaView, table: DbTable, key: string, value: DbColumn): { spec: DraftChildTable; uncovered: readonly string[]; checks: readonly string[] } {
  const used = new Set([key, value.name]);
  const fields: Record<string, string> = { value: value.name };
  const add = (field: string, column: DbColumn | undefined): void => { if (column !== undefined) { fields[field] = column.name; used.add(column.name); } };
  add('display', byPhrase(table, DISPLAY_PHRASES, ['string'], used));
  add('type', byPhrase(table, TYPE_PHRASES, ['string'], used) ?? table.columns.find((c) => !used.has(c.name) && c.kind === 'string' && /_(type|kind)$/i.test(c.name)));
  add('primary', byPhrase(table, PRIMARY_PHRASES, ['boolean'], used));
  const derived = foldedCopies(table, [{ path: 'value', column: value.name, reason: '' }], used);
  for (const d of derived) used.add(d.column);
  const { defaults, uncovered } = proposeDefaults(view, table, columnsToFill(view, table, used), { usersTable: false });
  const spec: DraftChildTable = {
    table: table.name, key, fields,
    ...(defaults.length > 0 ? { defaults: Object.fromEntries(defaults.map((d) => [d.column, d.value])) } : {}),
    ...(derived.length > 0 ? { derived: Object.fromEntries(derived.map((d) => [d.column, { from: 'value', transform: d.transform ?? 'lower' }])) } : {}),
  };
  const checks = defaults.flatMap((d) => (d.check !== undefined ? [d.check] : []));
  return { spec, uncovered: uncovered.map((u) => u.column), checks };
}

export interface ChildTables {
  readonly relations: readonly DraftRelation[];
  readonly offered: readonly DraftOffer[];
}

/**
 * Child tables of `users`, skipping `skip` (group and membership tables, side tables). `taken` holds
 * the paths the users table already maps through its own columns: a config maps an attribute one way
 * or the other, so the column form stays and the table is offered as a comment.
 */
export function childTables(view: SchemaView, users: DbTable, skip: ReadonlySet<string>, taken: ReadonlyMap<string, string>): ChildTables {
  const relations: DraftRelation[] = [];
  const offered: DraftOffer[] = [];
  for (const table of view.schema.tables) {
    if (table.name === users.name || skip.has(table.name)) continue;
    const owner = ownerColumn(view, table, users);
    if (owner === undefined || isUniqueAlone(table, owner.column.name)) continue;
    // A row per user and something else (org_user: a user's role in an organisation) is not a list of the user's values.
    if (otherReferences(view, table, new Set([users.name])).length > 0) continue;
    const found = childRule(view, table, new Set([owner.column.name]));
    if (found === undefined) continue;
    const { spec, uncovered, checks } = childSpec(view, table, owner.column.name, found.value);
    const path = found.rule.path;
    const filled = [...Object.keys(spec.derived ?? {}).map((c) => `${c} derived from the value`), ...Object.keys(spec.defaults ?? {}).map((c) => `${c} filled on insert`)];
    const via = `child table ${table.name} (${owner.column.name} → ${users.name}${owner.how === 'declared' ? '' : ', no foreign key declared'}), guessed from column name ${found.value.name}${filled.length > 0 ? `; ${filled.join(', ')}` : ''}`;
    const columnForm = taken.get(path);
    if (columnForm !== undefined) {
      offered.push({ path, value: spec, reason: `— not mapped: ${path} already comes from ${users.name}.${columnForm}, and an attribute is mapped through columns or through a table, not both; to take the table instead, remove the ${path}[…] lines above and uncomment this one` });
    } else if (uncovered.length > 0) {
      offered.push({ path, value: spec, reason: `— not mapped: ${table.name}.${uncovered.join(', ')} ${uncovered.length > 1 ? 'are' : 'is'} NOT NULL without a database default and nothing fills ${uncovered.length > 1 ? 'them' : 'it'}, so SCIM could not write ${path}` });
    } else if (relations.some((r) => r.path === path)) {
      offered.push({ path, value: spec, reason: `— another candidate for ${path} (keep one)` });
    } else {
      relations.push({ path, spec, reason: via, ...(checks.length > 0 ? { check: checks.join('; ') } : {}) });
    }
  }
  return { relations, offered };
}
