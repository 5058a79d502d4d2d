/**
 * The mapping seen through the in-memory evaluator's eyes: an AttrResolver that answers with the
 * type and caseExact the mapping gives each path (a `type:` override or a `caseExact:` in the
 * config wins over the schema's default), so `matches()` compares values exactly as the SQL does.
 */
import { resolvePath } from '../mapping/resolve.js';
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
    const mapped = r.mapped[0];
    return {
      type: mapped?.type ?? leaf.type,
      caseExact: mapped?.characteristics.caseExact ?? leaf.caseExact,
      multiValued,
      schema: r.schema,
    };
  };
}
