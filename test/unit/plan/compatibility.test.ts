/**
 * Each compatibility rule (docs/compatibility.md), on and off, through the pure write pipeline:
 * parsePatchRequest → applyPatch → planUpdate. On: what the identity provider means is written.
 * Off: the RFC-literal answer (an exact scimType, or the literal result).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScimError } from '../../../src/errors.js';
import { rulesOf, type CompatibilityRule, type ResourceMapping } from '../../../src/mapping/types.js';
import { applyPatch } from '../../../src/plan/patch-apply.js';
import { planCreate, planUpdate } from '../../../src/plan/write-plan.js';
import type { Json } from '../../../src/plan/resource-values.js';
import { parsePatchRequest } from '../../../src/scim/patch-request.js';
import { ENT, people } from './fixture.js';

const USER: Json = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'user-1', userName: 'a@example.com',
  emails: [{ type: 'work', value: 'w@example.com' }], name: { givenName: 'A' }, title: 'T', active: true,
  [ENT]: { manager: { value: 'user-7' } }, meta: { resourceType: 'User' },
};

/** The columns a PATCH writes (without the maintained timestamp). */
function patchColumns(resource: ResourceMapping, operations: unknown[], before: Json = USER): Record<string, unknown> {
  const ops = parsePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }, rulesOf(resource));
  const { updated_at: _, ...columns } = planUpdate(resource, before, applyPatch(resource, before, ops), 'patch').columns;
  return columns;
}

function rejects(fn: () => unknown, scimType: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ScimError && e.scimType === scimType && e.status === 400);
}

interface RuleCase {
  readonly rule: CompatibilityRule;
  readonly on: (r: ResourceMapping) => void;
  readonly off: (r: ResourceMapping) => void;
  readonly emails?: string;
}

const TWO_EMAILS = 'emails[type eq "work"].value: work_email\n      emails[type eq "home"].value: home_email';

const RULES: readonly RuleCase[] = [
  { rule: 'opCase',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'Replace', path: 'title', value: 'X' }]), { title: 'X' }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'Replace', path: 'title', value: 'X' }]), 'invalidSyntax') },
  { rule: 'emptyOperations',
    on: (r) => assert.deepEqual(patchColumns(r, []), {}),
    off: (r) => rejects(() => patchColumns(r, []), 'invalidSyntax') },
  { rule: 'dottedKeys',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'add', value: { 'name.givenName': 'B', [`${ENT}:department`]: 'D' } }]), { given: 'B', department: 'D' }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'add', value: { 'name.givenName': 'B' } }]), 'invalidPath') },
  { rule: 'filteredReplaceCreates',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'n@x' }], { ...USER, emails: [] }), { work_email: 'n@x' }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'n@x' }], { ...USER, emails: [] }), 'noTarget') },
  { rule: 'singleElementArrays',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'replace', path: 'nickName', value: ['Babs'] }]), { nick: 'Babs' }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'replace', path: 'nickName', value: ['Babs'] }]), 'invalidValue') },
  { rule: 'emptyClears',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'Replace', path: `${ENT}:manager`, value: '' }]), { manager_id: null }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'replace', path: `${ENT}:manager`, value: '' }]), 'invalidValue') },
  { rule: 'scalarForComplex',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'add', path: `${ENT}:manager`, value: 'user-8' }]), { manager_id: '8' }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'add', path: `${ENT}:manager`, value: 'user-8' }]), 'invalidValue') },
  { rule: 'removeWithValue', emails: TWO_EMAILS,
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'Remove', path: 'emails', value: [{ value: 'h@x' }] }],
      { ...USER, emails: [{ type: 'work', value: 'w@x' }, { type: 'home', value: 'h@x' }] }), { home_email: null }),
    off: (r) => assert.deepEqual(patchColumns(r, [{ op: 'remove', path: 'emails', value: [{ value: 'h@x' }] }],
      { ...USER, emails: [{ type: 'work', value: 'w@x' }, { type: 'home', value: 'h@x' }] }), { work_email: null, home_email: null }) },
  { rule: 'soleElement',
    on: (r) => assert.equal(planCreate(r, { userName: 'b@x', emails: [{ value: 'p@x', primary: true }] }).columns['work_email'], 'p@x'),
    off: (r) => assert.equal(planCreate(r, { userName: 'b@x', emails: [{ value: 'p@x', primary: true }] }).columns['work_email'], undefined) },
  { rule: 'entraBooleanStrings',
    on: (r) => assert.deepEqual(patchColumns(r, [{ op: 'Replace', path: 'active', value: 'False' }]), { enabled: false }),
    off: (r) => rejects(() => patchColumns(r, [{ op: 'replace', path: 'active', value: 'False' }]), 'invalidValue') },
];

describe('compatibility rules, on by default and switchable', () => {
  for (const c of RULES) {
    it(`${c.rule}: on by default`, () => c.on(people('{}', c.emails)));
    it(`${c.rule}: off gives the RFC-literal answer`, () => c.off(people(`{ ${c.rule}: false }`, c.emails)));
  }
  it('every rule is covered here', () => {
    assert.deepEqual(RULES.map((c) => c.rule).sort(), Object.keys(rulesOf(people())).sort());
  });
});

describe('PUT (RFC 7644 §3.5.1) as a plan', () => {
  const r = people();
  const stored: Json = { ...USER, userType: 'Employee', password: 'hash' };
  const put = (body: Json) => { const { updated_at: _, ...c } = planUpdate(r, stored, body, 'put').columns; return c; };
  const base = { userName: 'a@example.com', emails: [{ type: 'work', value: 'w@example.com' }], name: { givenName: 'A' }, title: 'T', active: true, [ENT]: { manager: { value: 'user-7' } } };

  it('replaces readWrite attributes and clears the ones left out', () => {
    assert.deepEqual(put({ ...base, title: undefined, nickName: 'N' }), { title: null, nick: 'N' });
  });
  it('ignores id, meta and other readOnly attributes in the body', () => {
    assert.deepEqual(put({ ...base, id: 'user-999', meta: { created: '2001-01-01T00:00:00Z' }, groups: [{ value: 'g' }] }), {});
  });
  it('keeps writeOnly and immutable attributes the body leaves out', () => {
    assert.deepEqual(put(base), {});
  });
  it('an immutable attribute must match (400 mutability)', () => {
    rejects(() => put({ ...base, userType: 'Contractor' }), 'mutability');
    assert.deepEqual(put({ ...base, userType: 'Employee' }), {});
  });
  it('an immutable attribute may be set when it had no value', () => {
    assert.deepEqual(planUpdate(r, USER, { ...base, userType: 'Contractor' }, 'put').columns['badge'], 'Contractor');
  });
  it('a required attribute cannot be left out (400 invalidValue)', () => {
    rejects(() => put({ ...base, userName: undefined, emails: [] }), 'invalidValue');
  });
});
