/**
 * Fuzz (issue 11): fast-check sends random requests to a running server on each dialect — every
 * endpoint and method, random paths and ids (out of range, percent-garbage), query strings
 * (filters with long values, NUL, huge numbers, repeated parameters), headers (charsets, broken
 * Content-Types, forged Host and X-Forwarded-*, wrong credentials) and bodies (deep, long, wide,
 * NUL, unpaired surrogates, invalid UTF-8 bytes, attribute names twice in different case, random
 * SCIM resources and PATCH operations) — and requires 0 responses ≥ 500, no unhandled rejection,
 * and a server still answering at the end. FC_RUNS sets the cases per dialect (default 300, kept
 * short for `npm test`); FC_SEED replays a run.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer } from '../helpers/server.js';
import { rawRequest } from '../helpers/raw-request.js';
import { LIMITS_YAML, createLimitsApp } from '../fixtures/app-limits.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 300);
const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : undefined;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Percent-encodes the UTF-8 bytes (encodeURIComponent throws on an unpaired surrogate). */
const pct = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');

const NAMES = ['userName', 'displayName', 'title', 'userType', 'nickName', 'name', 'name.givenName', 'phoneNumbers', 'emails', 'groups', 'members',
  'id', 'externalId', 'meta', 'active', `${ENTERPRISE}:manager`, `${ENTERPRISE}:employeeNumber`, ENTERPRISE, 'schemas', 'value', 'type', 'nosuch'];

/** Strings that stress columns and parsers. */
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '😀'.repeat(30), 'user-99999999999', 'user-1', 'user-2', 'group-1', 'group-99999999999',
    '99999999999999999999', '-1', '', ' ', 'staff', 'boss', '2024-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '%00', '\\', '"'),
  fc.integer({ min: 1, max: 5000 }).map((n) => 'x'.repeat(n)),
);

const scalar = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 99999999999));

/** Attribute names in random case (RFC 7643 §2.1: they are case-insensitive). */
const attrName = fc.tuple(fc.constantFrom(...NAMES), fc.boolean()).map(([n, upper]) => (upper ? n.toUpperCase() : n));

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(attrName, tie('v'), { maxKeys: 4 })),
})).v;

const resource = fc.dictionary(attrName, value, { maxKeys: 8 }).map((r) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...r }));

const pathText = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom('emails[type eq "work"].value', 'phoneNumbers[value eq "\\u0000"]', 'members[value eq "user-99999999999"]',
  'name.givenName', `${ENTERPRISE}:manager.value`, 'emails[type eq', '[]', 'a.b.c', 'phoneNumbers[type eq "work"].value'), nasty);

const operation = fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'Add', 'jump', ''), path: fc.option(pathText, { nil: undefined }), value: fc.option(value, { nil: undefined }) }, { requiredKeys: ['op'] });

const patchBody = fc.record({ schemas: fc.constant([PATCH_URN]), Operations: fc.array(operation, { maxLength: 6 }) });

const filterText = fc.oneof(
  fc.tuple(fc.constantFrom(...NAMES, 'emails.value', 'phoneNumbers.value', 'members.value', 'groups.value', 'meta.created', 'emails[type eq "work"].value'),
    fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'),
    fc.oneof(nasty.map((s) => JSON.stringify(s)), fc.constantFrom('99999999999', '-99999999999', '1e308', 'true', 'null', '"\\u0000"', '1.5')))
    .map(([a, op, v]) => (op === 'pr' ? `${a} pr` : `${a} ${op} ${v}`)),
  fc.integer({ min: 1, max: 200 }).map((n) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`),
  nasty,
);

const refId = fc.constantFrom('user-1', 'user-2', 'user-3', 'user-99999999999', 'user-424242', 'group-1', 'x', '', 'user-1.5', 'user--1');

/** Bodies right in shape with one odd value, so the writes reach the database. */
const plausibleUser = fc.record({
  schemas: fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']),
  userName: fc.oneof(fc.uuid().map((u) => `${u}@example.com`), nasty),
  displayName: nasty, title: nasty, nickName: nasty, userType: fc.oneof(fc.constantFrom('staff', 'contractor'), nasty),
  name: fc.record({ givenName: nasty }),
  phoneNumbers: fc.array(fc.record({ value: nasty, type: nasty }), { maxLength: 3 }),
  emails: fc.array(fc.record({ value: nasty, type: fc.constantFrom('work', 'home', 'other') }), { maxLength: 2 }),
  [ENTERPRISE]: fc.record({ employeeNumber: fc.oneof(nasty, fc.constantFrom('7', '2147483648', '-2147483649')), manager: fc.record({ value: refId }) }),
}, { requiredKeys: ['schemas', 'userName'] });

const plausibleGroup = fc.record({ schemas: fc.constant(['urn:ietf:params:scim:schemas:core:2.0:Group']), displayName: nasty, members: fc.array(fc.record({ value: refId }), { maxLength: 3 }) });

const plausiblePatch = fc.record({
  schemas: fc.constant([PATCH_URN]),
  Operations: fc.array(fc.record({
    op: fc.constantFrom('add', 'replace', 'remove'),
    path: fc.constantFrom('title', 'nickName', 'name.givenName', 'userType', 'phoneNumbers', 'emails', 'members', 'displayName', `${ENTERPRISE}:manager.value`,
      `${ENTERPRISE}:employeeNumber`, ENTERPRISE, 'phoneNumbers[type eq "work"].value', 'emails[type eq "work"].value', 'members[value eq "user-99999999999"]'),
    value: fc.oneof(nasty, fc.array(fc.record({ value: fc.oneof(refId, nasty), type: nasty }), { maxLength: 2 }), fc.record({ value: refId })),
  }), { minLength: 1, maxLength: 4 }),
});

/** Raw body bytes: JSON of the shapes above, or text that is not quite JSON. */
const body: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(plausibleUser, plausibleGroup, plausiblePatch).map((b) => Buffer.from(JSON.stringify(b))) },
  resource.map((r) => Buffer.from(JSON.stringify(r))),
  patchBody.map((p) => Buffer.from(JSON.stringify(p))),
  fc.integer({ min: 1, max: 6000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc.integer({ min: 1, max: 6000 }).map((n) => Buffer.from(`{"userName":"d","title":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`)),
  fc.integer({ min: 1, max: 20000 }).map((n) => Buffer.from(JSON.stringify({ schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'members', value: Array.from({ length: n }, (_, i) => ({ value: `user-${i}` })) }] }))),
  fc.tuple(attrName, nasty, nasty).map(([k, a, b]) => Buffer.from(`{"${k}":${JSON.stringify(a)},"${k.toUpperCase()}":${JSON.stringify(b)},"userName":"u"}`)),
  fc.tuple(resource, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([r, junk]) => {
    const text = Buffer.from(JSON.stringify(r));
    const at = Math.floor(text.length / 2);
    return Buffer.concat([text.subarray(0, at), Buffer.from(junk), text.subarray(at)]);
  }),
  resource.map((r) => Buffer.from(JSON.stringify(r), 'utf16le')),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.alloc(0)),
);

const id = fc.oneof(fc.constantFrom('user-1', 'user-2', 'user-99999999999', 'group-1', 'group-99999999999', 'user-', '%ZZ', '%00', '..', 'user-1%00', 'user-1.0', '%E0%A4%A', 'user-%F0%9F%98%80'), fc.string({ maxLength: 20 }).map(pct));

const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('/Users', '/Users/.search', '/Groups', '/Groups/.search', '/.search', '/Users/user-1', '/Groups/group-1') },
  { weight: 1, arbitrary: fc.constantFrom('/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/User', '/Schemas', `/Schemas/${ENTERPRISE}`, '/Me', '/Bulk', '/') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/Users/', '/Groups/', '/ResourceTypes/', '/Schemas/'), id).map(([p, i]) => `${p}${i}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `/${s.replace(/[?#]/g, '')}`) },
);

const queryParam = fc.tuple(fc.constantFrom('filter', 'attributes', 'excludedAttributes', 'sortBy', 'sortOrder', 'startIndex', 'count', 'cursor', 'x'),
  fc.oneof(filterText, fc.constantFrom('-1', '0', '99999999999999999999', 'NaN', 'descending', 'userName,,', 'emails.value'), nasty))
  .map(([k, v]) => `${k}=${pct(v)}`);

const query = fc.oneof(fc.constant(''), fc.array(queryParam, { minLength: 1, maxLength: 4 }).map((ps) => `?${ps.join('&')}`), fc.constantFrom('?filter=%ZZ', '?filter=%00', '?count=1&count=2', '?attributes'));

/** Mostly what a real client sends, so most cases reach the handlers; sometimes not. */
const mostly = <T>(usual: T, odd: readonly T[]): fc.Arbitrary<T> => fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

const headers = fc.record({
  'content-type': mostly('application/scim+json', ['application/json', 'application/scim+json; charset=utf-8', 'application/scim+json; charset=utf-16',
    'application/json; charset=utf-16le', 'application/json; charset=iso-8859-1', 'application/json; charset="', 'text/plain', 'application/x-www-form-urlencoded', ';;;', '']),
  authorization: mostly(`Bearer ${TOKEN}`, ['Bearer wrong', 'Basic !!!', 'Basic Og==', '']),
  'if-match': mostly('', ['*', 'W/"x"', '"', 'garbage']),
  'x-forwarded-host': fc.constantFrom('', 'evil.example', '[::1'),
  'x-forwarded-proto': fc.constantFrom('', 'https', 'gopher'),
}).map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '')) as Record<string, string>);

interface FuzzRequest { method: string; path: string; query: string; headers: Record<string, string>; body: Buffer | undefined }

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Anything at all. */
const anyRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  path, query, headers,
  body: fc.option(body, { nil: undefined, freq: 4 }),
});

/** A request an IdP could send, with odd values in it: these reach the handlers and the database. */
const plausibleRequest: fc.Arbitrary<FuzzRequest> = fc.tuple(fc.oneof(
  plausibleUser.map((b) => ['POST', '/Users', json(b)] as const),
  fc.tuple(refId, plausibleUser).map(([i, b]) => ['PUT', `/Users/${pct(i)}`, json(b)] as const),
  fc.tuple(fc.constantFrom('user-1', 'user-2', 'user-3'), plausiblePatch).map(([i, b]) => ['PATCH', `/Users/${i}`, json(b)] as const),
  plausibleGroup.map((b) => ['POST', '/Groups', json(b)] as const),
  plausiblePatch.map((b) => ['PATCH', '/Groups/group-1', json(b)] as const),
  fc.tuple(fc.constantFrom('/Users', '/Groups'), filterText).map(([p, f]) => ['GET', `${p}?filter=${pct(f)}`, undefined] as const),
  fc.tuple(fc.constantFrom('/.search', '/Users/.search', '/Groups/.search'), filterText).map(([p, f]) => ['POST', p, json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: f })] as const),
  fc.tuple(fc.constantFrom('/.search', '/Users/.search'), fc.dictionary(fc.constantFrom('filter', 'startIndex', 'count', 'sortBy', 'sortOrder', 'attributes', 'excludedAttributes', 'cursor', 'schemas'),
    fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), filterText), { maxKeys: 4 })).map(([p, b]) => ['POST', p, json(b)] as const),
  refId.map((i) => ['DELETE', `/Users/${pct(i)}`, undefined] as const),
), headers).map(([[method, target, b], h]) => ({ method, path: target, query: '', headers: h, body: b }));

const request = fc.oneof({ weight: 2, arbitrary: plausibleRequest }, { weight: 1, arbitrary: anyRequest });

for (const dialect of DIALECTS) {
  describe(`${dialect}: fuzz`, () => {
    test(`${RUNS} random requests: no 5xx, no unhandled rejection, the server stays up`, { timeout: 600_000 }, async (t) => {
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => { rejections.push(reason); };
      process.on('unhandledRejection', onRejection);
      const statuses = new Map<number, number>();
      try {
        await withServer(dialect, createLimitsApp, LIMITS_YAML, async (h) => {
          await fc.assert(fc.asyncProperty(request, async (r) => {
            const res = await rawRequest(`${h.url}${r.path}${r.query}`, r.method, r.headers, r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            assert.ok(res.status < 500, `${r.method} ${r.path}${r.query} → ${res.status}: ${res.text.slice(0, 300)}`);
          }), { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) });
          const health = await rawRequest(`${h.url.replace(/\/scim\/v2$/, '')}/healthz`, 'GET', {});
          assert.equal(health.status, 200, 'the server still answers');
          assert.equal((await h.request('GET', '/Users')).status, 200, 'and still serves SCIM');
        });
      } finally {
        process.off('unhandledRejection', onRejection);
      }
      const shown = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
      t.diagnostic(`${dialect}: ${RUNS} cases, statuses ${shown}, 5xx: ${[...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0)}`);
      assert.deepEqual(rejections, []);
    });
  });
}
