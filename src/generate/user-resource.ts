/**
 * The User resource: each rule claims its columns in turn — credentials, the id, the tenant and
 * people scopes, soft delete or an epoch deactivation marker, active, userName (pinned to a
 * non-tenant companion of its unique key, or read from a side table), the manager — then the
 * dictionary maps what is left, side tables and key-value tables add what the users table lacks,
 * folded copies and identity copies become `derived`, child tables and the membership become
 * relations, placeholder logins are scoped out, and the columns a create must fill get
 * create-only defaults from the data. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { activeFromMarker, proposeActive, type ActiveProposal } from './active.js';
import { guessAttributes } from './attributes.js';
import { childTables } from './child-tables.js';
import { preferEmailTable } from './email-table.js';
import { credentialColumns } from './credentials.js';
import { USER_ENTRIES } from './dictionary.js';
import type { DraftAttribute, DraftCompanion, DraftJoin, DraftRelation, DraftResource, DraftScope } from './draft.js';
import { foldedCopies, proposeUserName } from './identity.js';
import { proposeJoins, sideUserName, type SideTable } from './joins.js';
import { keyValueTables, proposeKeyValue } from './key-value.js';
import { managerAttribute, softDeleteColumn, type SoftDelete } from './markers.js';
import { identityCopies } from './copies.js';
import { credentialNote, fillDefaults, idOf, leftOver, plainColumns } from './resource-parts.js';
import { keptRows } from './sampled.js';
import { pinnedScope } from './pinned-scope.js';
import { placeholderScope } from './placeholders.js';
import { companionNotes } from './companions.js';
import type { SchemaView } from './schema-view.js';
import { splitWords } from './words.js';

export interface UserInputs {
  readonly scope: readonly DraftScope[];
  readonly sides: readonly SideTable[];
  /** Joins that only scope (a bot table whose rows mark non-people). */
  readonly scopeJoins: readonly DraftJoin[];
  /** Tables that belong to other rules (groups, membership, tenant): not child or key-value tables. */
  readonly otherTables: ReadonlySet<string>;
  readonly membership?: DraftRelation;
  readonly onCreate: readonly DraftCompanion[];
  readonly notes: readonly string[];
}

const WORK_EMAIL = 'emails[type eq "work"].value';

/** `active` and the soft-delete marker: an integer time marker is the deactivation when nothing else says who may sign in. */
function activeAndDelete(view: SchemaView, users: DbTable, claimed: Set<string>): { active: ActiveProposal; del?: SoftDelete } {
  const marker = softDeleteColumn(view, users, claimed);
  if (marker !== undefined) claimed.add(marker.soft);
  const active = proposeActive(view, users, claimed);
  if (marker?.epoch !== undefined && active.attribute === undefined) {
    return { active: { attribute: activeFromMarker(marker.soft, marker.epoch), claimed: [], offered: [] } };
  }
  return { active, ...(marker !== undefined ? { del: marker } : {}) };
}

/** userName and the attributes only the users table's own columns give (userName from a side table when it has none). */
function ownAttributes(view: SchemaView, users: DbTable, claimed: Set<string>, inputs: UserInputs, active: ActiveProposal) {
  active.claimed.forEach((c) => claimed.add(c));
  const userName = proposeUserName(users, inputs.scope.map((s) => s.column), claimed) ?? sideUserName(inputs.sides);
  if (userName !== undefined) claimed.add(userName.column);
  const manager = managerAttribute(users, claimed);
  if (manager !== undefined) claimed.add(manager.column);
  // A login that is an email address is the work email too; another email column is then not.
  const byEmail = userName !== undefined && splitWords(userName.column.split('.').at(-1) ?? '').includes('email');
  const guessed = guessAttributes(view, users, USER_ENTRIES, { skip: claimed, taken: new Set(byEmail ? [WORK_EMAIL] : []) });
  guessed.attributes.forEach((a) => claimed.add(a.column));
  const email = byEmail && userName !== undefined ? [{ path: WORK_EMAIL, column: userName.column, reason: `the login is an email address: ${userName.column}` }] : [];
  const attributes: DraftAttribute[] = [
    ...(userName !== undefined ? [userName] : []), ...email, ...guessed.attributes,
    ...(active.attribute !== undefined ? [active.attribute] : []), ...(manager !== undefined ? [manager] : []),
  ];
  return { attributes, alternatives: guessed.alternatives, offered: active.offered };
}

/** The flag of each joined side table keyed by (user, something): only the flagged row is the user's, and creates write it. */
function sideScopes(sides: readonly SideTable[], joins: readonly DraftJoin[]): DraftScope[] {
  return sides.flatMap((s) => (s.flag === undefined || !joins.some((j) => j.table === s.table.name) ? []
    : [{ column: `${s.table.name}.${s.flag.column}`, value: s.flag.value, reason: `the row that counts: ${s.why}` }]));
}

/** The users table's own attributes, with userName pinned to the companions of its unique key when the data says so. */
function pinnedOwn(view: SchemaView, users: DbTable, claimed: Set<string>, inputs: UserInputs, active: ActiveProposal) {
  const found = ownAttributes(view, users, claimed, inputs, active);
  const userName = found.attributes.find((a) => a.path === 'userName');
  const pinned = userName === undefined ? undefined : pinnedScope(view, users, userName, inputs.scope);
  pinned?.scope.forEach((s) => claimed.add(s.column));
  const own = pinned === undefined ? found : { ...found, attributes: found.attributes.map((a) => (a === userName ? pinned.userName : a)) };
  return { own, userName, pinned: pinned?.scope ?? [] };
}

/** What other tables add: side tables (joined), key-value rows, child tables (emails, phones), folded copies. */
function fromOtherTables(view: SchemaView, users: DbTable, inputs: UserInputs, own: readonly DraftAttribute[], claimed: Set<string>) {
  const taken = new Set(own.map((a) => a.path));
  const joins = proposeJoins(view, inputs.sides, taken, own.filter((a) => a.column.includes('.')));
  joins.attributes.forEach((a) => taken.add(a.path));
  // The join writes its own link column (the side row is inserted first and its key copied).
  joins.joins.forEach((j) => claimed.add(j.on.column));
  const kvTables = keyValueTables(view, users, new Set([...inputs.otherTables, ...inputs.sides.map((s) => s.table.name)]));
  const kv = proposeKeyValue(view, kvTables, taken);
  const folded = foldedCopies(users, own, claimed);
  folded.forEach((d) => claimed.add(d.column));
  const all = [...own, ...joins.attributes, ...kv.attributes];
  const columnForms = new Map(all.filter((a) => !a.column.includes('.') && a.keyed === undefined).map((a) => [a.path.split(/[[.]/)[0] ?? a.path, a.column]));
  const skip = new Set([...inputs.otherTables, ...inputs.sides.map((s) => s.table.name), ...kvTables.map((k) => k.table.name)]);
  const email = preferEmailTable(view, users, skip, columnForms, all, childTables(view, users, skip, columnForms));
  email.released.forEach((c) => claimed.delete(c));
  return { joins: joins.joins, kv, kvTables, attributes: email.attributes, children: email.children, derived: [...folded, ...email.derived] };
}

/** The User draft over `users`. */
export function buildUser(view: SchemaView, users: DbTable, inputs: UserInputs): DraftResource {
  const credentials = credentialColumns(users.columns);
  const id = idOf(users);
  const claimed = new Set<string>([...credentials, ...(id !== undefined ? [id.column] : []), ...inputs.scope.map((s) => s.column)]);
  const { active, del } = activeAndDelete(view, users, claimed);
  const { own, userName, pinned } = pinnedOwn(view, users, claimed, inputs, active);
  const other = fromOtherTables(view, users, inputs, own.attributes, claimed);
  const { attributes, children } = other;
  const placeholder = userName === undefined ? undefined : placeholderScope(view, users.name, userName);
  const scope = [...inputs.scope, ...pinned, ...(placeholder !== undefined ? [placeholder] : []), ...sideScopes(inputs.sides, other.joins)];
  const copies = identityCopies(users, attributes, claimed, true);
  copies.forEach((d) => claimed.add(d.column));
  // Credentials are claimed so nothing maps them, yet a NOT NULL password still needs its create-only value.
  const written = new Set([...claimed].filter((c) => !credentials.includes(c)));
  const kept = keptRows(view, users.name, scope);
  const filled = fillDefaults(view, 'User', users, {
    written, mapped: plainColumns(attributes), usersTable: true,
    ...(del?.soft !== undefined ? { soft: del.soft } : {}), ...(kept !== undefined ? { kept } : {}),
  });
  const offeredColumns = own.offered.flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
  const used = new Set([...claimed, ...offeredColumns, ...filled.defaults.map((d) => d.column)]);
  const linked = new Set([...inputs.sides.map((s) => s.table.name), ...inputs.scopeJoins.map((j) => j.table), ...inputs.onCreate.map((c) => c.table), ...other.kvTables.map((k) => k.table.name)]);
  const notes = [
    ...credentialNote(credentials), ...inputs.notes, ...other.kv.notes, ...filled.notes, ...companionNotes(view, users, kept, linked),
    ...(id === undefined ? ['no single-column primary key or unique not-null column: set id: to the column behind the SCIM id'] : []),
    ...(attributes.some((a) => a.path === 'userName') ? [] : ['userName is required: map it to the column users log in with']),
  ];
  return {
    name: 'User', table: users.name, scope, join: [...inputs.scopeJoins, ...other.joins], derived: [...other.derived, ...copies], defaults: filled.defaults, attributes,
    relations: [...children.relations, ...(inputs.membership !== undefined ? [inputs.membership] : [])], onCreate: inputs.onCreate,
    offered: [...own.offered, ...other.kv.offered, ...children.offered], unmapped: leftOver(users, used, own.alternatives),
    notes, credentials, uncovered: filled.uncovered,
    ...(id !== undefined ? { id } : {}), ...(del !== undefined ? { delete: del } : {}),
  };
}
