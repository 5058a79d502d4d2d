/**
 * What `check` prints about a compiled mapping: the features it supports, derived from the same
 * discovery documents the server serves (/ServiceProviderConfig, /Schemas), and warnings about
 * the live tables (NOT NULL columns a SCIM create cannot fill). Pure.
 */
import type { DbSchema } from '../mapping/db-schema.js';
import { findTable } from '../mapping/db-schema.js';
import { joinsOf, type Mapping, type ResourceMapping } from '../mapping/types.js';
import { schemas, serviceProviderConfig } from '../render/discovery.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- discovery JSON

/** One resource's row of the support table. */
export interface ResourceSupport {
  readonly name: string;
  readonly endpoint: string;
  readonly table: string;
  readonly filterable: readonly string[];
  readonly sortable: readonly string[];
  readonly etag: boolean;
  readonly patch: boolean;
  readonly delete: string;
}

const SHORT_URN = /^urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User$/;

/** Attribute paths a schema document offers, skipping `returned: never` (they cannot be filtered). */
function paths(schema: Json): { path: string; singular: boolean }[] {
  const prefix = SHORT_URN.test(schema['id']) ? 'enterprise:' : schema['id'] === undefined || String(schema['id']).includes(':core:') ? '' : `${schema['id']}:`;
  return (schema['attributes'] as Json[]).filter((a) => a['returned'] !== 'never').flatMap((a) => {
    if (a['type'] !== 'complex') return [{ path: `${prefix}${a['name']}`, singular: !a['multiValued'] }];
    return (a['subAttributes'] as Json[] ?? []).filter((s) => s['returned'] !== 'never')
      .map((s) => ({ path: `${prefix}${a['name']}.${s['name']}`, singular: !a['multiValued'] }));
  });
}

/** The support table, read off the discovery documents (so it cannot disagree with them). */
export function supportOf(mapping: Mapping): ResourceSupport[] {
  const spc = serviceProviderConfig(mapping, '') as Json;
  const docs = schemas(mapping, '');
  return mapping.resources.map((r) => {
    const own = docs.filter((d) => d['id'] === r.core.id || r.extensions.some((e) => e.id === d['id']));
    const found = own.flatMap((d) => paths(d));
    const common = ['id', ...r.attributes.filter((a) => a.name === 'externalId' || a.maintained).map((a) => a.key)];
    return {
      name: r.name, endpoint: r.endpoint, table: r.table,
      filterable: spc['filter'].supported ? [...common, ...found.map((p) => p.path)] : [],
      sortable: spc['sort'].supported ? [...common.slice(1), ...found.filter((p) => p.singular).map((p) => p.path)] : [],
      etag: spc['etag'].supported === true,
      patch: spc['patch'].supported === true,
      delete: describeDelete(r),
    };
  });
}

function describeDelete(r: ResourceMapping): string {
  switch (r.delete.mode) {
    case 'hard': return 'hard (DELETE removes the row)';
    case 'forbid': return 'forbid (DELETE answers 403; deactivate instead)';
    case 'soft': return `soft (DELETE sets ${r.delete.column.name}; the resource then reads as 404)`;
  }
}

/** The table as text: one block per resource. */
export function formatSupport(mapping: Mapping, support: readonly ResourceSupport[]): string {
  const lines = ['what this mapping supports (the same facts /ServiceProviderConfig and /Schemas serve):'];
  for (const s of support) {
    lines.push(`  ${s.name} (${s.endpoint} ← table ${s.table})`,
      `    filter:  ${s.filterable.join(', ')}  (all RFC 7644 operators; at most ${mapping.server.maxResults} results a page)`,
      `    sort:    ${s.sortable.join(', ')}`,
      `    etags:   ${s.etag ? 'yes (meta.version, If-Match / If-None-Match)' : 'no'}`,
      `    patch:   ${s.patch ? 'yes (add / remove / replace, Okta and Entra spellings)' : 'no'}`,
      `    delete:  ${s.delete}`);
  }
  if (!mapping.resources.some((r) => r.name === 'Group')) lines.push('  groups:  no Group resource is mapped (group push from an IdP will fail)');
  return `${lines.join('\n')}\n`;
}

/** A live-table problem that does not stop the server but will fail some IdP requests. */
export interface Warning { readonly resource: string; readonly message: string }

/** NOT NULL columns without a default that no attribute, scope, id or `defaults:` entry fills: every POST fails. */
export function tableWarnings(mapping: Mapping, db: DbSchema): Warning[] {
  const out: Warning[] = [];
  for (const r of mapping.resources) {
    const table = findTable(db, r.table);
    if (table === undefined) continue;
    const own = (c: { name: string; table?: string }) => (c.table === undefined ? [c.name] : []);
    const written = new Set([r.id.column.name, ...r.attributes.flatMap((a) => [...own(a.column), ...(a.also ?? []).flatMap((c) => own(c.column))]),
      ...r.scope.filter((s) => s.write !== undefined).flatMap((s) => own(s.column)), ...(r.derived ?? []).flatMap((d) => own(d.column)),
      ...joinsOf(r).filter((j) => j.sideFirst).map((j) => j.own.name),
      ...(r.delete.mode === 'soft' ? [r.delete.column.name] : []), ...(r.insertDefaults ?? []).flatMap((d) => own(d.column))]);
    const uncovered = table.columns.filter((c) => !c.nullable && !c.hasDefault && !c.autoIncrement && !c.generated && !written.has(c.name)).map((c) => c.name);
    if (uncovered.length > 0) {
      out.push({ resource: r.name, message: `POST ${r.endpoint} will fail: ${uncovered.map((c) => `${r.table}.${c}`).join(', ')} ${uncovered.length > 1 ? 'are' : 'is'} NOT NULL without a database default and no mapped attribute fills ${uncovered.length > 1 ? 'them' : 'it'}; give ${uncovered.length > 1 ? 'them' : 'it'} a default in the database or under defaults:, or map ${uncovered.length > 1 ? 'them' : 'it'}` });
    }
  }
  return out;
}
