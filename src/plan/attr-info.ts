/**
 * The mapping seen through the in-memory evaluator's eyes: an AttrResolver that answers with the
 * type and caseExact the mapping gives each path (a `type:` override or a `caseExact:` in the
 * config wins over the schema's default), so `matches()` compares values exactly as the SQL does.
 * Attributes in other tables answer from their relation: a child table's field characteristics,
 * and for membership the id semantics of relation-predicate.ts (`value` compares ids exactly).
 */
import { resolvePath } from '../mapping/resolve.js';
import type { SchemaAttribute } from '../mapping/core-schemas.js';
import type { Relation } from '../mapping/relations.js';
import type { ResourceMapping } from '../mapping/types.js';
import type { AttrInfo, AttrResolver } from '../scim/filter/evaluate.js';

const ID_INFO: AttrInfo = { type: 'string', caseExact: true, multiValued: false };

/** An AttrResolver over `resource`'s schemas; undefined for paths the resource does not have. */
export function attrResolver(resource: ResourceMapping): AttrResolver {
  return (path, parent) => {
    const r = resolvePath(resource, path, parent);
    if (!r) return undefined;
    if (r.kind !== 'attribute') return { ...ID_INFO, schema: resource.core.id };
    const leaf = r.sub ?? r.attribute;
    const multiValued = r.attribute.multiValued && r.sub === undefined;
    if (leaf.type === 'complex') return { type: 'complex', caseExact: false, multiValued, schema: r.schema };
    if (r.relation && r.sub) return { ...relationField(r.relation, r.sub), multiValued, schema: r.schema };
    const mapped = r.mapped[0];
    return {
      type: mapped?.type ?? leaf.type,
      caseExact: mapped?.characteristics.caseExact ?? leaf.caseExact,
      multiValued,
      schema: r.schema,
    };
  };
}

/** How a sub-attribute held in another table compares (see plan/relation-predicate.ts fieldOf). */
function relationField(relation: Relation, sub: SchemaAttribute): Pick<AttrInfo, 'type' | 'caseExact'> {
  if (relation.kind === 'membership') {
    // `value` is an id, compared exactly; `type` is a constant, compared case-insensitively.
    if (sub.name === 'value') return { type: 'string', caseExact: true };
    if (sub.name === 'type') return { type: 'string', caseExact: false };
    return { type: sub.type, caseExact: sub.caseExact };
  }
  const field = relation.fields.find((f) => f.sub === sub.name);
  return field ? { type: field.def.type, caseExact: field.characteristics.caseExact } : { type: sub.type, caseExact: sub.caseExact };
}
