/**
 * The User resource: each rule claims its columns in turn — credentials, the id, the tenant and
 * people scopes, soft delete, active, userName, the manager — then the dictionary maps what is left,
 * side tables and key-value tables add what the users table lacks, folded copies become `derived`,
 * child tables and the membership become relations, and NOT NULL columns nothing fills get
 * create-only defaults. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { proposeActive } from './active.js';
import { guessAttributes } from './attributes.js';
import { childTables } from './child-tables.js';
import { preferEmailTable } from './email-table.js';
import { emailColumn } from './columns.js';
import { credentialColumns } from './credentials.js';
import { USER_ENTRIES } from './dictionary.js';
import type { DraftAttribute, DraftRelation, DraftResource, DraftScope } from './draft.js';
import { foldedCopies, proposeUserName } from './identity.js';
import { proposeJoins, type SideTable } from './joins.js';
import { keyValueTables, proposeKeyValue } from './key-value.js';
import { managerAttribute, softDeleteColumn } from './markers.js';
import { credentialNote, fillDefaults, idOf, leftOver } from './resource-parts.js';
import type { SchemaView } from './schema-view.js';

export interface UserInputs {
  readonly scope: readonly DraftScope[];
  readonly sides: readonly SideTable[];
  /** Tables that belong to other rules (groups, membership, tenant): not child or key-value tables. */
  readonly otherTables: ReadonlySet<string>;
  readonly membership?: DraftRelation;
  readonly notes: readonly string[];
}

const WORK_EMAIL = 'emails[type eq "work"].value';

/** userName and the attributes only the users table's own columns give. */
function ownAttributes(view: SchemaView, users: DbTable, claimed: Set<string>, scopeColumns: readonly string[]) {
  const active = proposeActive(view, users, claimed);
  active.claimed.forEach((c) => claimed.add(c));
  const userName = proposeUserName(users, scopeColumns, claimed);
  if (userName !== undefined) claimed.add(userName.column);
  const manager = managerAttribute(users, claimed);
  if (manager !== undefined) claimed.add(manager.column);
  const guessed = guessAttributes(view, users, USER_ENTRIES, { skip: claimed, taken: new Set() });
  guessed.attributes.forEach((a) => claimed.add(a.column));
  const email = userName !== undefined && emailColumn(users)?.name === userName.column && !guessed.attributes.some((a) => a.path === WORK_EMAIL)
    ? [{ path: WORK_EMAIL, column: userName.column, reason: `guessed from column name ${userName.column}` }] : [];
  const attributes: DraftAttribute[] = [
    ...(userName !== undefined ? [userName] : []), ...email, ...guessed.attributes,
    ...(active.attribute !== undefined ? [active.attribute] : []), ...(manager !== undefined ? [manager] : []),
  ];
  return { attributes, alternatives: guessed.alternatives, offered: active.offered };
}

/** The User draft over `users`. */
export function buildUser(view: SchemaView, users: DbTable, inputs: UserInputs): DraftResource {
  const credentials = credentialColumns(users.columns);
  const id = idOf(users);
  const claimed = new Set<string>([...credentials, ...(id !== undefined ? [id.column] : []), ...inputs.scope.map((s) => s.column)]);
  const del = softDeleteColumn(users, claimed);
  if (del !== undefined) claimed.add(del.soft);
  const own = ownAttributes(view, users, claimed, inputs.scope.map((s) => s.column));
  const taken = new Set(own.attributes.map((a) => a.path));
  const joins = proposeJoins(view, inputs.sides, taken);
  joins.attributes.forEach((a) => taken.add(a.path));
  // The join writes its own link column (the side row is inserted first and its key copied).
  joins.joins.forEach((j) => claimed.add(j.on.column));
  const kvTables = keyValueTables(view, users, new Set([...inputs.otherTables, ...inputs.sides.map((s) => s.table.name)]));
  const kv = proposeKeyValue(view, kvTables, taken);
  const folded = foldedCopies(users, own.attributes, claimed);
  folded.forEach((d) => claimed.add(d.column));
  const all = [...own.attributes, ...joins.attributes, ...kv.attributes];
  const columnForms = new Map(all.filter((a) => !a.column.includes('.') && a.keyed === undefined).map((a) => [a.path.split(/[[.]/)[0] ?? a.path, a.column]));
  const skip = new Set([...inputs.otherTables, ...inputs.sides.map((s) => s.table.name), ...kvTables.map((k) => k.table.name)]);
  const email = preferEmailTable(view, users, skip, columnForms, all, childTables(view, users, skip, columnForms));
  email.released.forEach((c) => claimed.delete(c));
  const { attributes, children } = email;
  const derived = [...folded, ...email.derived];
  // Credentials are claimed so nothing maps them, yet a NOT NULL password still needs its create-only value.
  const written = new Set([...claimed].filter((c) => !credentials.includes(c)));
  const filled = fillDefaults(view, 'User', users, written, true, del?.soft);
  const offeredColumns = own.offered.flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
  const used = new Set([...claimed, ...offeredColumns, ...filled.defaults.map((d) => d.column)]);
  const notes = [
    ...credentialNote(credentials), ...inputs.notes, ...kv.notes, ...filled.notes,
    ...(id === undefined ? ['no single-column primary key or unique not-null column: set id: to the column behind the SCIM id'] : []),
    ...(attributes.some((a) => a.path === 'userName') ? [] : ['userName is required: map it to the column users log in with']),
  ];
  return {
    name: 'User', table: users.name, scope: inputs.scope, join: joins.joins, derived, defaults: filled.defaults, attributes,
    relations: [...children.relations, ...(inputs.membership !== undefined ? [inputs.membership] : [])],
    offered: [...own.offered, ...kv.offered, ...children.offered], unmapped: leftOver(users, used, own.alternatives),
    notes, credentials, uncovered: filled.uncovered,
    ...(id !== undefined ? { id } : {}), ...(del !== undefined ? { delete: del } : {}),
  };
}
