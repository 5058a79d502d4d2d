import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigErrors } from '../../../src/errors.js';
import type { ConfigError } from '../../../src/errors.js';
import { parseConfigText } from '../../../src/config/load.js';
import { unknownKeyHint } from '../../../src/config/validate.js';

const FILE = '/srv/scim/config.yaml';

/** A valid config whose `User` resource gets `lines` (indented 4) after line 5. */
function user(...lines: string[]): string {
  return ['database: { client: sqlite, connection: demo.sqlite }', 'resources:', '  User:', '    table: users', '    attributes:', ...lines].join('\n');
}

/** Every ConfigError thrown for `text`; fails when nothing is thrown. */
function errorsOf(text: string): readonly ConfigError[] {
  let errors: readonly ConfigError[] = [];
  assert.throws(
    () => parseConfigText(text, FILE, {}),
    (e: unknown) => {
      assert.ok(e instanceof ConfigErrors, String(e));
      errors = e.errors;
      return true;
    },
  );
  return errors;
}

/** The one error thrown for `text`, checked for file, line, column and path. */
function onlyError(text: string, line: number, column: number, path: string): ConfigError {
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
  const [e] = errors;
  assert.ok(e !== undefined);
  assert.deepEqual([e.position.file, e.position.line, e.position.column, e.path], [FILE, line, column, path]);
  return e;
}

describe('schema errors: unknown keys', () => {
  it('suggests the closest allowed key and lists them, and does not also say the key is missing', () => {
    const e = onlyError(user('      userName: { colum: email }'), 6, 19, 'resources.User.attributes.userName.colum');
    assert.equal(e.problem, 'unknown key "colum"');
    assert.ok(e.hint.startsWith('did you mean "column"? allowed keys: column, type, mutability, returned, required'), e.hint);
    assert.match(e.message, /fix: did you mean "column"\?/);
  });

  it('lists the allowed keys when nothing is close', () => {
    const e = onlyError(`${user('      userName: email')}\nlogging: debug`, 7, 1, 'logging');
    assert.equal(e.hint, 'allowed keys: database, server, compatibility, auth, schemas, resources');
  });

  it('matches case-insensitively', () => {
    const e = onlyError(`${user('      userName: email')}\nserver: { basepath: /scim }`, 7, 11, 'server.basepath');
    assert.match(e.hint, /^did you mean "basePath"\?/);
  });
});

describe('schema errors: values', () => {
  it('lists the allowed values of an enum and guesses the intended one', () => {
    const e = onlyError(user('      userName: { column: email, mutability: readonly }'), 6, 46, 'resources.User.attributes.userName.mutability');
    assert.equal(e.problem, '"readonly" is not allowed here');
    assert.equal(e.hint, 'did you mean "readOnly"? use one of: "readOnly", "readWrite", "immutable", "writeOnly"');
  });

  it('explains both forms of delete in one message', () => {
    const e = onlyError(user('      userName: email', '    delete: soft'), 7, 13, 'resources.User.delete');
    assert.equal(e.hint, 'use one of: "hard", "forbid"; or write an object with "soft", "epoch"');
  });

  it('names the expected type and shows the value', () => {
    const e = onlyError(`${user('      userName: email')}\nserver: { port: eighty }`, 7, 17, 'server.port');
    assert.equal(e.problem, 'expected an integer, got string "eighty"');
    assert.match(e.hint, /e\.g\. 8080/);
  });

  it('reports an attribute that is neither a column name nor an object once', () => {
    const e = onlyError(user('      userName: 5'), 6, 17, 'resources.User.attributes.userName');
    assert.equal(e.problem, 'expected a string or an object, got integer 5');
  });

  it('reports the inner problem of an attribute object, not the oneOf noise', () => {
    const e = onlyError(user('      userName: { column: email, required: yes }'), 6, 44, 'resources.User.attributes.userName.required');
    assert.equal(e.problem, 'expected a boolean, got string "yes"');
  });

  it('reports numbers out of range with the range', () => {
    const e = onlyError(`${user('      userName: email')}\nserver: { port: 65536 }`, 7, 17, 'server.port');
    assert.equal(e.hint, 'use a number from 0 to 65535');
  });

  it('reports an empty section at its key', () => {
    const e = onlyError(`${user('      userName: email')}\nserver:\n`, 7, 1, 'server');
    assert.equal(e.problem, 'expected an object, got an empty value');
  });

  it('reports a resource name that is not a SCIM resource name at the key', () => {
    const text = ['database: { client: mysql, connection: "mysql://x" }', 'resources:', '  users: { table: users, attributes: { userName: email } }'].join('\n');
    const e = onlyError(text, 3, 3, 'resources.users');
    assert.match(e.problem, /"users" is not a valid name here/);
    assert.match(e.hint, /^rename it, e\.g\. "User"/);
  });
});

describe('schema errors: missing keys', () => {
  it('names the missing key and where to add it, at the key of its parent', () => {
    const text = ['database: { client: sqlite, connection: demo.sqlite }', 'resources:', '  User:', '    attributes: { userName: email }'].join('\n');
    const e = onlyError(text, 3, 3, 'resources.User');
    assert.equal(e.problem, 'missing required key "table"');
    assert.ok(e.hint.startsWith('add "table: …" under resources.User'), e.hint);
  });

  it('reports a missing top-level section at the start of the file', () => {
    const e = onlyError('resources: { User: { table: u, attributes: { userName: e } } }\n', 1, 1, '');
    assert.equal(e.problem, 'missing required key "database"');
    assert.match(e.hint, /at the top level/);
  });
});

describe('map values', () => {
  it('rejects an empty list and nested objects, naming the allowed types', () => {
    const errors = errorsOf(user('      active: { column: s, map: { true: [], false: { a: 1 } } }'));
    assert.deepEqual(
      errors.map((e) => [e.position.line, e.position.column, e.path, e.problem]),
      [
        [6, 35, 'resources.User.attributes.active.map.true', 'must not be empty'],
        [6, 52, 'resources.User.attributes.active.map.false', 'expected a string, number, boolean, null or list, got object {"a":1}'],
      ],
    );
  });
});

describe('coercion', () => {
  it('turns numeric and boolean strings into numbers and booleans only where the schema wants them', () => {
    const text = [
      user('      active: { column: status, map: { true: "1", false: 0, unknown: null, maybe: "true", other: false, many: ["2", 3, null] } }'),
      '    scope: { tenant_id: "7", region: eu, flag: true }',
      'server: { port: "8080", strict: "true", host: "10", defaultCount: "50" }',
    ].join('\n');
    const { raw } = parseConfigText(text, FILE, {});
    assert.deepEqual(raw.server, { port: 8080, strict: true, host: '10', defaultCount: 50 });
    assert.deepEqual(raw.resources['User']?.scope, { tenant_id: '7', region: 'eu', flag: true });
    assert.deepEqual(raw.resources['User']?.attributes['active'], {
      column: 'status',
      map: { true: '1', false: 0, unknown: null, maybe: 'true', other: false, many: ['2', 3, null] },
    });
  });

  it('does not coerce what is not a whole number', () => {
    const e = onlyError(`${user('      userName: email')}\nserver: { port: "80.5" }`, 7, 17, 'server.port');
    assert.equal(e.problem, 'expected an integer, got string "80.5"');
  });
});

describe('suggestions', () => {
  it('does not suggest far-away keys', () => {
    assert.equal(unknownKeyHint('zzzzzz', ['column', 'type']), 'allowed keys: column, type');
    assert.equal(unknownKeyHint('x', []), 'remove it');
  });
});
