/**
 * Bad requests get the right SCIM error (RFC 7644 §3.12: status, scimType, a detail that says what
 * to fix), never a 500, and change nothing: every case checks the table afterwards.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer, type Harness, type TestResponse } from '../helpers/server.js';
import { createAppUsers, oktaUser, usersYaml } from '../fixtures/app-users.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function assertScimError(response: TestResponse, status: number, scimType: string | undefined, detail: RegExp): void {
  assert.equal(response.status, status, response.text);
  assert.equal(response.headers.get('content-type'), 'application/scim+json; charset=utf-8');
  assert.deepEqual(response.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(response.body.status, String(status));
  assert.equal(response.body.scimType, scimType);
  assert.match(response.body.detail, detail);
  assert.doesNotMatch(response.text, /select |insert |update |at .*\.(ts|js):\d+/i, 'no SQL or stack trace leaks');
}

async function seedOne(knex: Knex): Promise<void> {
  await createAppUsers(knex);
  await knex('app_users').insert({ email: 'existing@example.com', first_name: 'Ex', status: 'active' });
}

async function snapshot(h: Harness): Promise<string> {
  return JSON.stringify(await h.db.knex('app_users').select('*').orderBy('id'));
}

/** Runs a bad request and checks that the table is byte-for-byte what it was. */
async function unchanged(h: Harness, run: () => Promise<void>): Promise<void> {
  const before = await snapshot(h);
  await run();
  assert.equal(await snapshot(h), before, 'the bad request changed the table');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bad input`, () => {
    test('each bad request gets its SCIM error and writes nothing', async () => {
      await withServer(dialect, seedOne, usersYaml(), async (h) => {
        const { request } = h;
        const existing = (await request('GET', '/Users')).body.Resources[0].id as string;
        const patch = (ops: unknown[]) => request('PATCH', `/Users/${existing}`, { schemas: [PATCH], Operations: ops });

        await unchanged(h, async () => assertScimError(await request('POST', '/Users', '{"userName": "x@example.com",'), 400, 'invalidSyntax', /not valid JSON/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', [1, 2]), 400, 'invalidSyntax', /JSON object/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', oktaUser('t@example.com', { userName: 123 })), 400, 'invalidValue', /userName.*must be a string/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', oktaUser('t@example.com', { active: 'yes' })), 400, 'invalidValue', /active.*boolean/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', oktaUser('t@example.com', { name: 'Jane' })), 400, 'invalidValue', /name.*object/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], displayName: 'No Name' }), 400, 'invalidValue', /userName.*required/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', oktaUser('', { emails: [] })), 400, 'invalidValue', /userName.*required/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', oktaUser('EXISTING@Example.com')), 409, 'uniqueness', /userName already exists.*case-insensitively/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'replace', path: 'id', value: 'user-77' }]), 400, 'mutability', /"id" is readOnly/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }]), 400, 'mutability', /readOnly/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'replace', path: 'userName', value: 'Existing@example.com ' }, { op: 'replace', path: 'active', value: 42 }]), 400, 'invalidValue', /active/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'remove', path: 'userName' }]), 400, 'invalidValue', /userName.*required/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'jump', path: 'title', value: 'x' }]), 400, 'invalidSyntax', /op must be "add", "replace" or "remove"/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }]), 400, 'invalidPath', /position/));
        await unchanged(h, async () => assertScimError(await patch([{ op: 'replace', path: 'nosuchattribute', value: 'x' }]), 400, 'invalidPath', /not an attribute of User/));
        await unchanged(h, async () => assertScimError(await request('PATCH', `/Users/${existing}`, { Operations: 'replace' }), 400, 'invalidSyntax', /Operations/));
        await unchanged(h, async () => assertScimError(await request('GET', '/Users/user-99999'), 404, undefined, /User "user-99999" not found/));
        await unchanged(h, async () => assertScimError(await request('GET', '/Users/not-an-id'), 404, undefined, /not found/));
        await unchanged(h, async () => assertScimError(await request('PUT', '/Users/user-99999', oktaUser('a@example.com')), 404, undefined, /not found/));
        await unchanged(h, async () => assertScimError(await request('DELETE', '/Users/user-99999'), 404, undefined, /not found/));
        await unchanged(h, async () => assertScimError(await request('GET', `/Users?filter=${encodeURIComponent('nickName eq "x"')}`), 400, 'invalidFilter', /nickName.*not mapped/));
        await unchanged(h, async () => assertScimError(await request('GET', `/Users?filter=${encodeURIComponent('favouriteColour eq "x"')}`), 400, 'invalidFilter', /not an attribute of User/));
        await unchanged(h, async () => assertScimError(await request('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter', /position/));
        await unchanged(h, async () => assertScimError(await request('GET', `/Users?filter=${encodeURIComponent('active eq "yes"')}`), 400, 'invalidFilter', /active/));
        await unchanged(h, async () => assertScimError(await request('GET', '/Users?count=ten'), 400, 'invalidValue', /count.*integer/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', 'userName=x', { 'content-type': 'text/plain' }), 415, undefined, /application\/scim\+json/));
        await unchanged(h, async () => assertScimError(await request('DELETE', '/Users'), 405, undefined, /not supported/));
        await unchanged(h, async () => assertScimError(await request('GET', '/Nope'), 404, undefined, /No endpoint/));
        await unchanged(h, async () => assertScimError(await request('POST', '/Users', { ...oktaUser('big@example.com'), displayName: 'x'.repeat(2_000_000) }), 413, undefined, /too large/));
      });
    });

    test('attributes the mapping does not know are ignored on POST and PUT; strict mode rejects them', async () => {
      const extras = { roles: [{ value: 'admin' }], nickName: 'JJ', 'urn:example:params:scim:schemas:extension:custom:2.0:User': { badge: '7' } };
      await withServer(dialect, createAppUsers, usersYaml(), async ({ request }) => {
        const created = await request('POST', '/Users', oktaUser('lenient@example.com', extras));
        assert.equal(created.status, 201, created.text);
        assert.equal(created.body.nickName, undefined);
        const put = await request('PUT', `/Users/${created.body.id}`, oktaUser('lenient@example.com', { ...extras, title: 'Boss' }));
        assert.equal(put.status, 200, put.text);
        assert.equal(put.body.title, 'Boss');
      });
      await withServer(dialect, createAppUsers, usersYaml({ strict: true }), async (h) => {
        await unchanged(h, async () => assertScimError(await h.request('POST', '/Users', oktaUser('strict@example.com', { nickName: 'JJ' })), 400, 'invalidSyntax', /"nickName".*not mapped.*strict/));
        await unchanged(h, async () => assertScimError(await h.request('POST', '/Users', oktaUser('strict@example.com')), 400, 'invalidSyntax', /"password"/));
        const { password: _password, locale: _locale, ...withoutPassword } = oktaUser('strict@example.com');
        const ok = await h.request('POST', '/Users', withoutPassword);
        assert.equal(ok.status, 201, ok.text);
      });
    });

    test('authentication: 401 with WWW-Authenticate without or with a wrong credential; no data leaks', async () => {
      await withServer(dialect, seedOne, usersYaml(), async ({ url }) => {
        const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token' }, { authorization: `Basic ${Buffer.from(`okta:${TOKEN}`).toString('base64')}` }];
        for (const headers of attempts) {
          const response = await fetch(`${url}/Users`, { headers });
          assert.equal(response.status, 401);
          assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="scim-bridge"/);
          const body = await response.json() as { schemas: string[]; status: string };
          assert.deepEqual([body.schemas[0], body.status], ['urn:ietf:params:scim:api:messages:2.0:Error', '401']);
        }
        const ok = await fetch(`${url}/Users`, { headers: { authorization: `bearer ${TOKEN}` } });
        assert.equal(ok.status, 200, 'the scheme name is case-insensitive');
      });
    });
  });
}

test('basic credentials from the config are accepted', async () => {
  await withServer('sqlite', seedOne, usersYaml(), async ({ url }) => {
    const good = await fetch(`${url}/Users`, { headers: { authorization: `Basic ${Buffer.from('okta:a-long-basic-password').toString('base64')}` } });
    assert.equal(good.status, 200);
    const bad = await fetch(`${url}/Users`, { headers: { authorization: `Basic ${Buffer.from('okta:nope').toString('base64')}` } });
    assert.equal(bad.status, 401);
    const wrongUser = await fetch(`${url}/Users`, { headers: { authorization: `Basic ${Buffer.from('entra:a-long-basic-password').toString('base64')}` } });
    assert.equal(wrongUser.status, 401, 'the password alone is not enough');
    const tokenAsPassword = await fetch(`${url}/Users`, { headers: { authorization: `Basic ${Buffer.from(`okta:${TOKEN}`).toString('base64')}` } });
    assert.equal(tokenAsPassword.status, 401, 'a bearer token is no basic password');
    const passwordAsToken = await fetch(`${url}/Users`, { headers: { authorization: 'Bearer a-long-basic-password' } });
    assert.equal(passwordAsToken.status, 401, 'nor a basic password a bearer token');
  }, { authYaml: `auth:\n  bearer: [ "${TOKEN}" ]\n  basic: [ { username: okta, password: a-long-basic-password } ]` });
});
