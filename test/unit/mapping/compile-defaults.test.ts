/**
 * `defaults:` compiled against a hand-written table: what compiles (constants, `$now`, `$uuid`, the
 * `$$` escape), every start-up error with its exact line:column, and how planCreate / planUpdate
 * use the result (insert only).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/load.js';
import { ConfigErrors } from '../../../src/errors.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { ColumnKind, DbColumn, DbSchema } from '../../../src/mapping/db-schema.js';
import { NOW, UUID, type ResourceMapping } from '../../../src/mapping/types.js';
import { planCreate, planUpdate } from '../../../src/plan/write-plan.js';

const col = (name: string, kind: ColumnKind, nullable = false, maxLength?: number): DbColumn =>
  ({ name, kind, dataType: kind === 'string' ? `varchar(${maxLength ?? 255})` : kind, nullable, hasDefault: false, autoIncrement: name === 'id', ...(maxLength !== undefined ? { maxLength } : {}) });

const DB: DbSchema = {
  tables: [{
    name: 'accounts',
    columns: [
      col('id', 'integer'), col('email', 'string'), col('password', 'string', false, 128), col('is_staff', 'boolean'),
      col('logins', 'integer'), col('score', 'decimal'), col('slug', 'string'), col('code', 'string', false, 20),
      col('joined', 'dateTime'), col('born', 'date', true), col('token', 'uuid'), col('tenant', 'integer'),
      col('deleted', 'boolean'), col('note', 'string', true),
    ],
    primaryKey: ['id'], uniques: [['email'], ['slug']], foreignKeys: [],
  }],
};

/** A config whose User resource has `defaults:` as written (one entry a line, at column 7). */
function yaml(defaults: readonly string[]): string {
  return [
    'database: { client: sqlite, connection: ":memory:" }', // 1
    'auth: { bearer: [ "0123456789abcdef0123" ] }', // 2
    'resources:', // 3
    '  User:', // 4
    '    table: accounts', // 5
    '    scope: { tenant: 1 }', // 6
    '    delete: { soft: deleted }', // 7
    '    defaults:', // 8
    ...defaults.map((d) => `      ${d}`), // 9…
    '    attributes:',
    '      userName: email',
    '',
  ].join('\n');
}

function compile(defaults: readonly string[]): ResourceMapping {
  return compileMapping(parseConfigText(yaml(defaults), 'unit.yaml', {}), DB).resources[0] as ResourceMapping;
}

/** [line, column, problem, hint] of every error the compile throws. */
function errors(defaults: readonly string[]): [number, number, string, string][] {
  let found: [number, number, string, string][] = [];
  assert.throws(() => compile(defaults), (e: unknown) => {
    assert.ok(e instanceof ConfigErrors, String(e));
    found = e.errors.map((x) => [x.position.line, x.position.column, x.problem, x.hint]);
    return true;
  });
  return found;
}

describe('defaults: what compiles', () => {
  test('constants, $now, $uuid and the $$ escape become InsertDefaults with the column kinds', () => {
    const r = compile(['password: "!"', 'is_staff: false', 'logins: 0', 'score: 1.5', 'slug: $uuid', 'joined: $now',
      'code: "$$now"', 'born: null', 'token: $UUID', 'deleted: false', 'note: "2024"']);
    const got = Object.fromEntries((r.insertDefaults ?? []).map((d) => [d.column.name, d.value]));
    assert.deepEqual(got, { password: '!', is_staff: false, logins: 0, score: 1.5, slug: UUID, joined: NOW, code: '$now', born: null, token: UUID, deleted: false, note: '2024' });
    assert.equal(r.insertDefaults?.find((d) => d.column.name === 'is_staff')?.column.kind, 'boolean');
  });
  test('ISO text for a timestamp column is bound as a Date', () => {
    const r = compile(['joined: "2024-01-02T03:04:05Z"']);
    assert.deepEqual(r.insertDefaults?.[0]?.value, new Date('2024-01-02T03:04:05Z'));
  });
  test('a resource without defaults: has no insertDefaults', () => {
    const text = yaml([]).replace('    defaults:\n', '');
    const r = compileMapping(parseConfigText(text, 'unit.yaml', {}), DB).resources[0];
    assert.equal(r?.insertDefaults, undefined);
  });
});

describe('defaults: start-up errors, each at its line:column', () => {
  test('an unknown column, at its key, with a did-you-mean', () => {
    const [e, ...rest] = errors(['pasword: "!"']);
    assert.deepEqual(rest, []);
    assert.deepEqual(e?.slice(0, 3), [9, 7, 'column "pasword" does not exist in table "accounts"']);
    assert.match(e?.[3] ?? '', /^did you mean "password"\? the table's columns are: id, email, password/);
  });
  test('a column an attribute maps takes a default as the value when a create does not give one', () => {
    const r = compile(['is_staff: false', 'password: "!"', 'email: nobody@example.com']);
    assert.equal(r.attributes.find((a) => a.key === 'userName')?.characteristics.required, true, 'userName is required by RFC 7643 all the same');
    assert.equal(planCreate(r, { userName: 'ada@example.com' }).columns['email'], 'ada@example.com', 'the attribute wins over the default');
  });
  test('the id column and a scope column are written by the server already', () => {
    const found = errors(['id: 1', 'tenant: 2']);
    assert.deepEqual(found.map((e) => e.slice(0, 2)), [[9, 7], [10, 7]]);
    assert.match(found[0]?.[2] ?? '', /^column "id" is already the id column/);
    assert.equal(found[1]?.[2], 'column "tenant" is already set by scope (resources.User.scope)');
  });
  test('values that do not fit the column kind, at the value', () => {
    const found = errors(['is_staff: "no"', 'logins: 1.5', 'slug: 7', 'password: null', 'code: $uuid', 'joined: yesterday', 'token: abc']);
    assert.deepEqual(found, [
      [9, 17, 'column "is_staff" is boolean NOT NULL: the text "no" does not fit it (write it without quotes)', 'write a value that fits boolean NOT NULL, e.g. is_staff: false'],
      [10, 15, 'column "logins" is integer NOT NULL: 1.5 is not a whole number', 'write a value that fits integer NOT NULL, e.g. logins: 0'],
      [11, 13, 'column "slug" is varchar(255) NOT NULL: the number 7 does not fit it (quote it: "7")', 'write a value that fits varchar(255) NOT NULL, e.g. slug: "" (or $uuid when it must be unique)'],
      [12, 17, 'column "password" is varchar(128) NOT NULL: null cannot be its default', 'write a value that fits varchar(128) NOT NULL, e.g. password: "" (or $uuid when it must be unique)'],
      [13, 13, 'column "code" is varchar(20) NOT NULL: $uuid is 36 characters, longer than its 20', 'write a value that fits varchar(20) NOT NULL, e.g. code: "" (or $uuid when it must be unique)'],
      [14, 15, 'column "joined" is dateTime NOT NULL: "yesterday" is not a date and time (write $now, or an ISO 8601 text such as "2024-01-01T00:00:00Z")', 'write a value that fits dateTime NOT NULL, e.g. joined: $now'],
      [15, 14, 'column "token" is uuid NOT NULL: "abc" is not a UUID (write $uuid for a new one)', 'write a value that fits uuid NOT NULL, e.g. token: $uuid'],
    ]);
  });
  test('$now on a boolean column, a boolean on an integer column ($now on a text column is ISO text)', () => {
    const found = errors(['is_staff: $now', 'logins: true', 'slug: $now']);
    assert.deepEqual(found.map((e) => e.slice(0, 3)), [
      [9, 17, 'column "is_staff" is boolean NOT NULL: $now (a timestamp) does not fit it'],
      [10, 15, 'column "logins" is integer NOT NULL: the boolean true does not fit it (write 0 or 1)'],
    ]);
  });
  test('an unknown generator is a typo, not text', () => {
    const [e] = errors(['joined: $nwo']);
    assert.deepEqual(e?.slice(0, 3), [9, 15, '"$nwo" is not a generator']);
    assert.match(e?.[3] ?? '', /^did you mean "\$now"\? the generators are \$now .*, \$nowMillis .*, \$uuid .*; write "\$\$nwo" for the literal text \$nwo$/);
  });
  test('the soft-delete marker may only be given its live value', () => {
    const [e] = errors(['deleted: true']);
    assert.deepEqual(e?.slice(0, 3), [9, 16, 'column "deleted" is the soft-delete marker: a created row must be live (false)']);
  });
  test('the JSON Schema: a list is not a default value; defaults: must be a map', () => {
    const [list] = errors(['slug: [a, b]']);
    assert.deepEqual(list?.slice(0, 3), [9, 13, 'expected a string, number, boolean or null, got array ["a","b"]']);
    const text = yaml([]).replace('    defaults:\n', '    defaults: 5\n');
    assert.throws(() => parseConfigText(text, 'unit.yaml', {}), (e: unknown) => {
      assert.ok(e instanceof ConfigErrors);
      assert.deepEqual(e.errors.map((x) => [x.position.line, x.position.column, x.problem]), [[8, 15, 'expected an object, got integer 5']]);
      return true;
    });
  });
});

describe('defaults: insert only', () => {
  const r = compile(['password: "!"', 'is_staff: false', 'slug: $uuid', 'joined: $now']);
  test('planCreate writes every default (generators as markers, resolved by the SQL layer)', () => {
    const plan = planCreate(r, { userName: 'a@example.com' });
    assert.deepEqual(plan.columns, { password: '!', is_staff: false, slug: UUID, joined: NOW, email: 'a@example.com', tenant: 1, deleted: false });
  });
  test('planUpdate never writes them (PUT and PATCH)', () => {
    const before = { userName: 'a@example.com' };
    for (const kind of ['put', 'patch'] as const) {
      assert.deepEqual(planUpdate(r, before, { userName: 'b@example.com' }, kind).columns, { email: 'b@example.com' });
      assert.deepEqual(planUpdate(r, before, before, kind).columns, {});
    }
  });
});
