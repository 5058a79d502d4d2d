/**
 * A login unique only together with another column that is not a tenant — Moodle's
 * (mnethostid, username): a username is unique per host, and the rows of other hosts are remote
 * accounts. When nearly every sampled row holds one value there (the local host), the resource is
 * scoped to it: the other rows are not served, creates write it, and userName is unique within the
 * scope. Where the values are more evenly shared (Wiki.js' (providerKey, email): local and SSO
 * accounts are people alike) nothing is scoped and the CHECK on userName stays. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import type { DraftAttribute, DraftScope } from './draft.js';
import { commonestValue } from './sampled.js';
import { columnNamed, type SchemaView } from './schema-view.js';
import { uniquenessOf } from './uniqueness.js';

/** Share of the sampled rows one value must hold to be "the" value, the others the exception. */
const NEARLY_ALL = 0.75;

export interface Pinned {
  readonly scope: readonly DraftScope[];
  /** userName with its uniqueness told again, now within the scope. */
  readonly userName: DraftAttribute;
}

/** The scope pinning the login's companion columns, if the sample shows each holding one value nearly always. */
export function pinnedScope(view: SchemaView, table: DbTable, userName: DraftAttribute, scope: readonly DraftScope[]): Pinned | undefined {
  if (userName.column.includes('.')) return undefined;
  const u = uniquenessOf(table, userName.column, scope.map((s) => s.column));
  if (u.kind !== 'withOthers') return undefined;
  const pinned: DraftScope[] = [];
  for (const name of u.columns) {
    const column = columnNamed(table, name);
    const top = column === undefined ? undefined : commonestValue(view, table.name, column);
    if (top === undefined || top.count < NEARLY_ALL * top.of) return undefined;
    pinned.push({
      column: name, value: top.value,
      reason: `${userName.column} is unique only together with ${name}, and ${top.count} of ${top.of} sampled rows hold ${String(top.value)}: the others are served elsewhere; creates write ${String(top.value)}`,
      check: `confirm ${name} = ${String(top.value)} marks this application's own accounts`,
    });
  }
  const { check: _, ...rest } = userName;
  return { scope: pinned, userName: { ...rest, reason: `${userName.reason.split(';')[0] ?? userName.reason}; unique within the scope (${[...u.columns, userName.column].join(', ')})` } };
}
