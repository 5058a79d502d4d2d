import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConfigError, ConfigErrors } from '../../../src/errors.js';
import { loadConfig, parseConfigText } from '../../../src/config/load.js';
import type { RawConfig } from '../../../src/config/raw-types.js';

const FULL = fileURLToPath(new URL('../../fixtures/config/full.yaml', import.meta.url));
const FILE = '/etc/scim/config.yaml';
const ENV = { SCIM_TOKEN: 'tok', SCIM_PASSWORD: 'pw' };

/** [line, column, problem] of every error `fn` throws; fails when nothing is thrown. */
function problems(fn: () => unknown): [number, number, string][] {
  let found: [number, number, string][] = [];
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigErrors, String(e));
    found = e.errors.map((x) => [x.position.line, x.position.column, x.problem]);
    return true;
  });
  return found;
}

const EXPECTED: RawConfig = {
  database: { client: 'sqlite', connection: './demo.sqlite' },
  server: { port: 8080, basePath: '/scim/v2' },
  auth: { bearer: ['tok'], basic: [{ username: 'okta', password: 'pw' }] },
  resources: {
    User: {
      table: 'users',
      id: 'id',
      scope: { tenant_id: 1 },
      delete: { soft: 'deleted_at' },
      attributes: {
        userName: { column: 'email', required: true, uniqueness: 'server', caseExact: false },
        externalId: 'external_id',
        'name.givenName': 'first_name',
        'name.familyName': 'last_name',
        displayName: 'display_name',
        'emails[type eq "work"].value': 'email',
        active: { column: 'status', map: { true: 'active', false: 'deprovisioned' } },
        title: 'job_title',
        'meta.created': 'created_at',
        'meta.lastModified': 'updated_at',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'department',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value': 'manager_id',
      },
    },
    Group: {
      table: 'teams',
      id: { column: 'id', prefix: '' },
      delete: 'forbid',
      attributes: { displayName: { column: 'name', required: true, uniqueness: 'server' }, externalId: 'external_id' },
    },
  },
};

describe('loadConfig: a valid file', () => {
  it('loads the full example to the expected RawConfig', () => {
    const loaded = loadConfig(FULL, ENV);
    assert.equal(loaded.file, FULL);
    assert.deepEqual(loaded.raw, EXPECTED);
  });

  it('returns deeply frozen data', () => {
    const { raw } = loadConfig(FULL, ENV);
    assert.ok(Object.isFrozen(raw) && Object.isFrozen(raw.resources['User']?.attributes));
  });

  it('makes the file path absolute and keeps a relative sqlite path as written', () => {
    const loaded = parseConfigText('database: { client: sqlite, connection: ./a.db }\nresources: { User: { table: u, attributes: { userName: e } } }\n', 'rel/c.yaml', {});
    assert.equal(loaded.file, `${process.cwd()}/rel/c.yaml`);
    assert.equal(loaded.raw.database.connection, './a.db');
  });

  it('positionOf finds values, keys, sequence items and falls back to the nearest ancestor', () => {
    const loaded = loadConfig(FULL, ENV);
    const at = (path: readonly (string | number)[], key?: boolean): [number, number] => {
      const p = loaded.positionOf(path, key);
      return [p.line, p.column];
    };
    assert.deepEqual(at(['resources', 'User', 'attributes', 'userName', 'column']), [18, 36]);
    assert.deepEqual(at(['resources', 'User', 'attributes', 'userName'], true), [18, 7]);
    assert.deepEqual(at(['resources', 'User', 'attributes', 'active', 'map', 'true']), [24, 57]);
    assert.deepEqual(at(['auth', 'basic', 0, 'username']), [10, 24]);
    assert.deepEqual(at(['resources', 'User', 'attributes', 'nickName']), [17, 5], 'falls back to the attributes key');
    assert.deepEqual(at([]), [2, 1]);
  });

  it('error() builds a positioned ConfigError with a readable path', () => {
    const loaded = loadConfig(FULL, ENV);
    const e = loaded.error(['resources', 'User', 'attributes', 'name.givenName'], 'column "first_name" does not exist', 'use one of: fname', true);
    assert.ok(e instanceof ConfigError);
    assert.equal(e.path, 'resources.User.attributes["name.givenName"]');
    assert.equal(e.message, `${FULL}:20:7: resources.User.attributes["name.givenName"]: column "first_name" does not exist\n  fix: use one of: fname`);
  });
});

describe('loadConfig: unreadable files and YAML syntax', () => {
  it('reports a missing file at 1:1 with a hint', () => {
    assert.throws(
      () => loadConfig('/nonexistent/scim.yaml', {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigErrors);
        assert.equal(e.errors[0]?.message, '/nonexistent/scim.yaml:1:1: the config file does not exist\n  fix: check the --config path, or write a starting point with "scim-bridge init --db …"');
        return true;
      },
    );
  });

  it('reports a YAML syntax error at the position the parser gives', () => {
    const text = 'database:\n  client: sqlite\n  connection: [a, b\nresources: {}\n';
    const [first] = problems(() => parseConfigText(text, FILE, {}));
    assert.deepEqual(first?.slice(0, 2), [4, 1]);
    assert.match(first?.[2] ?? '', /^YAML syntax error: Flow sequence/);
  });

  it('rejects duplicate keys at the second one', () => {
    const text = 'database: { client: sqlite, connection: a }\nresources: { User: { table: u, attributes: { userName: e } } }\ndatabase: {}\n';
    assert.throws(
      () => parseConfigText(text, FILE, {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigErrors);
        assert.equal(e.errors[0]?.position.line, 3);
        assert.equal(e.errors[0]?.position.column, 1);
        assert.match(e.errors[0]?.message ?? '', /Map keys must be unique\n {2}fix: keep one of the two keys/);
        return true;
      },
    );
  });

  it('reports an empty file', () => {
    assert.deepEqual(problems(() => parseConfigText('# nothing yet\n', FILE, {})), [[1, 1, 'the config file is empty']]);
  });

  it('reports several problems at once, in file order', () => {
    const text = [
      'database:',
      '  client: oracle',
      '  connection: ${DATABASE_URL}',
      'server: { port: 70000, hots: x }',
      'resources:',
      '  User:',
      '    attributes: { userName: { colum: email } }',
    ].join('\n');
    assert.deepEqual(problems(() => parseConfigText(text, FILE, {})), [
      [2, 11, '"oracle" is not allowed here'],
      [3, 15, 'environment variable DATABASE_URL is not set'],
      [4, 17, '70000 is out of range'],
      [4, 24, 'unknown key "hots"'],
      [6, 3, 'missing required key "table"'],
      [7, 31, 'unknown key "colum"'],
    ]);
  });
});
