import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInList, quotedValues } from '../../../src/cli/enum-values.js';
import { propose, type Draft } from '../../../src/cli/propose.js';
import { statusAttribute, tenantVariable, uncoveredColumns } from '../../../src/cli/propose-extras.js';
import { DJANGO, UUID_STATUS } from './propose-fixtures.js';

const draftOf = (schema: typeof DJANGO, enumValues?: Map<string, string[]>): Draft => {
  const result = propose(schema, enumValues ? { enumValues } : {});
  assert.equal(result.kind, 'draft');
  return (result as { draft: Draft }).draft;
};

describe('enum values from the catalog', () => {
  test('MySQL ENUM and quoted lists, with doubled quotes', () => {
    assert.deepEqual(quotedValues(`('active','it''s','x y')`), ['active', "it's", 'x y']);
  });
  test('SQLite and PostgreSQL CHECK constraints', () => {
    assert.deepEqual(checkInList("create table `users` (`status` text check (`status` in ('active', 'suspended')) not null)", 'status'), ['active', 'suspended']);
    assert.deepEqual(checkInList("CHECK ((status = ANY (ARRAY['active'::text, 'gone'::text])))", 'status'), ['active', 'gone']);
    assert.equal(checkInList("check (`kind` in ('a'))", 'status'), undefined);
  });
});

describe('propose: active over an enum-like status column', () => {
  const base = { path: 'active', column: 'status', reason: 'guessed from column name status', map: { true: 'active', false: 'inactive' }, check: 'the values…' };
  test('known values: true ↔ the active one; false writes the best inactive word and reads every other value', () => {
    const a = statusAttribute(base, ['pending', 'active', 'suspended', 'deprovisioned']);
    assert.deepEqual(a.map, { true: 'active', false: ['deprovisioned', 'pending', 'suspended'] });
    assert.equal(a.check, undefined);
    assert.match(a.reason, /deactivating writes deprovisioned/);
  });
  test('no active-like value, or no values: the guess stays with its CHECK', () => {
    assert.equal(statusAttribute(base, ['new', 'old']), base);
    assert.equal(statusAttribute(base, undefined), base);
  });
  test('propose uses the hints for the uuid/status schema', () => {
    const { user } = draftOf(UUID_STATUS, new Map([['users.status', ['active', 'suspended', 'deprovisioned']]]));
    assert.deepEqual(user.attributes.find((a) => a.path === 'active')?.map, { true: 'active', false: ['deprovisioned', 'suspended'] });
  });
});

describe('propose: NOT NULL columns a create cannot fill', () => {
  test("Django's password, is_superuser and is_staff get defaults, so no CHECK note; nullable and defaulted columns do not", () => {
    const { user } = draftOf(DJANGO);
    assert.deepEqual(user.defaults.map((d) => d.column), ['password', 'is_superuser', 'is_staff']);
    assert.deepEqual(user.uncovered, []);
    assert.doesNotMatch(user.notes.join('\n'), /CHECK: POST/);
  });
  test('uncoveredColumns skips auto-increment, defaults, nullable and written columns', () => {
    const table = {
      name: 't', primaryKey: ['id'], uniques: [], foreignKeys: [],
      columns: [
        { name: 'id', kind: 'integer' as const, dataType: 'int', nullable: false, hasDefault: false, autoIncrement: true },
        { name: 'a', kind: 'string' as const, dataType: 'text', nullable: false, hasDefault: true, autoIncrement: false },
        { name: 'b', kind: 'string' as const, dataType: 'text', nullable: true, hasDefault: false, autoIncrement: false },
        { name: 'c', kind: 'string' as const, dataType: 'text', nullable: false, hasDefault: false, autoIncrement: false },
        { name: 'd', kind: 'string' as const, dataType: 'text', nullable: false, hasDefault: false, autoIncrement: false },
      ],
    };
    assert.deepEqual(uncoveredColumns(table, new Set(['d'])), ['c']);
  });
  test('tenant variables are SCIM_ + the column in capitals', () => {
    assert.equal(tenantVariable('account_id'), 'SCIM_ACCOUNT_ID');
    assert.equal(tenantVariable('orgId'), 'SCIM_ORGID');
  });
});
