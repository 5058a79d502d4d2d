/**
 * RFC 9865 cursors: opaque, tamper-evident, keyset-based. A cursor carries the last row's sort
 * key and id (so the next page is `WHERE (sortKey, id) > (last values)`, as cheap as page 1), a
 * digest of the query it belongs to (filter, sortBy, sortOrder), and the time it was issued; it is
 * signed with HMAC-SHA256 under a key derived from the configured credentials and the resource
 * name, so every server instance with the same config accepts the cursors of the others and
 * nobody without the credentials can forge or alter one.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ScimError } from '../errors.js';
import type { AuthSettings } from '../mapping/types.js';

/** Cursors older than this are `expiredCursor` (advertised as pagination.cursorTimeout). */
export const CURSOR_TIMEOUT_SECONDS = 24 * 60 * 60;

/** A key value as JSON can carry it; dates travel as `{ d: iso }` and come back as Date. */
export type KeyValue = string | number | boolean | null | Date;

export interface CursorPosition {
  /** The sort column's value in the last row served (absent when sorting by id only). */
  readonly sort?: KeyValue;
  /** The id column's value in the last row served. */
  readonly id: KeyValue;
  /**
   * How many rows the walk had served up to this one, so the next page knows where it stands: a
   * short page then proves the total without a COUNT (plan/page-total.ts).
   */
  readonly served?: number;
}

interface Payload { readonly v: 1; readonly q: string; readonly t: number; readonly s?: unknown; readonly i: unknown; readonly n?: number }

/**
 * The HMAC key of a resource type's cursors: derived from every configured credential (instances
 * with the same config agree) and, with tenants, the caller's tenant — a cursor minted for one
 * tenant does not verify for another.
 */
export function cursorKey(auth: AuthSettings, resourceName: string, tenant?: string | number): Buffer {
  const secrets = [...auth.bearer, ...auth.basic.map((b) => `${b.username}:${b.password}`),
    ...(auth.tenants ?? []).map((t) => t.bearerSha256 ?? `${t.basic?.username}:${t.basic?.passwordSha256}`)].sort();
  const table = auth.credentialsTable ? [auth.credentialsTable.table, auth.credentialsTable.hash] : [];
  return createHash('sha256').update(JSON.stringify(['scim-bridge cursor v1', resourceName, secrets, table, tenant === undefined ? null : [typeof tenant, String(tenant)]])).digest();
}

/** A digest of what defines the result order and set; a cursor only continues the query it came from. */
export function queryDigest(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

const toJson = (v: KeyValue | undefined): unknown => (v instanceof Date ? { d: v.toISOString() } : v);
const fromJson = (v: unknown): KeyValue => (typeof v === 'object' && v !== null && typeof (v as { d?: unknown }).d === 'string' ? new Date((v as { d: string }).d) : v as KeyValue);

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

/** Encodes a position as `<payload>.<mac>` (base64url; opaque to clients). */
export function encodeCursor(key: Buffer, query: string, position: CursorPosition, now = Date.now()): string {
  const payload: Payload = {
    v: 1, q: query, t: Math.floor(now / 1000), i: toJson(position.id),
    ...('sort' in position ? { s: toJson(position.sort) } : {}), ...(position.served !== undefined ? { n: position.served } : {}),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(key, body)}`;
}

const invalid = () => ScimError.of('invalidCursor', 'The cursor is not valid for this query: it was altered, issued by another server or resource type, or belongs to a different filter or sort order. Start again with cursor= (empty).');

/** Decodes and verifies a cursor; a tampered, foreign or mismatched one is 400 invalidCursor. */
export function decodeCursor(key: Buffer, query: string, text: string, now = Date.now()): CursorPosition {
  const [body, mac, extra] = text.split('.');
  if (body === undefined || mac === undefined || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  if (payload.v !== 1 || payload.q !== query) throw invalid();
  if (Math.floor(now / 1000) - payload.t > CURSOR_TIMEOUT_SECONDS) {
    throw ScimError.of('expiredCursor', `The cursor expired (cursors last ${CURSOR_TIMEOUT_SECONDS} seconds); start again with cursor= (empty).`);
  }
  const served = Number.isSafeInteger(payload.n) && (payload.n as number) >= 0 ? { served: payload.n as number } : {};
  return { id: fromJson(payload.i), ...('s' in payload ? { sort: fromJson(payload.s) } : {}), ...served };
}
