/** Discovery (RFC 7644 §4) is generated from the mapping: it lists what this deployment serves, nothing more. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from '../helpers/server.js';
import { createAppUsers, usersYaml } from '../fixtures/app-users.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

test('ServiceProviderConfig, ResourceTypes and Schemas tell the truth about the mapping', async () => {
  await withServer('sqlite', createAppUsers, usersYaml(), async ({ request, url }) => {
    const spc = await request('GET', '/ServiceProviderConfig');
    assert.equal(spc.status, 200);
    assert.deepEqual(spc.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    assert.equal(spc.body.patch.supported, true);
    assert.equal(spc.body.bulk.supported, false);
    assert.equal(spc.body.filter.supported, true);
    assert.equal(spc.body.filter.maxResults, 1000);
    assert.equal(spc.body.etag.supported, true);
    assert.equal(spc.body.changePassword.supported, false, 'password is not mapped');
    assert.deepEqual(spc.body.authenticationSchemes.map((s: { type: string }) => s.type), ['oauthbearertoken']);

    const types = await request('GET', '/ResourceTypes');
    assert.equal(types.body.totalResults, 1);
    const user = types.body.Resources[0];
    assert.deepEqual([user.id, user.endpoint, user.schema], ['User', '/Users', 'urn:ietf:params:scim:schemas:core:2.0:User']);
    assert.deepEqual(user.schemaExtensions, [{ schema: ENTERPRISE, required: false }]);
    assert.equal(user.meta.location, `${url}/ResourceTypes/User`);
    assert.equal((await request('GET', '/ResourceTypes/User')).body.id, 'User');
    assert.equal((await request('GET', '/ResourceTypes/Group')).status, 404, 'Group is not mapped');

    const schemas = await request('GET', '/Schemas');
    const core = schemas.body.Resources.find((s: { id: string }) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User');
    const names = core.attributes.map((a: { name: string }) => a.name);
    assert.deepEqual(names, ['userName', 'name', 'displayName', 'title', 'active', 'emails'], 'only mapped attributes, in schema order');
    const userName = core.attributes.find((a: { name: string }) => a.name === 'userName');
    assert.deepEqual([userName.required, userName.caseExact, userName.uniqueness, userName.mutability], [true, false, 'server', 'readWrite']);
    const name = core.attributes.find((a: { name: string }) => a.name === 'name');
    assert.deepEqual(name.subAttributes.map((a: { name: string }) => a.name), ['familyName', 'givenName']);
    const emails = core.attributes.find((a: { name: string }) => a.name === 'emails');
    assert.deepEqual(emails.subAttributes.map((a: { name: string }) => a.name), ['value', 'type'], 'type comes from the element filter');
    const enterprise = await request('GET', `/Schemas/${ENTERPRISE}`);
    assert.deepEqual(enterprise.body.attributes.map((a: { name: string }) => a.name), ['department']);
    assert.equal((await request('GET', '/Schemas/urn:nope')).status, 404);
  });
});

test('a status column behind a map advertises its canonical values; basic auth is listed', async () => {
  const yaml = usersYaml().replace('title: job_title', 'title: job_title\n      userType: { column: status, map: { Employee: active, Contractor: deprovisioned } }')
    .replace(/active: \{ column: status.*\n/, 'active: enabled\n');
  await withServer('sqlite', createAppUsers, yaml, async ({ request }) => {
    const core = (await request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
    const userType = core.attributes.find((a: { name: string }) => a.name === 'userType');
    assert.deepEqual(userType.canonicalValues, ['Employee', 'Contractor']);
    const spc = (await request('GET', '/ServiceProviderConfig')).body;
    assert.deepEqual(spc.authenticationSchemes.map((s: { type: string }) => s.type), ['oauthbearertoken', 'httpbasic']);
  }, { authYaml: 'auth:\n  bearer: [ "test-token-0123456789abcdef" ]\n  basic: [ { username: okta, password: a-long-basic-password } ]' });
});
