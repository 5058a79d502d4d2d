/**
 * Which table holds the people: chosen by its columns, not its name — a login or email column,
 * name columns, a password, flags — so `xx_users`, `jos_users`, `user` (a reserved word),
 * `res_users` and `zerver_userprofile` are all found, and a child table with an email column
 * (`emails`, `email_address`) loses to the table it belongs to. `--users TABLE` overrides. Pure.
 */
import type { DbTable } from '../mapping/db-schema.js';
import { credentialColumns, isPassword } from './credentials.js';
import { USER_ENTRIES } from './dictionary.js';
import { emailColumn, hasColumnFor, loginColumn } from './columns.js';
import type { Candidate } from './draft.js';
import { keyColumn, referencesFrom, tableNamed, type SchemaView } from './schema-view.js';
import { headWord, splitWords } from './words.js';

const PERSON_HEADS: ReadonlySet<string> = new Set(['user', 'member', 'person', 'account', 'employee', 'staff', 'profile', 'userprofile', 'principal', 'login', 'identity', 'customer', 'contact']);
const STATE_WORDS: ReadonlySet<string> = new Set(['active', 'enabled', 'disabled', 'status', 'state', 'blocked', 'locked', 'suspended', 'login', 'visit', 'seen']);

interface Scored {
  readonly table: DbTable;
  readonly score: number;
  /** What counted, for messages: "login column login, email column email, password". */
  readonly evidence: readonly string[];
  readonly identity: boolean;
}

/** Points for what makes a table look like a table of people. */
function scoreTable(view: SchemaView, table: DbTable): Scored {
  const evidence: string[] = [];
  let score = 0;
  const add = (points: number, what: string): void => { score += points; evidence.push(what); };
  const login = loginColumn(table);
  const email = emailColumn(table);
  if (login !== undefined) add(4, `login column ${login.name}`);
  if (email !== undefined) add(3, `email column ${email.name}`);
  if (['name.givenName', 'name.familyName', 'displayName'].some((p) => hasColumnFor(table, USER_ENTRIES, p))) add(2, 'name columns');
  if (table.columns.some(isPassword) || credentialColumns(table.columns).length > 0) add(2, 'a password or credential');
  if (table.columns.some((c) => splitWords(c.name).some((w) => STATE_WORDS.has(w)))) add(1, 'status or login-time columns');
  if (PERSON_HEADS.has(headWord(table.name, view.prefixes))) add(2, 'named like people');
  if (table.columns.length >= 8) add(1, `${table.columns.length} columns`);
  if (keyColumn(table) === undefined) add(-2, 'no single-column key');
  return { table, score, evidence, identity: login !== undefined || email !== undefined };
}

/** Why a table with an identity column still is not the users table, if it is not. */
function rejection(view: SchemaView, scored: Scored, best: Scored | undefined): string | undefined {
  if (!scored.identity) return 'no login or email column';
  if (best === undefined || best.table.name === scored.table.name) return undefined;
  const parent = referencesFrom(view, scored.table).find((r) => r.table === best.table.name);
  if (parent !== undefined) return `a child of ${best.table.name} (${parent.column} → ${best.table.name}.${parent.refColumn})`;
  return `fewer signs of people than ${best.table.name} (${scored.score} vs ${best.score})`;
}

export type UsersChoice =
  | { readonly kind: 'chosen'; readonly table: DbTable; readonly reason: string; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'none'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'unknown'; readonly table: string };

/** The users table: `forced` (from --users) when given, else the best-scoring table with a login or email column. */
export function chooseUsersTable(view: SchemaView, forced?: string): UsersChoice {
  const scored = view.schema.tables.map((t) => scoreTable(view, t)).sort((a, b) => b.score - a.score || a.table.name.localeCompare(b.table.name));
  if (forced !== undefined) {
    const table = tableNamed(view, forced);
    return table === undefined ? { kind: 'unknown', table: forced } : { kind: 'chosen', table, reason: 'chosen with --users', candidates: [] };
  }
  const best = scored.find((s) => s.identity);
  const candidates = scored.filter((s) => s.score > 0 || s.identity).map((s) => ({
    table: s.table.name, score: s.score,
    why: rejection(view, s, best) ?? `chosen: ${s.evidence.join(', ')}`,
  }));
  if (best === undefined) return { kind: 'none', candidates: scored.map((s) => ({ table: s.table.name, score: s.score, why: `no login or email column${s.evidence.length > 0 ? ` (has ${s.evidence.join(', ')})` : ''}` })) };
  return { kind: 'chosen', table: best.table, reason: best.evidence.join(', '), candidates };
}
