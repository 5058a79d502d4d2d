import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSupport, supportOf, tableWarnings } from '../../../src/cli/check-report.js';
import { sampleResource, sampleUserName } from '../../../src/cli/sample-data.js';
import { parseConfigText } from '../../../src/config/load.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { DbColumn, DbSchema } from '../../../src/mapping/db-schema.js';

const col = (name: string, kind: DbColumn['kind'], extra: Partial<DbColumn> = {}): DbColumn =>
  ({ name, kind, dataType: kind, nullable: true, hasDefault: false, autoIncrement: false, ...extra });

const DB: DbSchema = {
  tables: [{
    name: 'people', primaryKey: ['id'], uniques: [['login']], foreignKeys: [],
    columns: [
      col('id', 'integer', { nullable: false, autoIncrement: true }), col('login', 'string', { nullable: false, maxLength: 12 }),
      col('given', 'string', { maxLength: 2 }), col('title', 'string'), col('on', 'boolean'), col('hash', 'string', { nullable: false }),
    ],
  }],
};

const YAML = `database: { client: sqlite, connection: x.sqlite }
auth: { bearer: [ "a-long-enough-token-123" ] }
resources:
  User:
    table: people
    attributes: { userName: login, name.givenName: given, title: title, active: on }
`;

describe('sample data for --simulate', () => {
  const mapping = compileMapping(parseConfigText(YAML, '/tmp/x.yaml', {}), DB);
  const user = mapping.resources[0];
  assert.ok(user);

  test('every writable attribute gets a value that fits its column', () => {
    const body = sampleResource(user, DB, { tag: 'abc123' });
    assert.ok(String(body['userName']).length <= 12);
    assert.match(String(body['userName']), /abc123/);
    assert.deepEqual(body['name'], { givenName: 'Si' });
    assert.equal(body['title'], 'Engineer');
    assert.equal(body['active'], true);
  });
  test("the manager's id is left out: a made-up id would point at no row", () => {
    const db: DbSchema = { tables: [{ ...DB.tables[0]!, columns: [...DB.tables[0]!.columns, col('boss', 'integer')], foreignKeys: [{ columns: ['boss'], refTable: 'people', refColumns: ['id'] }] }] };
    const yaml = YAML.replace('active: on }', 'active: on, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": boss }');
    const withManager = compileMapping(parseConfigText(yaml, '/tmp/x.yaml', {}), db).resources[0];
    assert.ok(withManager);
    const body = sampleResource(withManager, db, { tag: 'abc123' });
    assert.equal(body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'], undefined);
    assert.equal(body['title'], 'Engineer');
  });
  test('userName is an email address when it fits, and keeps the run tag when it does not', () => {
    assert.equal(sampleUserName({ tag: 'f00d01' }), 'scim-bridge-sim-f00d01@example.com');
    assert.equal(sampleUserName({ tag: 'f00d01' }, 16), 'simf00d01@ex.co');
    assert.equal(sampleUserName({ tag: 'f00d01' }, 4), 'sf00');
  });
  test('the support table comes from discovery; NOT NULL columns without a default are warned about', () => {
    const [support] = supportOf(mapping);
    assert.deepEqual(support?.filterable, ['id', 'userName', 'name.givenName', 'title', 'active']);
    assert.equal(support?.delete, 'hard (DELETE removes the row)');
    assert.match(formatSupport(mapping, supportOf(mapping)), /groups: {2}no Group resource is mapped/);
    assert.deepEqual(tableWarnings(mapping, DB).map((w) => w.message.split(':')[0]), ['POST /Users will fail']);
    assert.match(tableWarnings(mapping, DB)[0]?.message ?? '', /people\.hash is NOT NULL/);
  });
  test('a column filled by defaults: is not warned about', () => {
    const withDefault = YAML.replace('    table: people\n', '    table: people\n    defaults: { hash: "!" }\n');
    assert.deepEqual(tableWarnings(compileMapping(parseConfigText(withDefault, '/tmp/x.yaml', {}), DB), DB), []);
  });
});
