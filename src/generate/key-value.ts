/**
 * Key-value side tables (`usermeta`, `user_attribute`, `user_info_data`, `user_preferences`): an
 * owner column, a key column and a value column, many rows per user. The keys the sample shows are
 * read as words (`first_name`, `last_name`, `nickname`, `phone`) and become single-valued
 * attributes `{ table, key, where: { <key column>: <key> }, column: <value column> }` for paths
 * nothing else maps. Pure.
 */
import type { DbColumn, DbTable } from '../mapping/db-schema.js';
import { phrasesOf, USER_ENTRIES } from './dictionary.js';
import type { DraftAttribute, DraftOffer } from './draft.js';
import { ownerColumn } from './owner.js';
import { columnNamed, factsOf, isUniqueAlone, needsValue, referencesFrom, referenceStem, type SchemaView } from './schema-view.js';

const KEY_PHRASES = ['meta key', 'key', 'name', 'field', 'field name', 'attribute', 'attribute name', 'setting', 'setting name', 'property', 'option', 'option name', 'preference', 'pref key'];
const VALUE_PHRASES = ['meta value', 'value', 'data', 'val', 'content', 'setting value', 'field value', 'attribute value', 'option value', 'preference value'];

function byPhrases(table: DbTable, phrases: readonly string[], skip: ReadonlySet<string>): DbColumn | undefined {
  for (const p of phrases) {
    const c = table.columns.find((x) => !skip.has(x.name) && x.kind === 'string' && phrasesOf(x.name, new Set(['user', 'meta', 'pref'])).includes(p));
    if (c !== undefined) return c;
  }
  return undefined;
}

const DEFINITION_WORDS: ReadonlySet<string> = new Set(['field', 'attribute', 'key', 'setting', 'property', 'option', 'preference']);

/** A key that points at a definition table (`fieldid` → user_info_field): the rows are keyed by number. */
function definitionKey(table: DbTable, skip: ReadonlySet<string>): DbColumn | undefined {
  return table.columns.find((c) => !skip.has(c.name) && c.kind === 'integer' && (referenceStem(c.name) ?? []).some((w) => DEFINITION_WORDS.has(w)));
}

export interface KeyValueTable {
  readonly table: DbTable;
  readonly owner: string;
  readonly key: string;
  readonly value: string;
}

/** The key-value tables of `users`. */
export function keyValueTables(view: SchemaView, users: DbTable, skip: ReadonlySet<string>): readonly KeyValueTable[] {
  const out: KeyValueTable[] = [];
  for (const table of view.schema.tables) {
    if (table.name === users.name || skip.has(table.name)) continue;
    const owner = ownerColumn(view, table, users);
    if (owner === undefined || isUniqueAlone(table, owner.column.name)) continue;
    const used = new Set([owner.column.name]);
    const key = byPhrases(table, KEY_PHRASES, used) ?? definitionKey(table, used);
    // Only the key may point elsewhere (at its definition table): another reference makes a join table.
    if (key === undefined || referencesFrom(view, table).some((r) => r.table !== users.name && r.column !== key.name)) continue;
    used.add(key.name);
    const value = byPhrases(table, VALUE_PHRASES, used);
    if (value !== undefined) out.push({ table, owner: owner.column.name, key: key.name, value: value.name });
  }
  return out;
}

/** The sampled keys of a key-value table that name a SCIM path, best key per path. */
function keyedPaths(view: SchemaView, kv: KeyValueTable): ReadonlyMap<string, string> {
  const keys = (factsOf(view, kv.table.name, kv.key)?.values ?? []).map((v) => String(v.value ?? ''));
  const out = new Map<string, string>();
  for (const entry of USER_ENTRIES) {
    if (entry.path.startsWith('meta.') || !entry.kinds.includes('string')) continue;
    const ranked = keys.map((k) => ({ k, rank: entry.phrases.findIndex((p) => phrasesOf(k).includes(p)) })).filter((x) => x.rank >= 0).sort((a, b) => a.rank - b.rank);
    const best = ranked[0]?.k;
    if (best !== undefined && ![...out.values()].includes(best)) out.set(entry.path, best);
  }
  return out;
}

export interface KeyValueProposal {
  readonly attributes: readonly DraftAttribute[];
  readonly offered: readonly DraftOffer[];
  readonly notes: readonly string[];
}

/** Attributes from the sampled keys of each key-value table, for the paths not `taken`. */
export function proposeKeyValue(view: SchemaView, tables: readonly KeyValueTable[], taken: ReadonlySet<string>): KeyValueProposal {
  const attributes: DraftAttribute[] = [];
  const offered: DraftOffer[] = [];
  const notes: string[] = [];
  for (const kv of tables) {
    const blocking = kv.table.columns.filter((c) => needsValue(c) && ![kv.owner, kv.key, kv.value].includes(c.name) && !kv.table.primaryKey.includes(c.name));
    const paths = keyedPaths(view, kv);
    if (paths.size === 0 || columnNamed(kv.table, kv.key)?.kind !== 'string') {
      const why = columnNamed(kv.table, kv.key)?.kind === 'string' ? 'no sampled key names a SCIM attribute' : `its rows are keyed by a number (${kv.key}) whose meaning lives in another table`;
      notes.push(`key-value table ${kv.table.name} (${kv.owner}, ${kv.key} → ${kv.value}): ${why}; map one as { table: ${kv.table.name}, key: ${kv.owner}, where: { ${kv.key}: <key> }, column: ${kv.value} }`);
      continue;
    }
    for (const [path, key] of paths) {
      const attr: DraftAttribute = {
        path, column: kv.value, keyed: { table: kv.table.name, key: kv.owner, where: { [kv.key]: key } },
        reason: `key-value table ${kv.table.name}: the row whose ${kv.key} is ${key}`,
      };
      if (taken.has(path) || attributes.some((a) => a.path === path)) offered.push({ path, value: rawOf(attr), reason: `— another candidate for ${path} (keep one)` });
      else if (blocking.length > 0) offered.push({ path, value: rawOf(attr), reason: `— not mapped: ${kv.table.name}.${blocking.map((c) => c.name).join(', ')} NOT NULL without a default, which a key-value write cannot fill` });
      else attributes.push(attr);
    }
  }
  return { attributes, offered, notes };
}

/** The YAML value of a key-value attribute. */
export function rawOf(a: DraftAttribute): Readonly<Record<string, unknown>> {
  return a.keyed === undefined ? { column: a.column } : { table: a.keyed.table, key: a.keyed.key, where: a.keyed.where, column: a.column };
}
