/**
 * Attributes from the dictionary: for each SCIM path, the best-matching column not yet claimed by
 * another rule; integer timestamps as `epoch:`; the losing candidates kept so the YAML can offer
 * them under the path they could feed. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { matchingColumns } from './columns.js';
import { TIME, type PathEntry } from './dictionary.js';
import type { DraftAttribute } from './draft.js';
import { epochOf } from './epoch.js';
import { isTextTime } from './kind-defaults.js';
import { factsOf, type SchemaView } from './schema-view.js';

export interface Guessed {
  readonly attributes: readonly DraftAttribute[];
  /** column → another path it could feed (a losing candidate). */
  readonly alternatives: ReadonlyMap<string, string>;
}

export interface GuessOptions {
  /** Columns already used by other rules. */
  readonly skip: ReadonlySet<string>;
  /** Paths already mapped (by another rule or another table). */
  readonly taken: ReadonlySet<string>;
  /** `profiles.` for a joined side table's columns. */
  readonly qualifier?: string;
  /** Words the table puts before its own columns (default: the users table's). */
  readonly ownerWords?: ReadonlySet<string>;
}

/** The best column for each entry; a column feeds at most one path. */
export function guessAttributes(view: SchemaView, table: DbTable, entries: readonly PathEntry[], options: GuessOptions): Guessed {
  const attributes: DraftAttribute[] = [];
  const alternatives = new Map<string, string>();
  // A foreign key holds another table's keys, not what an IdP sends (`localeCode` → locales.code: "en-US" breaks the create);
  // a text column holding JSON documents (MariaDB's JSON is LONGTEXT) is structured data, not a timezone or a title.
  const used = new Set([...options.skip, ...table.foreignKeys.filter((f) => f.columns.length === 1).map((f) => f.columns[0] ?? ''),
    ...table.columns.filter((c) => holdsJson(view, table.name, c.name)).map((c) => c.name)]);
  // Timestamps some applications keep as ISO text (Wiki.js' createdAt varchar) match the time entries too.
  const timed: DbTable = { ...table, columns: table.columns.map((c) => (isTextTime(view, table.name, c) ? { ...c, kind: 'dateTime' as const } : c)) };
  for (const entry of entries) {
    const found = matchingColumns(entry.kinds === TIME ? timed : table, entry, used, options.ownerWords);
    if (found.length === 0) continue;
    if (options.taken.has(entry.path)) {
      for (const c of found) if (!alternatives.has(c.name)) alternatives.set(c.name, entry.path);
      continue;
    }
    const [best, ...others] = found;
    if (best === undefined) continue;
    used.add(best.name);
    for (const c of others) if (!alternatives.has(c.name)) alternatives.set(c.name, entry.path);
    const column = `${options.qualifier ?? ''}${best.name}`;
    const base = { path: entry.path, column, reason: `guessed from column name ${column}` };
    if (entry.kinds === TIME && best.kind === 'integer') {
      const epoch = epochOf(view, table.name, best);
      if (epoch === undefined) continue;
      attributes.push({ ...base, epoch: epoch.unit, reason: `${base.reason} (${epoch.why})`, ...(epoch.unsure ? { check: `${best.name} is an integer: confirm it holds Unix ${epoch.unit}` } : {}) });
    } else {
      attributes.push(base);
    }
  }
  for (const a of attributes) alternatives.delete(a.column);
  return { attributes, alternatives };
}

/** Whether every sampled value of a column is a JSON object or list. */
function holdsJson(view: SchemaView, table: string, column: string): boolean {
  const values = factsOf(view, table, column)?.values ?? [];
  return values.length > 0 && values.every((v) => typeof v.value === 'string' && /^\s*[[{]/.test(v.value) && isJson(v.value));
}

function isJson(text: string): boolean {
  try { JSON.parse(text); return true; } catch { return false; }
}
