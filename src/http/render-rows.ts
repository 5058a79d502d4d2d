/**
 * Rows → SCIM resources with their relations: one query per relation for the whole page (never one
 * per row), and only the relations the response will carry.
 */
import type { Context } from 'koa';
import type { Relation } from '../mapping/relations.js';
import { relationsOf, rowKey, type ResourceMapping } from '../mapping/types.js';
import { wantsAttribute, type Projection } from '../render/projection.js';
import { renderResource, type Row, type ScimResource } from '../render/resource.js';
import type { Db } from '../sql/read.js';
import { readDisplayNames, readRelations, type RelationValues } from '../sql/relations.js';
import { baseUrl, type Deps } from './handlers.js';

/** Which relations to read: those the projection wants ('response'), or the child tables a write diffs ('write'). */
export function relationsFor(resource: ResourceMapping, purpose: 'write' | Projection): Relation[] {
  return relationsOf(resource).filter((r) => (purpose === 'write'
    ? r.kind === 'children'
    : wantsAttribute(resource, r.schema, r.name, r.attribute.returned, purpose)));
}

function place(resource: ResourceMapping, out: ScimResource, relation: Relation, elements: readonly Record<string, unknown>[]): void {
  if (elements.length === 0) return;
  if (relation.schema === resource.core.id) {
    out[relation.name] = elements;
    return;
  }
  const ext = (out[relation.schema] ??= {}) as Record<string, unknown>;
  ext[relation.name] = elements;
  const schemas = out['schemas'] as string[];
  if (!schemas.includes(relation.schema)) schemas.push(relation.schema);
}

/** Full (unprojected) resources for `rows`, with the chosen relations read in one query each. */
export async function renderRows(db: Db, deps: Deps, ctx: Context, resource: ResourceMapping, rows: readonly Row[], relations: readonly Relation[]): Promise<ScimResource[]> {
  return renderRowsAt(db, deps, baseUrl(ctx, deps), resource, rows, relations);
}

/** renderRows under a known base URL (no request needed: the property tests render with it). */
export async function renderRowsAt(db: Db, deps: Pick<Deps, 'dialect' | 'mapping'>, base: string, resource: ResourceMapping,
  rows: readonly Row[], relations: readonly Relation[]): Promise<ScimResource[]> {
  const resources = rows.map((row) => renderResource(resource, row, { baseUrl: base }));
  await resolveReferences(db, deps, base, resource, rows, resources);
  if (relations.length === 0 || rows.length === 0) return resources;
  const keys = rows.map((row) => row[resource.id.column.name]);
  const values: RelationValues = await readRelations(db, deps.dialect, deps.mapping, relations, keys, base);
  rows.forEach((row, i) => {
    const own = values.get(String(row[resource.id.column.name]));
    const out = resources[i];
    if (!own || !out) return;
    for (const relation of relations) place(resource, out, relation, own.get(relation.name) ?? []);
    // meta stays last, as in the RFC's examples, after the attributes placed above.
    const { meta } = out;
    if (meta !== undefined) { delete out['meta']; out['meta'] = meta; }
  });
  return resources;
}

/**
 * manager.value holds a User id; RFC 7643 §4.3 also gives the manager's `$ref` and `displayName`
 * (readOnly). They are filled from the User resource in one query per page.
 */
async function resolveReferences(db: Db, deps: Pick<Deps, 'dialect' | 'mapping'>, base: string, resource: ResourceMapping,
  rows: readonly Row[], resources: ScimResource[]): Promise<void> {
  for (const attr of resource.attributes) {
    if (!attr.reference || attr.sub !== 'value') continue;
    const target = deps.mapping.resources.find((r) => r.id === attr.reference) ?? deps.mapping.resources.find((r) => r.name === 'User');
    if (!target) continue;
    const keys = rows.map((row) => row[rowKey(attr.column)]).filter((k) => k !== null && k !== undefined);
    const names = await readDisplayNames(db, deps.dialect, target, keys);
    rows.forEach((row, i) => {
      const key = row[rowKey(attr.column)];
      const container = attr.schema === resource.core.id ? resources[i] : resources[i]?.[attr.schema] as Record<string, unknown> | undefined;
      const manager = container?.[attr.name] as Record<string, unknown> | undefined;
      if (key === null || key === undefined || !manager) return;
      manager['$ref'] = `${base}${target.endpoint}/${encodeURIComponent(String(manager['value']))}`;
      const name = names.get(String(key));
      if (name !== undefined) manager['displayName'] = name;
    });
  }
}
