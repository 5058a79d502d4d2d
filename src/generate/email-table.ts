/**
 * Where an application keeps every address of a user in an email table with a primary flag (and
 * a copy of the primary one in the users table), the table is the real store: the IdP's emails
 * must land there, or the user has no email row. Then `emails` maps through the table, and the users
 * table's email column is kept in step with the primary address (`derived`). Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { childTables, type ChildTables } from './child-tables.js';
import type { DraftAttribute, DraftDerived } from './draft.js';
import type { SchemaView } from './schema-view.js';

export const PRIMARY_EMAIL = 'emails[primary eq true].value';

export interface EmailChoice {
  readonly attributes: readonly DraftAttribute[];
  readonly derived: readonly DraftDerived[];
  readonly children: ChildTables;
  /** Columns no longer mapped (a second email column): back to the commented lines. */
  readonly released: readonly string[];
}

/** Switches `emails` to a child table with a primary flag, when there is one; else returns the inputs. */
export function preferEmailTable(
  view: SchemaView, users: DbTable, skip: ReadonlySet<string>, columnForms: ReadonlyMap<string, string>,
  attributes: readonly DraftAttribute[], children: ChildTables,
): EmailChoice {
  const unchanged = { attributes, derived: [], children, released: [] };
  if (!columnForms.has('emails')) return unchanged;
  const withoutColumns = new Map([...columnForms].filter(([path]) => path !== 'emails'));
  const again = childTables(view, users, skip, withoutColumns);
  const table = again.relations.find((r) => r.path === 'emails' && 'fields' in r.spec && r.spec.fields['primary'] !== undefined);
  if (table === undefined || !('table' in table.spec)) return unchanged;
  const userName = attributes.find((a) => a.path === 'userName')?.column;
  const emailColumns = attributes.filter((a) => a.path.startsWith('emails['));
  const work = emailColumns.find((a) => a.path === 'emails[type eq "work"].value' && a.column !== userName);
  const derived: DraftDerived[] = work === undefined ? [] : [{
    column: work.column, from: PRIMARY_EMAIL,
    reason: `${users.name}.${work.column} copies the primary address of ${table.spec.table}: written with every change of it`,
    check: `confirm the application keeps ${work.column} equal to the primary row of ${table.spec.table}`,
  }];
  return {
    attributes: attributes.filter((a) => !a.path.startsWith('emails[')),
    derived, children: again,
    released: emailColumns.filter((a) => a !== work && a.column !== userName).map((a) => a.column),
  };
}
