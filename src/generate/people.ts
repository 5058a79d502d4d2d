/**
 * Which rows of the users table are people: bots, service accounts, system and anonymous rows,
 * organisations and group rows (single-table designs) are told apart by flag columns (`is_bot`,
 * `is_service_account`, `isSystem`), link columns (`service_account_client_link`) and type columns
 * (`type`, `user_type`, `account_type`) whose values — from the sample and the catalog — are read as
 * words. The scope keeps person rows only, and creates write the person value. Pure.
 */
import type { RawScopeConstant } from '../config/raw-types.js';
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import type { DraftScope } from './draft.js';
import { factsOf, referenceStem, type SchemaView } from './schema-view.js';
import { hasAny, hasPhrase, splitWords } from './words.js';

const NON_PERSON: ReadonlySet<string> = new Set([
  'bot', 'robot', 'service', 'system', 'anonymous', 'ghost', 'app', 'application', 'integration', 'machine', 'daemon',
  'migration', 'webhook', 'automation', 'mirror', 'dummy', 'placeholder', 'api', 'key', 'sentry',
]);
const GROUPISH: ReadonlySet<string> = new Set(['group', 'groups', 'usergroup', 'team', 'organization', 'company']);
const PERSON: ReadonlySet<string> = new Set([
  'user', 'person', 'personal', 'human', 'individual', 'member', 'employee', 'staff', 'regular', 'normal', 'customer',
  'admin', 'administrator', 'superadmin', 'agent', 'owner', 'founder', 'moderator', 'editor', 'viewer', 'contributor',
  'author', 'standard', 'default', 'local', 'ldap', 'people',
]);
const AMBIGUOUS: ReadonlySet<string> = new Set(['internal', 'external']);
const TYPE_WORDS: ReadonlySet<string> = new Set(['type', 'kind', 'category', 'class', 'discriminator', 'role']);

type ValueClass = 'person' | 'notPerson' | 'group' | 'ambiguous' | 'unknown';

/** What a discriminator value names, by its words (`internal_service_account` → notPerson, `USER_GROUP` → group). */
export function classifyValue(value: RawScopeConstant): ValueClass {
  if (value === null) return 'unknown';
  const words = splitWords(String(value));
  if (hasAny(words, GROUPISH)) return 'group';
  if (hasAny(words, NON_PERSON)) return 'notPerson';
  if (hasAny(words, PERSON)) return 'person';
  if (hasAny(words, AMBIGUOUS)) return 'ambiguous';
  return 'unknown';
}

/** A flag whose words say the row is not a person: `is_bot`, `bot`, `is_service_account`, `system_account`, `isSystem`. */
function nonPersonFlag(column: DbColumn, view: SchemaView, table: string): boolean {
  const words = splitWords(column.name);
  if (referenceStem(column.name) !== undefined) return false;
  if (!hasAny(words, NON_PERSON) && !hasPhrase(words, 'service account')) return false;
  if (column.kind === 'boolean') return true;
  const values = factsOf(view, table, column.name)?.values;
  return column.kind === 'integer' && values !== undefined && values.every((v) => v.value === null || Number(v.value) === 0 || Number(v.value) === 1);
}

/** A link to what makes the row a non-person (`service_account_client_link`, `bot_owner_id`): people have NULL there. */
function nonPersonLink(column: DbColumn): boolean {
  const words = splitWords(column.name);
  return column.nullable && (hasAny(words, new Set(['bot'])) || hasPhrase(words, 'service account')) && hasAny(words, new Set(['link', 'owner', 'client', 'id']));
}

/** The values a type column holds: the catalog's list, then the sample's (most frequent first). */
function valuesOf(view: SchemaView, table: string, column: DbColumn): readonly { value: RawScopeConstant; count: number }[] {
  const seen = factsOf(view, table, column.name)?.values ?? [];
  const allowed = (column.allowed ?? []).filter((a) => !seen.some((s) => String(s.value) === a)).map((value) => ({ value, count: 0 }));
  return [...seen.map((s) => ({ value: s.value, count: s.count })), ...allowed];
}

export interface PeopleProposal {
  readonly scope: readonly DraftScope[];
  /** Rows of another kind that are groups (a single-table design): the column and the group values. */
  readonly groupRows?: { readonly column: string; readonly values: readonly RawScopeConstant[] };
  readonly claimed: readonly string[];
  readonly notes: readonly string[];
}

const show = (v: RawScopeConstant): string => (v === null ? 'NULL' : String(v));

/** The scope over a type column, from its values' words; undefined when every value is a person's. */
function typeScope(view: SchemaView, table: DbTable, column: DbColumn): { scope?: DraftScope; groups?: readonly RawScopeConstant[]; note?: string } | undefined {
  const values = valuesOf(view, table.name, column);
  if (values.length < 2) return undefined;
  if (column.kind !== 'string') {
    return { note: `${column.name} holds ${values.map((v) => `${show(v.value)} (${v.count} rows)`).join(', ')}: if some are bots or service accounts, add scope: { ${column.name}: [<the people's values>] }` };
  }
  const classes = values.map((v) => ({ ...v, class: classifyValue(v.value) }));
  const clearPerson = classes.some((c) => c.class === 'person');
  const keep = classes.filter((c) => c.class === 'person' || c.class === 'unknown' || (c.class === 'ambiguous' && !clearPerson));
  const dropped = classes.filter((c) => !keep.includes(c));
  if (dropped.length === 0 && column.allowed !== undefined) return { scope: everyValue(column, keep) };
  if (dropped.length === 0 || keep.length === 0) return undefined;
  const groups = classes.filter((c) => c.class === 'group').map((c) => c.value);
  const ordered = [...keep].sort(byClassThenCount);
  const value = ordered.length === 1 ? ordered[0]?.value ?? null : ordered.map((c) => c.value);
  const unsure = keep.filter((c) => c.class !== 'person');
  return {
    scope: {
      column: column.name, value,
      reason: `people only: ${column.name} ${ordered.map((c) => show(c.value)).join(', ')} ${ordered.length > 1 ? 'are' : 'is'} people; ${dropped.map((c) => show(c.value)).join(', ')} ${dropped.length > 1 ? 'are' : 'is'} not (creates write ${show(ordered[0]?.value ?? null)})`,
      ...(unsure.length > 0 ? { check: `${unsure.map((c) => show(c.value)).join(', ')}: taken as people from ${column.name}'s values alone; confirm` } : {}),
    },
    ...(groups.length > 0 ? { groups } : {}),
  };
}

const byClassThenCount = (a: { class: ValueClass; count: number }, b: { class: ValueClass; count: number }): number =>
  (a.class === 'person' ? 0 : 1) - (b.class === 'person' ? 0 : 1) || b.count - a.count;

/**
 * A discriminator whose every allowed value names people (Outline's role admin/member/viewer/guest):
 * all are in scope — nothing is hidden, and `check` need not ask — and creates write the most
 * common one, so a new user gets the value the application gives most people.
 */
function everyValue(column: DbColumn, values: readonly { value: RawScopeConstant; count: number; class: ValueClass }[]): DraftScope {
  const ordered = [...values].sort(byClassThenCount).map((c) => c.value);
  const unsure = values.filter((c) => c.class !== 'person').map((c) => show(c.value));
  return {
    column: column.name, value: [...ordered, ...(column.nullable ? [null] : [])],
    reason: `every ${column.name} names people: all are in scope; creates write ${show(ordered[0] ?? null)}, the most common`,
    ...(unsure.length > 0 ? { check: `${unsure.join(', ')}: taken as people from ${column.name}'s values alone; confirm, and confirm ${show(ordered[0] ?? null)} is what a new user should get` } : {}),
  };
}

/** The person scope of the users table, and its group rows when it keeps groups too. */
export function proposePeople(view: SchemaView, table: DbTable, skip: ReadonlySet<string>): PeopleProposal {
  const scope: DraftScope[] = [];
  const notes: string[] = [];
  let groupRows: PeopleProposal['groupRows'];
  for (const column of table.columns) {
    if (skip.has(column.name) || table.primaryKey.includes(column.name)) continue;
    if (nonPersonLink(column)) {
      scope.push({ column: column.name, value: null, reason: `people only: rows linked through ${column.name} are service accounts or bots` });
    } else if (nonPersonFlag(column, view, table.name)) {
      const off: RawScopeConstant = column.kind === 'boolean' ? false : 0;
      // People hold NULL there when the sample shows NULLs and no `off` value (Zulip's bot_type): creates write that.
      const facts = factsOf(view, table.name, column.name);
      const nullFirst = column.nullable && facts !== undefined && facts.nulls > 0 && !(facts.values ?? []).some((v) => v.value === off || v.value === 0 || v.value === false);
      const first = nullFirst ? null : off;
      scope.push({ column: column.name, value: column.nullable ? [first, nullFirst ? off : null] : off, reason: `people only: rows with ${column.name} set are not people (bots, service accounts, system rows); creates write ${String(first)}` });
    } else if (hasAny(splitWords(column.name), TYPE_WORDS)) {
      const found = typeScope(view, table, column);
      if (found?.scope !== undefined) scope.push(found.scope);
      if (found?.note !== undefined) notes.push(`CHECK: ${found.note}`);
      if (found?.groups !== undefined && groupRows === undefined) groupRows = { column: column.name, values: found.groups };
    }
  }
  return { scope, claimed: scope.map((s) => s.column), notes, ...(groupRows !== undefined ? { groupRows } : {}) };
}

/** Words of a flag marking the application's own built-in groups (`is_system_group`, `isSystem`, `builtin`). */
const BUILT_IN: ReadonlySet<string> = new Set(['system', 'builtin', 'reserved']);

/**
 * The groups an IdP may see and change: not the application's built-in ones, flagged by a boolean
 * (or 0/1) column named so — changing their members from outside would change who administers the
 * application. Creates write false.
 */
export function builtInGroupScope(view: SchemaView, table: DbTable, skip: ReadonlySet<string>): DraftScope | undefined {
  const column = table.columns.find((c) => !skip.has(c.name) && hasAny(splitWords(c.name), BUILT_IN) && referenceStem(c.name) === undefined
    && (c.kind === 'boolean' || (c.kind === 'integer' && (factsOf(view, table.name, c.name)?.values ?? []).every((v) => [0, 1].includes(Number(v.value))))));
  if (column === undefined) return undefined;
  const off: RawScopeConstant = column.kind === 'boolean' ? false : 0;
  return { column: column.name, value: column.nullable ? [off, null] : off, reason: `the application's built-in groups (${column.name} set) are its own, not the IdP's to change; creates write ${String(off)}` };
}
