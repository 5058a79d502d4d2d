/**
 * A person kept in two halves, and which half the User resource belongs on. The table init finds
 * by its columns (a login, an email, names) may be the data half of a person whose identity lives
 * in another table: Drupal's `users_field_data` beside `users` (the generated `uid`), Guacamole's
 * `guacamole_user` beside `guacamole_entity` (what memberships point at). The resource then sits
 * on the identity half, joined to the data half: a key the database generates is needed to create
 * rows, and the members of a group are the ids memberships hold. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { GROUP_HEADS } from './groups.js';
import { columnNamed, isUniqueAlone, keyColumn, referencesFrom, type SchemaView } from './schema-view.js';
import { headWord } from './words.js';

/** The other half of `half`: the partner table and the columns that link them. */
export interface Partner {
  readonly table: DbTable;
  /** The partner's column the half points at (its key). */
  readonly column: string;
  /** The half's column holding it. */
  readonly halfColumn: string;
  readonly why: string;
}

/**
 * Whether a create can give the table's single key a value: the database fills it (serial,
 * identity, AUTO_INCREMENT, a default), or it is text the server generates (a UUID, a random key).
 * An integer key without either cannot be made up.
 */
function creatableKey(table: DbTable): boolean {
  const key = keyColumn(table);
  const column = key === undefined || table.primaryKey.length !== 1 ? undefined : columnNamed(table, key);
  return column !== undefined && (column.autoIncrement || column.hasDefault || column.kind !== 'integer');
}

/**
 * Tables `half` is one row of each: `half` points at them with a NOT NULL column unique in `half`
 * (`guacamole_user.entity_id`), or shares its key column's name as part of its own composite key
 * (`users_field_data` (uid, langcode) beside `users.uid`).
 */
export function partnerTables(view: SchemaView, half: DbTable): readonly Partner[] {
  const out: Partner[] = [];
  for (const ref of referencesFrom(view, half)) {
    const column = columnNamed(half, ref.column);
    const table = view.schema.tables.find((t) => t.name === ref.table);
    if (table === undefined || table.name === half.name || column?.nullable !== false || !isUniqueAlone(half, ref.column)) continue;
    out.push({ table, column: ref.refColumn, halfColumn: ref.column, why: `${half.name}.${ref.column} → ${table.name}.${ref.refColumn} is unique and NOT NULL: one ${half.name} row per ${table.name} row` });
  }
  if (half.primaryKey.length > 1) {
    for (const table of view.schema.tables) {
      const key = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
      if (table.name === half.name || key === undefined || !half.primaryKey.includes(key) || out.some((p) => p.table.name === table.name)) continue;
      out.push({ table, column: key, halfColumn: key, why: `${half.name}'s key (${half.primaryKey.join(', ')}) holds ${table.name}'s key ${key}: ${half.name} rows belong to ${table.name} rows` });
    }
  }
  return out;
}

/** A table linking rows of `table` to a table named like groups: memberships point at `table`'s ids. */
function membersPointAt(view: SchemaView, table: DbTable, half: DbTable): string | undefined {
  for (const m of view.schema.tables) {
    if (m.name === table.name || m.name === half.name) continue;
    const refs = referencesFrom(view, m);
    const member = refs.find((r) => r.table === table.name && !isUniqueAlone(m, r.column));
    const group = refs.find((r) => r !== member && (GROUP_HEADS[headWord(r.table, view.prefixes)] ?? 0) > 0);
    if (member !== undefined && group !== undefined) return `${m.name}.${member.column} holds ${table.name} ids as the members of ${group.table}`;
  }
  return undefined;
}

export interface IdentityRoot extends Partner {
  /** Why the resource belongs on the partner rather than on `half`. */
  readonly because: string;
}

/** The partner the User resource belongs on instead of `half`, if one is the person's identity. */
export function identityRoot(view: SchemaView, half: DbTable): IdentityRoot | undefined {
  for (const p of partnerTables(view, half)) {
    if (!creatableKey(half) && creatableKey(p.table)) return { ...p, because: `${p.table.name}'s key is generated and ${half.name} has none a create could get` };
    const members = membersPointAt(view, p.table, half);
    if (members !== undefined) return { ...p, because: members };
  }
  return undefined;
}
