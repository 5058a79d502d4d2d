/**
 * `check`'s warnings that need the data (issue 10 §3): Users served without a userName, a scope
 * that matches one row (a per-user key taken for a tenant), and several kinds of rows served as
 * one resource (bots, service accounts or groups beside the people). Read-only queries.
 */
import type { Knex } from 'knex';
import { findTable, type DbSchema } from '../mapping/db-schema.js';
import type { Mapping, ResourceMapping } from '../mapping/types.js';
import { countAll, countDistinct, countLive, countMissing, distinctLive } from '../sql/check-queries.js';
import type { Dialect } from '../sql/dialect.js';
import type { Warning } from './check-report.js';

/** Words of a column that tells kinds of rows apart (a discriminator or a non-person flag). */
const KIND_WORDS = new Set(['type', 'kind', 'category', 'discriminator', 'dtype']);
/** Words of a flag that marks rows that are not people (a system group is still a group, a system user is no person). */
const NOT_PEOPLE_WORDS = new Set(['bot', 'robot', 'service', 'system', 'machine', 'technical']);
const SKIP_WORDS = new Set(['mime', 'content', 'auth', 'provider', 'source', 'notification', 'editor', 'theme', 'bot_type']);

const words = (name: string): string[] => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');

function kindColumns(r: ResourceMapping, db: DbSchema): string[] {
  const table = findTable(db, r.table);
  const scoped = new Set(r.scope.filter((s) => s.column.table === undefined).map((s) => s.column.name));
  return (table?.columns ?? []).filter((c) => !scoped.has(c.name) && ['string', 'integer', 'boolean', 'other'].includes(c.kind)
    && words(c.name).some((w) => KIND_WORDS.has(w) || (r.name === 'User' && NOT_PEOPLE_WORDS.has(w))) && !words(c.name).some((w) => SKIP_WORDS.has(w)) && c.name !== r.id.column.name)
    .map((c) => c.name);
}

/** A scope column whose every value appears on one row only: a per-row key (a profile id), not a tenant. */
async function perRowScope(knex: Knex, r: ResourceMapping, total: number): Promise<boolean> {
  for (const s of r.scope.filter((c) => c.column.table === undefined && !c.negated)) {
    if ((await countDistinct(knex, r.table, s.column.name)) === total) return true;
  }
  return false;
}

async function resourceWarnings(knex: Knex, dialect: Dialect, r: ResourceMapping, db: DbSchema): Promise<Warning[]> {
  const out: Warning[] = [];
  const [live, total] = [await countLive(knex, dialect, r), await countAll(knex, r.table)];
  if (r.name === 'User' && live <= 1 && total > 1 && (await perRowScope(knex, r, total))) {
    out.push({ resource: r.name, message: `the scope (${r.scope.map((s) => s.column.name).join(', ')}) matches ${live} of the ${total} rows of ${r.table}: if ${r.scope.length > 1 ? 'one of these' : 'it'} is a per-row key (a profile or account id) rather than a tenant, remove it from scope` });
  }
  const userName = r.name === 'User' ? r.attributes.find((a) => a.name === 'userName') : undefined;
  if (userName !== undefined) {
    const missing = await countMissing(knex, dialect, r, userName.column);
    if (missing > 0) out.push({ resource: r.name, message: `${missing} of the ${live} Users have no userName (${userName.column.name} is NULL or empty): IdPs match users by userName; if these rows are not people, narrow scope to leave them out` });
  }
  for (const column of kindColumns(r, db)) {
    const values = await distinctLive(knex, dialect, r, column, 6);
    if (values.length > 1) {
      out.push({ resource: r.name, message: `${r.table}.${column} holds ${values.slice(0, 5).map((v) => JSON.stringify(v)).join(', ')}${values.length > 5 ? ', …' : ''} among the rows served as ${r.name}s: if some of these are not ${r.name === 'User' ? 'people' : `${r.name}s`} (bots, service accounts, groups), add the right value(s) to scope, e.g. scope: { ${column}: ${JSON.stringify(values[0])} }` });
    }
  }
  return out;
}

export async function dataWarnings(mapping: Mapping, knex: Knex, dialect: Dialect, db: DbSchema): Promise<Warning[]> {
  const out: Warning[] = [];
  for (const r of mapping.resources) out.push(...(await resourceWarnings(knex, dialect, r, db)));
  return out;
}
