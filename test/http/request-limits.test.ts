/**
 * What a body may be (issue 11 items 2, 5, 6): nesting, array lengths and sizes within
 * `server.limits` (a SCIM 400 or 413 that states the limit, never a stack overflow), attribute
 * names twice in different case, charsets and invalid UTF-8; locations from `server.publicUrl`,
 * never from Host, and X-Forwarded-* only with `server.trustProxy`; failed authentication limited
 * per address (429 with Retry-After) while valid credentials are always served.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { TOKEN, withServer, type Harness } from '../helpers/server.js';
import { rawRequest } from '../helpers/raw-request.js';
import { createAppUsers, oktaUser, usersYaml } from '../fixtures/app-users.js';

const JSON_HEADERS = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };

async function seed(knex: Knex): Promise<void> {
  await createAppUsers(knex);
}

async function count(h: Harness): Promise<number> {
  return Number(((await h.db.knex('app_users').count({ n: '*' })) as { n: unknown }[])[0]?.n);
}

describe('sqlite: request bodies within their limits', () => {
  test('a 5,000-deep body, deep attribute values and long arrays are 400s that state the limit', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      for (const body of [deep, JSON.stringify({ ...oktaUser('d@example.com'), title: 'x' }).replace('"x"', deep), `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`]) {
        const r = await h.request('POST', '/Users', body);
        assert.equal(r.status, 400, r.text.slice(0, 300));
        assert.equal(r.body.scimType, 'invalidSyntax');
        assert.match(r.body.detail, /nested more than 32 levels deep \(server\.limits\.maxDepth\)/);
      }
      const patch = await h.request('PATCH', '/Users/user-1', `{"Operations":[{"op":"add","value":${deep}}]}`);
      assert.equal(patch.status, 400, patch.text.slice(0, 300));
      const wide = await h.request('POST', '/Users', oktaUser('w@example.com', { emails: Array.from({ length: 6 }, (_, i) => ({ value: `w${i}@example.com` })) }));
      assert.equal(wide.status, 400, wide.text);
      assert.match(wide.body.detail, /"emails" has 6 elements; the limit is 5 \(server\.limits\.maxArrayLength\)/);
      const big = await h.request('POST', '/Users', { ...oktaUser('big@example.com'), displayName: 'x'.repeat(2_000_000) });
      assert.equal(big.status, 413);
      assert.match(big.body.detail, /too large: the limit is 1048576 bytes \(server\.bodyLimit\)/);
      assert.equal(await count(h), 0);
      assert.equal((await h.request('GET', '/Users')).status, 200, 'the server is still up');
    }, { extraYaml: 'server:\n  limits: { maxArrayLength: 5 }' });
  });

  test('one attribute named twice in different case is 400 invalidSyntax (RFC 7643 §2.1), at any level', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const twice = await h.request('POST', '/Users', '{"userName":"a@example.com","USERNAME":"b@example.com"}');
      assert.equal(twice.status, 400, twice.text);
      assert.equal(twice.body.scimType, 'invalidSyntax');
      assert.match(twice.body.detail, /"userName" and "USERNAME".*case-insensitive/);
      const nested = await h.request('POST', '/Users', '{"userName":"a@example.com","name":{"givenName":"A","givenname":"B"}}');
      assert.equal(nested.status, 400, nested.text);
      assert.match(nested.body.detail, /"name" names one attribute twice: "givenName" and "givenname"/);
      assert.equal(await count(h), 0);
    });
  });

  test('UTF-16 bodies are decoded as UTF-16; other charsets are 415; invalid UTF-8 is a 400 and nothing is stored', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const text = JSON.stringify(oktaUser('zoë@example.com', { displayName: 'Zoë 😀' }));
      const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
      const be = Buffer.from(Buffer.from(text, 'utf16le')).swap16();
      const created = await rawRequest(`${h.url}/Users`, 'POST', { ...JSON_HEADERS, 'content-type': 'application/scim+json; charset=utf-16' }, le);
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.displayName, 'Zoë 😀');
      const bigEndian = await rawRequest(`${h.url}/Users`, 'POST', { ...JSON_HEADERS, 'content-type': 'application/json; charset=UTF-16BE' }, be);
      assert.equal(bigEndian.status, 409, `the same user again, read right: ${bigEndian.text}`);
      const latin = await rawRequest(`${h.url}/Users`, 'POST', { ...JSON_HEADERS, 'content-type': 'application/scim+json; charset=iso-8859-1' }, Buffer.from(text, 'latin1'));
      assert.equal(latin.status, 415, latin.text);
      assert.match(latin.body.detail, /charset "iso-8859-1" is not supported/);
      const invalid = Buffer.concat([Buffer.from('{"userName":"bad'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('@example.com"}')]);
      const refused = await rawRequest(`${h.url}/Users`, 'POST', JSON_HEADERS, invalid);
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.scimType, 'invalidSyntax');
      assert.match(refused.body.detail, /not valid UTF-8/);
      const stored = await h.db.knex('app_users').select('email');
      assert.deepEqual(stored.map((r) => r.email), ['zoë@example.com']);
      assert.ok(!JSON.stringify(stored).includes('\uFFFD'));
    });
  });
});

describe('sqlite: locations and the forwarded headers', () => {
  test('without publicUrl or trustProxy, Host and X-Forwarded-* are ignored', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const forged = { ...JSON_HEADERS, host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
      const created = await rawRequest(`${h.url}/Users`, 'POST', forged, JSON.stringify(oktaUser('h@example.com')));
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers['location'], `${h.url}/Users/${created.body.id}`);
      assert.equal(created.body.meta.location, created.headers['location']);
      const config = await rawRequest(`${h.url}/ServiceProviderConfig`, 'GET', forged);
      assert.doesNotMatch(config.text, /evil/);
    });
  });

  test('publicUrl is the base of every location; trustProxy honours X-Forwarded-Proto and X-Forwarded-Host', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const created = await rawRequest(`${h.url}/Users`, 'POST', { ...JSON_HEADERS, host: 'evil.example' }, JSON.stringify(oktaUser('p@example.com')));
      assert.equal(created.headers['location'], `https://scim.example.com/scim/v2/Users/${created.body.id}`);
      const schemas = await h.request('GET', '/Schemas');
      assert.match(schemas.body.Resources[0].meta.location, /^https:\/\/scim\.example\.com\/scim\/v2\/Schemas\//);
    }, { extraYaml: 'server:\n  publicUrl: https://scim.example.com/scim/v2/' });
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const created = await rawRequest(`${h.url}/Users`, 'POST', { ...JSON_HEADERS, 'x-forwarded-host': 'proxy.example', 'x-forwarded-proto': 'https' }, JSON.stringify(oktaUser('t@example.com')));
      assert.equal(created.headers['location'], `https://proxy.example/scim/v2/Users/${created.body.id}`);
    }, { extraYaml: 'server:\n  trustProxy: true' });
  });
});

describe('sqlite: failed authentication is rate-limited per address', () => {
  test('past the budget wrong credentials get 429 with Retry-After; valid ones are always served', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const wrong = () => h.request('GET', '/Users', undefined, { authorization: 'Bearer wrong-token-0123456789' });
      for (let i = 0; i < 3; i++) assert.equal((await wrong()).status, 401);
      const limited = await wrong();
      assert.equal(limited.status, 429, limited.text);
      assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
      assert.ok(Number(limited.headers.get('retry-after')) <= 60);
      assert.match(limited.body.detail, /at most 3 in 60 s \(auth\.rateLimit\)/);
      assert.equal((await h.request('GET', '/Users', undefined, { authorization: '' })).status, 429, 'no credentials count as a failure too');
      assert.equal((await h.request('GET', '/Users')).status, 200, 'the right token is never limited');
    }, { authYaml: `auth:\n  bearer: [ "${TOKEN}" ]\n  rateLimit: { failures: 3, windowSeconds: 60 }` });
  });

  test('behind a declared proxy the client address is the last X-Forwarded-For entry; earlier ones are forgeable and ignored', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const wrong = (forwarded: string) => h.request('GET', '/Users', undefined, { authorization: 'Bearer wrong-token-0123456789', 'x-forwarded-for': forwarded });
      assert.equal((await wrong('1.1.1.1, 10.0.0.1')).status, 401);
      assert.equal((await wrong('2.2.2.2, 10.0.0.1')).status, 429, 'the same client behind the proxy, whatever it forges before');
      assert.equal((await wrong('10.0.0.2')).status, 401, 'another client has its own budget');
    }, { authYaml: `auth:\n  bearer: [ "${TOKEN}" ]\n  rateLimit: { failures: 1 }`, extraYaml: 'server:\n  trustProxy: true' });
  });

  test('the default budget is 20 failures a minute, and the limit can be turned off', async () => {
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await h.request('GET', '/Users', undefined, { authorization: 'Bearer nope-nope-nope-nope' })).status);
      assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [20, 2]);
    });
    await withServer('sqlite', seed, usersYaml(), async (h) => {
      for (let i = 0; i < 25; i++) assert.equal((await h.request('GET', '/Users', undefined, { authorization: 'Bearer nope-nope-nope-nope' })).status, 401);
    }, { authYaml: `auth:\n  bearer: [ "${TOKEN}" ]\n  rateLimit: { enabled: false }` });
  });
});
