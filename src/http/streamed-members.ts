/**
 * A group's members written as they are read (issue 13): a 100,000-member group is a 10 MB body,
 * and held whole — rows, elements, then the JSON text — it took 250 MiB. Here the group is
 * rendered without its members, its JSON is written up to the closing brace, and the members
 * follow a page at a time (keyset on the membership key, so a page is an index range), each page
 * projected as the whole list would be. Memory stays at one page whatever the group's size.
 *
 * Once the first bytes are out the status is 200: a database failure after that ends the
 * response early (the client sees a truncated body, never a wrong one).
 */
import { Readable } from 'node:stream';
import type { Context } from 'koa';
import type { MembershipRelation } from '../mapping/relations.js';
import { relationsOf, type ResourceMapping } from '../mapping/types.js';
import { projectResource, wantsAttribute, type Projection } from '../render/projection.js';
import type { ScimResource } from '../render/resource.js';
import type { Db } from '../sql/read.js';
import { readMembershipPage } from '../sql/relations.js';
import { SCIM_JSON } from './errors.js';
import type { Deps } from './handlers.js';

/** Members per query while streaming. */
export const MEMBER_PAGE = 1000;

/** The members relation a response streams: a group's members, when the projection shows them. */
export function streamedRelation(resource: ResourceMapping, projection: Projection): MembershipRelation | undefined {
  const members = relationsOf(resource).find((r): r is MembershipRelation => r.kind === 'membership' && r.name === 'members' && r.schema === resource.core.id);
  return members !== undefined && wantsAttribute(resource, members.schema, members.name, members.attribute.returned, projection) ? members : undefined;
}

/** A resource rendered without its members, and the key its members are read by. */
export interface StreamedResource { readonly projected: ScimResource; readonly key: unknown }

interface Stream { readonly deps: Deps; readonly db: Db; readonly resource: ResourceMapping; readonly relation: MembershipRelation; readonly projection: Projection; readonly baseUrl: string }

/** One resource's JSON, its members appended page by page. */
async function* resourceText(s: Stream, item: StreamedResource): AsyncGenerator<string> {
  const head = JSON.stringify(item.projected);
  yield head.slice(0, -1);
  let after: unknown;
  let opened = false;
  for (;;) {
    const page = await readMembershipPage(s.db, s.deps.dialect, s.deps.mapping, s.relation, item.key, after, MEMBER_PAGE, s.baseUrl);
    const shown = (projectResource(s.resource, { [s.relation.name]: page.elements }, s.projection)[s.relation.name] ?? []) as unknown[];
    if (shown.length > 0) {
      yield `${opened ? ',' : `,${JSON.stringify(s.relation.name)}:[`}${shown.map((e) => JSON.stringify(e)).join(',')}`;
      opened = true;
    }
    if (page.elements.length < MEMBER_PAGE) break;
    after = page.last;
  }
  yield opened ? ']}' : '}';
}

/** A ListResponse whose Resources stream their members (`header` holds everything before Resources). */
async function* listText(s: Stream, header: Record<string, unknown>, items: readonly StreamedResource[]): AsyncGenerator<string> {
  const head = JSON.stringify({ ...header, Resources: [] });
  yield head.slice(0, -2);
  for (const [i, item] of items.entries()) {
    if (i > 0) yield ',';
    yield* resourceText(s, item);
  }
  yield ']}';
}

function sendStream(ctx: Context, status: number, text: AsyncGenerator<string>): void {
  ctx.status = status;
  ctx.type = SCIM_JSON;
  ctx.body = Readable.from(text, { objectMode: false, highWaterMark: 64 * 1024 });
}

export function sendStreamedResource(ctx: Context, s: Stream, item: StreamedResource, status = 200): void {
  sendStream(ctx, status, resourceText(s, item));
}

export function sendStreamedList(ctx: Context, s: Stream, header: Record<string, unknown>, items: readonly StreamedResource[]): void {
  sendStream(ctx, 200, listText(s, header, items));
}
