/**
 * `schemas:` and per-resource `schema:` / `extensions:`: what compiles, and every refusal at the
 * exact line:column of the offending YAML node, with its fix.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/load.js';
import { ConfigErrors } from '../../../src/errors.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import { urnProblem } from '../../../src/mapping/compile-schemas.js';
import type { ColumnKind, DbColumn, DbSchema } from '../../../src/mapping/db-schema.js';
import { resolvePath } from '../../../src/mapping/resolve.js';
import type { Mapping } from '../../../src/mapping/types.js';

const col = (name: string, kind: ColumnKind = 'string', nullable = true): DbColumn =>
  ({ name, kind, dataType: kind, nullable, hasDefault: false, autoIncrement: name === 'id' });

const DB: DbSchema = {
  tables: [
    { name: 'people', columns: [col('id', 'integer', false), col('email', 'string', false), col('badge_no'), col('level', 'integer')], primaryKey: ['id'], uniques: [], foreignKeys: [] },
    { name: 'devices', columns: [col('id', 'integer', false), col('serial', 'string', false), col('model')], primaryKey: ['id'], uniques: [], foreignKeys: [] },
  ],
};

const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User';
const DEVICE = 'urn:example:params:scim:schemas:acme:2.0:Device';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HEAD = 'database: { client: sqlite, connection: ":memory:" }\nauth: { bearer: [ "0123456789abcdef0123" ] }\n';

function compile(body: string): Mapping {
  return compileMapping(parseConfigText(`${HEAD}${body}`, 'unit.yaml', {}), DB);
}

/** [line, column, problem, hint] of every error; fails when nothing is thrown. */
function errors(body: string): [number, number, string, string][] {
  let found: [number, number, string, string][] = [];
  assert.throws(() => compile(body), (e: unknown) => {
    assert.ok(e instanceof ConfigErrors, String(e));
    found = e.errors.map((x) => [x.position.line, x.position.column, x.problem, x.hint]);
    return true;
  });
  return found;
}

/** A valid config: one extension on User, and a Device resource whose core schema is declared. */
const VALID = `schemas:
  - id: ${ACME}
    name: AcmeUser
    attributes:
      badgeNumber: string
      level: { type: integer, canonicalValues: [ "1", "2" ] }
  - id: ${DEVICE}
    name: Device
    description: A laptop or phone
    attributes:
      serialNumber: { type: string, required: true, uniqueness: server, caseExact: true }
      model: string
resources:
  User:
    table: people
    extensions: [ { schema: ${ACME}, required: true } ]
    attributes:
      userName: email
      ${ACME}:badgeNumber: badge_no
  Device:
    table: devices
    schema: ${DEVICE}
    attributes:
      serialNumber: serial
      model: model
`;

describe('compile: custom schemas that compile', () => {
  it('serves the extension on User and a Device resource at /Devices', () => {
    const mapping = compile(VALID);
    const [user, device] = mapping.resources;
    assert.deepEqual(user?.extensions.map((e) => e.id), [ACME]);
    assert.deepEqual(user?.knownExtensions?.map((e) => e.id), [ENTERPRISE, ACME], 'the enterprise extension stays available');
    assert.deepEqual(user?.requiredExtensions, [ACME]);
    assert.equal(device?.endpoint, '/Devices');
    assert.equal(device?.core.id, DEVICE);
    assert.equal(device?.core.description, 'A laptop or phone');
    const serial = device?.attributes.find((a) => a.name === 'serialNumber');
    assert.deepEqual(serial?.characteristics, { mutability: 'readWrite', returned: 'default', required: true, uniqueness: 'server', caseExact: true });
  });

  it('resolves URN paths through the compiled schemas, known-but-unmapped ones included', () => {
    const user = compile(VALID).resources[0];
    assert.ok(user);
    const badge = resolvePath(user, { uri: ACME, name: 'badgeNumber' });
    assert.equal(badge?.kind === 'attribute' && badge.mapped.length, 1);
    const level = resolvePath(user, { uri: ACME.toLowerCase(), name: 'LEVEL' });
    assert.equal(level?.kind === 'attribute' && level.mapped.length, 0, 'declared but not mapped: known, not unknown');
    assert.equal(resolvePath(user, { uri: 'urn:example:nope:User', name: 'badgeNumber' }), undefined);
  });

  it('an attribute shorthand is a type; subAttributes make a complex attribute', () => {
    const body = VALID.replace('      model: string\n', '      model: string\n      owner: { subAttributes: { value: string, display: { type: string, mutability: readOnly } } }\n');
    const device = compile(body).resources[1];
    const owner = device?.core.attributes.find((a) => a.name === 'owner');
    assert.equal(owner?.type, 'complex');
    assert.deepEqual(owner?.subAttributes?.map((s) => [s.name, s.type, s.mutability]), [['value', 'string', 'readWrite'], ['display', 'string', 'readOnly']]);
  });
});

describe('compile: schema URNs', () => {
  it('checks the URN shape', () => {
    assert.equal(urnProblem(ACME), undefined);
    assert.match(urnProblem('urn:acme')?.problem ?? '', /needs a namespace and a name/);
    assert.match(urnProblem('urn:acme::User')?.problem ?? '', /empty segment/);
    assert.match(urnProblem('urn:acme:2.0')?.problem ?? '', /ends in "2.0", which is not a name/);
    assert.match(urnProblem('urn:acme:a b:User')?.problem ?? '', /segment "a b"/);
    assert.match(urnProblem('urn:acme:x/y:User')?.problem ?? '', /segment "x\/y"/);
  });

  it('refuses a malformed URN at its line:column', () => {
    const found = errors(VALID.replace(`  - id: ${DEVICE}`, '  - id: urn:example:acme:2.0'));
    assert.deepEqual(found.map(([l, c, p]) => [l, c, p]).slice(0, 1), [[9, 9, '"urn:example:acme:2.0" ends in "2.0", which is not a name']]);
  });

  it('refuses the built-in URNs, the reserved namespaces, duplicates and prefixes', () => {
    const body = (id: string) => `schemas:
  - id: ${ACME}
    name: AcmeUser
    attributes: { badgeNumber: string }
  - id: ${id}
    name: Other
    attributes: { x: string }
resources:
  User: { table: people, attributes: { userName: email } }
`;
    const [builtIn] = errors(body(ENTERPRISE));
    assert.deepEqual(builtIn?.slice(0, 3), [7, 9, `"${ENTERPRISE}" is the built-in EnterpriseUser schema`]);
    assert.match(builtIn?.[3] ?? '', /mapped without declaring them/);
    const [reserved] = errors(body('urn:ietf:params:scim:schemas:core:2.0:Device'));
    assert.deepEqual(reserved?.slice(0, 3), [7, 9, '"urn:ietf:params:scim:schemas:core:2.0:Device" is in the namespace urn:ietf:params:scim:schemas:core:… reserved for the SCIM protocol\'s own schemas']);
    const [twice] = errors(body(ACME.toUpperCase().replace('URN:', 'urn:')));
    assert.deepEqual(twice?.slice(0, 3), [7, 9, `schema "${ACME.toUpperCase().replace('URN:', 'urn:')}" is declared twice (first as schemas[0])`]);
    const [prefix] = errors(body(`${ACME}:Badge`));
    assert.deepEqual(prefix?.slice(0, 3), [7, 9, `"${ACME}:Badge" extends the schema URN "${ACME}", so "${ACME}:Badge" would also read as an attribute of "${ACME}"`]);
    const [enterprisePrefix] = errors(body(`${ENTERPRISE}:x`));
    assert.equal(enterprisePrefix?.[0], 7);
  });

  it('the JSON Schema refuses a value that is not a URN at all', () => {
    const found = errors(VALID.replace(`  - id: ${DEVICE}`, '  - id: device-schema'));
    assert.deepEqual(found.map(([l, c]) => [l, c]), [[9, 9]]);
  });
});

describe('compile: schema attributes', () => {
  it('refuses complex without subAttributes, subAttributes on a simple type, and the common attributes', () => {
    const body = VALID.replace('      model: string\n', `      model: string
      owner: { type: complex }
      tags: { type: string, subAttributes: { value: string } }
      externalId: string
`);
    assert.deepEqual(errors(body).map(([l, c, p]) => [l, c, p]), [
      [15, 22, 'owner is complex but has no subAttributes'],
      [16, 29, 'tags is a string: only a complex attribute has sub-attributes'],
      [17, 7, '"externalId" is a common attribute of every resource (RFC 7643 §3.1), not a schema attribute'],
    ]);
  });

  it('refuses names that differ only in case, and invalid names (JSON Schema)', () => {
    const dup = errors(VALID.replace('      model: string\n', '      model: string\n      Model: string\n'));
    assert.deepEqual(dup.map(([l, c, p]) => [l, c, p]), [[15, 7, '"Model" and "model" are the same name (SCIM names are case-insensitive)']]);
    const bad = errors(VALID.replace('      model: string\n', '      model: string\n      2fa: boolean\n'));
    assert.deepEqual(bad.map(([l, c]) => [l, c]), [[15, 7]]);
  });
});

describe('compile: resources and their schemas', () => {
  it('a resource other than User/Group needs schema:', () => {
    const found = errors(VALID.replace(`    schema: ${DEVICE}\n`, ''));
    assert.deepEqual(found.map(([l, c, p]) => [l, c, p]), [[22, 3, '"Device" is not a built-in resource type, so it needs a core schema']]);
    assert.match(found[0]?.[3] ?? '', new RegExp(`add schema: <URN> naming one of the schemas declared under schemas: \\(${ACME}, ${DEVICE}\\)`));
  });

  it('unknown schema and extension URNs get a did-you-mean', () => {
    const found = errors(VALID.replace(`    schema: ${DEVICE}`, `    schema: ${DEVICE}s`).replace(`{ schema: ${ACME}, required: true }`, `${ACME}x`));
    assert.deepEqual(found.map(([l, c, p]) => [l, c, p]), [
      [18, 19, `schema "${ACME}x" is not declared`],
      [24, 13, `schema "${DEVICE}s" is not declared`],
    ]);
    assert.match(found[0]?.[3] ?? '', new RegExp(`did you mean "${ACME}"\\?`));
  });

  it('a core schema is not an extension; an extension is listed once', () => {
    const list = `urn:ietf:params:scim:schemas:core:2.0:Group, ${ENTERPRISE}, ${ENTERPRISE}`;
    const found = errors(VALID.replace(`{ schema: ${ACME}, required: true }`, list)
      .replace(`    schema: ${DEVICE}\n`, `    schema: ${DEVICE}\n    extensions: [ ${DEVICE} ]\n`));
    const second = '    extensions: [ '.length + list.lastIndexOf(ENTERPRISE) + 1;
    assert.deepEqual(found.map(([l, c, p]) => [l, c, p]), [
      [18, 19, '"urn:ietf:params:scim:schemas:core:2.0:Group" is a core schema, not an extension'],
      [18, second, `"${ENTERPRISE}" is listed twice`],
      [25, 19, `"${DEVICE}" is the core schema of Device, not an extension`],
    ]);
  });

  it('an extension attribute without the extension listed says how to list it', () => {
    const found = errors(VALID.replace(`    extensions: [ { schema: ${ACME}, required: true } ]\n`, ''));
    assert.deepEqual(found.map(([l, c]) => [l, c]), [[20, 7]]);
    assert.match(found[0]?.[3] ?? '', /User has no schema urn:example:params:scim:schemas:extension:acme:2.0:User: declare it under schemas: and list it in resources.User.extensions/);
  });

  it('refuses endpoints that clash with each other or with discovery', () => {
    const found = errors(VALID.replace(`    schema: ${DEVICE}\n`, `    schema: ${DEVICE}\n    endpoint: /users\n`));
    assert.deepEqual(found.map(([l, c, p]) => [l, c, p]), [[25, 15, 'Device and User are both served at /users']]);
    const discovery = errors(VALID.replace(`    schema: ${DEVICE}\n`, `    schema: ${DEVICE}\n    endpoint: /Schemas\n`));
    assert.deepEqual(discovery.map(([l, c, p]) => [l, c, p]), [[25, 15, 'Device\'s endpoint /Schemas is a SCIM discovery or protocol endpoint']]);
  });
});
