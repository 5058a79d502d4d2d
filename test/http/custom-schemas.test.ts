/**
 * Schemas declared in the config: a custom User extension addressed by URN everywhere (filter,
 * sortBy, attributes, PATCH paths, discovery), and a `Device` resource type from config alone,
 * on every dialect.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.js';
import { withServer, type Harness, type TestResponse } from '../helpers/server.js';
import { ACME_DEVICE, ACME_USER, DEVICE, createCustomSchemaApp, customSchemasYaml } from '../fixtures/app-custom-schemas.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const q = encodeURIComponent;

type Named = { name: string };
const names = (list: readonly Named[]) => list.map((a) => a.name);
const ids = (body: { Resources: { id: string }[] }) => body.Resources.map((r) => r.id);

async function createUser(h: Harness, userName: string, extension?: Record<string, unknown>): Promise<string> {
  const body = { schemas: [CORE_USER, ...(extension ? [ACME_USER] : [])], userName, ...(extension ? { [ACME_USER]: extension } : {}) };
  const created = await h.request('POST', '/Users', body);
  assert.equal(created.status, 201, created.text);
  return created.body.id as string;
}

async function patch(h: Harness, path: string, operations: unknown[]): Promise<TestResponse> {
  const response = await h.request('PATCH', path, { schemas: [PATCH], Operations: operations });
  assert.equal(response.status, 200, response.text);
  return response;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: custom schema extension on User`, () => {
    test('create, get, filter, sortBy, attributes and PATCH by URN', async () => {
      await withServer(dialect, createCustomSchemaApp, customSchemasYaml(), async (h) => {
        const seven = await createUser(h, 'seven@example.com', { badgeNumber: 'B-7', level: 3 });
        const two = await createUser(h, 'two@example.com', { badgeNumber: 'B-2', level: 1 });
        const plain = await createUser(h, 'plain@example.com');

        const got = await h.request('GET', `/Users/${seven}`);
        assert.deepEqual(got.body.schemas, [CORE_USER, ACME_USER]);
        assert.deepEqual(got.body[ACME_USER], { badgeNumber: 'B-7', level: 3 });
        assert.deepEqual((await h.request('GET', `/Users/${plain}`)).body.schemas, [CORE_USER], 'an optional extension without values is not listed');
        const row = await h.db.knex('app_users').where({ email: 'seven@example.com' }).first();
        assert.deepEqual([row.badge_no, Number(row.clearance_level)], ['B-7', 3]);

        const byBadge = await h.request('GET', `/Users?filter=${q(`${ACME_USER}:badgeNumber eq "B-7"`)}`);
        assert.deepEqual(ids(byBadge.body), [seven]);
        const caseExact = await h.request('GET', `/Users?filter=${q(`${ACME_USER}:badgeNumber eq "b-7"`)}`);
        assert.equal(caseExact.body.totalResults, 0, 'badgeNumber is caseExact in the declared schema');
        const lowerUrn = await h.request('GET', `/Users?filter=${q(`${ACME_USER.toLowerCase()}:LEVEL ge 1 and ${ACME_USER}:level pr`)}`);
        assert.deepEqual(ids(lowerUrn.body).sort(), [seven, two].sort(), 'URNs and names compare case-insensitively');

        const sorted = await h.request('GET', `/Users?sortBy=${q(`${ACME_USER}:level`)}&sortOrder=descending&filter=${q(`${ACME_USER}:level pr`)}`);
        assert.deepEqual(ids(sorted.body), [seven, two]);
        const ascending = await h.request('GET', `/Users?sortBy=${q(`${ACME_USER}:badgeNumber`)}&filter=${q(`${ACME_USER}:badgeNumber pr`)}`);
        assert.deepEqual(ids(ascending.body), [two, seven]);

        const only = await h.request('GET', `/Users/${seven}?attributes=${q(`${ACME_USER}:badgeNumber`)}`);
        assert.deepEqual(only.body[ACME_USER], { badgeNumber: 'B-7' });
        assert.equal(only.body.userName, undefined);
        const without = await h.request('GET', `/Users/${seven}?excludedAttributes=${q(`${ACME_USER}:level`)}`);
        assert.deepEqual(without.body[ACME_USER], { badgeNumber: 'B-7' });
        assert.equal(without.body.userName, 'seven@example.com');

        const replaced = await patch(h, `/Users/${seven}`, [{ op: 'replace', path: `${ACME_USER}:badgeNumber`, value: 'B-77' }]);
        assert.deepEqual(replaced.body[ACME_USER], { badgeNumber: 'B-77', level: 3 });
        const removed = await patch(h, `/Users/${seven}`, [{ op: 'remove', path: `${ACME_USER}:level` }]);
        assert.deepEqual(removed.body[ACME_USER], { badgeNumber: 'B-77' });
        const whole = await patch(h, `/Users/${plain}`, [{ op: 'add', path: ACME_USER, value: { badgeNumber: 'B-1', level: 2 } }]);
        assert.deepEqual(whole.body.schemas, [CORE_USER, ACME_USER], 'the extension appears once it has values');
        assert.deepEqual(whole.body[ACME_USER], { badgeNumber: 'B-1', level: 2 });
        const entra = await patch(h, `/Users/${plain}`, [{ op: 'Replace', value: { [`${ACME_USER}:level`]: 3 } }]);
        assert.equal(entra.body[ACME_USER].level, 3, 'a URN-qualified key in a no-path PATCH');
        const after = await h.db.knex('app_users').where({ email: 'seven@example.com' }).first();
        assert.deepEqual([after.badge_no, after.clearance_level], ['B-77', null]);

        const unknown = await h.request('GET', `/Users?filter=${q('urn:example:nope:2.0:User:badgeNumber eq "x"')}`);
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.scimType, 'invalidFilter');
      });
    });

    test('/Schemas and /ResourceTypes list the extension', async () => {
      await withServer(dialect, createCustomSchemaApp, customSchemasYaml(), async (h) => {
        const user = (await h.request('GET', '/ResourceTypes/User')).body;
        assert.deepEqual(user.schemaExtensions, [{ schema: ENTERPRISE, required: false }, { schema: ACME_USER, required: false }]);
        const all = (await h.request('GET', '/Schemas')).body;
        assert.ok(all.Resources.some((s: { id: string }) => s.id === ACME_USER));
        const acme = await h.request('GET', `/Schemas/${ACME_USER}`);
        assert.equal(acme.status, 200);
        assert.deepEqual([acme.body.id, acme.body.name, acme.body.description], [ACME_USER, 'AcmeUser', 'Acme\'s own user attributes']);
        assert.equal(acme.body.meta.location, `${h.url}/Schemas/${ACME_USER}`);
        assert.deepEqual(acme.body.attributes, [
          { name: 'badgeNumber', type: 'string', multiValued: false, description: 'The number on the badge', required: false, caseExact: true, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
          { name: 'level', type: 'integer', multiValued: false, description: '', required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', canonicalValues: ['1', '2', '3'] },
        ]);
      });
    });
  });

  describe(`${dialect}: a Device resource type from config alone`, () => {
    test('CRUD, filter, sort and PATCH at /Devices', async () => {
      await withServer(dialect, createCustomSchemaApp, customSchemasYaml(), async (h) => {
        const created = await h.request('POST', '/Devices', { schemas: [DEVICE], serialNumber: 'SN-001', model: 'ThinkPad X1', status: 'active', storageGb: 512 });
        assert.equal(created.status, 201, created.text);
        const id = created.body.id as string;
        assert.match(id, /^device-\d+$/);
        assert.deepEqual(created.body.schemas, [DEVICE, ACME_DEVICE], 'a required extension is listed even without values');
        assert.deepEqual(created.body.meta.resourceType, 'Device');
        assert.equal(created.body.meta.location, `${h.url}/Devices/${id}`);
        assert.equal(created.headers.get('location'), `${h.url}/Devices/${id}`);
        const second = await h.request('POST', '/Devices', { schemas: [DEVICE, ACME_DEVICE], serialNumber: 'SN-002', model: 'Pixel 8', storageGb: 128, [ACME_DEVICE]: { assetTag: 'A-2' } });
        assert.equal(second.status, 201, second.text);
        const other = second.body.id as string;

        assert.equal((await h.request('POST', '/Devices', { schemas: [DEVICE], serialNumber: 'SN-001' })).status, 409);
        const missing = await h.request('POST', '/Devices', { schemas: [DEVICE], model: 'No serial' });
        assert.equal(missing.status, 400);
        assert.equal(missing.body.scimType, 'invalidValue');

        const got = await h.request('GET', `/Devices/${other}`);
        assert.deepEqual([got.body.serialNumber, got.body.storageGb, got.body[ACME_DEVICE]], ['SN-002', 128, { assetTag: 'A-2' }]);
        assert.deepEqual(ids((await h.request('GET', `/Devices?filter=${q('model sw "think"')}`)).body), [id]);
        assert.deepEqual(ids((await h.request('GET', `/Devices?filter=${q(`${DEVICE}:storageGb lt 256`)}`)).body), [other]);
        assert.deepEqual(ids((await h.request('GET', `/Devices?filter=${q(`${ACME_DEVICE}:assetTag eq "A-2"`)}`)).body), [other]);
        assert.deepEqual(ids((await h.request('GET', '/Devices?sortBy=storageGb')).body), [other, id]);
        assert.equal((await h.request('GET', `/Devices?filter=${q('userName eq "x"')}`)).status, 400, 'User attributes are not Device attributes');

        const put = await h.request('PUT', `/Devices/${id}`, { schemas: [DEVICE], serialNumber: 'SN-001', model: 'ThinkPad X1 Gen 12', status: 'active', storageGb: 1024 });
        assert.equal(put.status, 200, put.text);
        assert.deepEqual([put.body.model, put.body.storageGb], ['ThinkPad X1 Gen 12', 1024]);
        const patched = await patch(h, `/Devices/${id}`, [{ op: 'replace', path: 'status', value: 'retired' }, { op: 'add', path: `${ACME_DEVICE}:assetTag`, value: 'A-1' }]);
        assert.deepEqual([patched.body.status, patched.body[ACME_DEVICE]], ['retired', { assetTag: 'A-1' }]);
        const row = await h.db.knex('devices').where({ serial: 'SN-001' }).first();
        assert.deepEqual([row.status, row.asset_tag, Number(row.storage_gb)], ['retired', 'A-1', 1024]);

        assert.equal((await h.request('DELETE', `/Devices/${id}`)).status, 204);
        assert.equal((await h.request('GET', `/Devices/${id}`)).status, 404);
        assert.deepEqual(ids((await h.request('GET', '/Devices')).body), [other]);
        const search = await h.request('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] });
        assert.equal(search.status, 200, search.text);
        assert.deepEqual(ids(search.body), [other], 'the root search covers the Device resource type');
      });
    });

    test('discovery: /ResourceTypes/Device and /Schemas come from the config', async () => {
      await withServer(dialect, createCustomSchemaApp, customSchemasYaml(), async (h) => {
        const types = (await h.request('GET', '/ResourceTypes')).body;
        assert.deepEqual(names(types.Resources), ['User', 'Device']);
        const device = (await h.request('GET', '/ResourceTypes/Device')).body;
        assert.deepEqual([device.id, device.name, device.endpoint, device.schema, device.description], ['Device', 'Device', '/Devices', DEVICE, 'A laptop, phone or tablet']);
        assert.deepEqual(device.schemaExtensions, [{ schema: ACME_DEVICE, required: true }]);
        const schema = (await h.request('GET', `/Schemas/${DEVICE}`)).body;
        assert.deepEqual(names(schema.attributes), ['serialNumber', 'model', 'status', 'storageGb']);
        const serial = schema.attributes[0];
        assert.deepEqual([serial.required, serial.uniqueness, serial.caseExact], [true, 'server', true]);
        assert.deepEqual(schema.attributes[2].canonicalValues, ['active', 'retired', 'lost']);
        assert.equal(schema.attributes[3].type, 'integer');
        const ext = (await h.request('GET', `/Schemas/${ACME_DEVICE}`)).body;
        assert.deepEqual(names(ext.attributes), ['assetTag']);
        const all = (await h.request('GET', '/Schemas')).body;
        assert.deepEqual(all.Resources.map((s: { id: string }) => s.id), [CORE_USER, ENTERPRISE, ACME_USER, DEVICE, ACME_DEVICE]);
      });
    });
  });
}
