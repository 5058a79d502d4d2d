/**
 * What a request is, for logs and metric labels, from a closed set so that label cardinality stays
 * bounded whatever clients send: the route pattern (`/Users/:id`, the router's own when it
 * matched), the resource type from the mapping (or `discovery`, `search`, `probe`, `metrics`,
 * `none`), and the method (or `OTHER`). Requests the router never saw (a 401, a 413) are classified
 * from the path the same way, so they are counted under their resource too.
 */
import type { Context } from 'koa';
import type { Mapping } from '../mapping/types.js';

export interface RequestLabels {
  readonly route: string;
  readonly resource: string;
  readonly method: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const DISCOVERY = ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/:name', '/Schemas', '/Schemas/:id'];

interface Pattern { readonly route: string; readonly resource: string; readonly match: (path: string) => boolean }

function pattern(route: string, resource: string): Pattern {
  const parts = route.split('/');
  const match = (path: string) => {
    const given = path.split('/');
    return given.length === parts.length && parts.every((p, i) => (p.startsWith(':') ? given[i] !== '' : p === given[i]));
  };
  return { route, resource, match };
}

/** The classifier for one app: `metricsPath` is where metrics are served on the main port, if they are. */
export function routeLabels(mapping: Mapping, metricsPath?: string): (ctx: Context) => RequestLabels {
  const base = mapping.server.basePath;
  const scim: Pattern[] = [
    ...mapping.resources.flatMap((r) => [
      pattern(r.endpoint, r.name), pattern(`${r.endpoint}/.search`, r.name), pattern(`${r.endpoint}/:id`, r.name),
    ]),
    pattern('/.search', 'search'),
    ...DISCOVERY.map((d) => pattern(d, 'discovery')),
  ];
  const byRoute = new Map(scim.map((p) => [p.route, p]));
  const outside = [pattern('/healthz', 'probe'), pattern('/readyz', 'probe'), ...(metricsPath ? [pattern(metricsPath, 'metrics')] : [])];
  return (ctx) => {
    const method = METHODS.has(ctx.method) ? ctx.method : 'OTHER';
    // @koa/router records the pattern it dispatched to (with the base path as its prefix).
    const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
    if (typeof matched === 'string' && matched.startsWith(base)) {
      const known = byRoute.get(matched.slice(base.length));
      if (known) return { route: known.route, resource: known.resource, method };
    }
    const found = outside.find((p) => p.match(ctx.path))
      ?? (ctx.path.startsWith(base) ? scim.find((p) => p.match(ctx.path.slice(base.length) || '/')) : undefined);
    return found ? { route: found.route, resource: found.resource, method } : { route: 'unmatched', resource: 'none', method };
  };
}
