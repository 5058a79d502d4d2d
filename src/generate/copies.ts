/**
 * A NOT NULL column that names a person or a group (an email, a name) beside a mapped column whose
 * words it shares — Zulip's `email` beside `delivery_email`, Zammad's `name_last` beside `name` —
 * that nothing fills: the application keeps it as a form of the same value. A made-up value there
 * would corrupt what it shows, and leaving it out makes every create fail; so it is written from
 * the same attribute (`derived:`, no transform), with a question. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import type { DraftAttribute, DraftDerived } from './draft.js';
import { isIdentityLike } from './identity.js';
import { needsValue } from './schema-view.js';
import { splitWords } from './words.js';

/** Whether every word of `a` is among the words of `b`. */
const within = (a: readonly string[], b: readonly string[]): boolean => a.every((w) => b.includes(w));

/** `derived:` copies for the NOT NULL identity-like columns of `table` nothing in `written` fills. */
export function identityCopies(table: DbTable, attributes: readonly DraftAttribute[], written: ReadonlySet<string>, usersTable: boolean): readonly DraftDerived[] {
  const sources = attributes.filter((a) => a.keyed === undefined && !a.column.includes('.') && a.map === undefined && a.epoch === undefined);
  const out: DraftDerived[] = [];
  for (const column of table.columns) {
    if (written.has(column.name) || !needsValue(column) || !isIdentityLike(table, column, usersTable)) continue;
    const words = splitWords(column.name);
    const source = sources.find((a) => {
      const own = splitWords(a.column);
      return a.column !== column.name && (within(own, words) || within(words, own));
    });
    if (source === undefined) continue;
    out.push({
      column: column.name, from: source.path,
      reason: `${column.name} is NOT NULL, named like ${source.column} (${source.path}), and nothing else fills it: written as a copy of ${source.path}`,
      check: `confirm the application keeps ${column.name} equal to ${source.column} (it may store another form of it)`,
    });
  }
  return out;
}
