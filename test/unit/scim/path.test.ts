import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, attr, cmp, eq } from '../../../src/scim/filter/ast.js';
import type { AttrPath, PatchPath } from '../../../src/scim/filter/ast.js';
import { parseAttrPath, parseAttrPathList, parsePatchPath } from '../../../src/scim/path.js';
import { printAttrPath, printPatchPath } from '../../../src/scim/filter/print.js';
import { ScimError } from '../../../src/errors.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function scimError(scimType: string, pattern: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ScimError, `expected a ScimError, got ${String(e)}`);
    assert.equal(e.status, 400);
    assert.equal(e.scimType, scimType);
    assert.match(e.detail, /at position \d+: /);
    assert.match(e.detail, pattern);
    return true;
  };
}

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  const cases: ReadonlyArray<readonly [string, PatchPath]> = [
    ['userName', { attrPath: attr('userName') }],
    ['name.givenName', { attrPath: attr('name', 'givenName') }],
    ['members', { attrPath: attr('members') }],
    ['members[value eq "2819c223"]', { attrPath: attr('members'), filter: eq(attr('value'), '2819c223') }],
    ['emails[type eq "work"].value', { attrPath: attr('emails'), filter: eq(attr('type'), 'work'), subAttr: 'value' }],
    [
      'addresses[type eq "work" and primary eq true].streetAddress',
      { attrPath: attr('addresses'), filter: and(eq(attr('type'), 'work'), eq(attr('primary'), true)), subAttr: 'streetAddress' },
    ],
    [`${ENTERPRISE}:manager`, { attrPath: attr('manager', undefined, ENTERPRISE) }],
    [`${ENTERPRISE}:manager.value`, { attrPath: attr('manager', 'value', ENTERPRISE) }],
    [`${CORE_USER}:name.givenName`, { attrPath: attr('name', 'givenName', CORE_USER) }],
    [`${CORE_USER}:emails[type eq "work"].value`, { attrPath: attr('emails', undefined, CORE_USER), filter: eq(attr('type'), 'work'), subAttr: 'value' }],
    // A bare schema URN parses by the last-colon rule; the caller recognises `${uri}:${name}`.
    [ENTERPRISE, { attrPath: attr('User', undefined, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0') }],
    ['members[value eq "a"].$ref', { attrPath: attr('members'), filter: eq(attr('value'), 'a'), subAttr: '$ref' }],
    ['  emails[value co "@x"]  ', { attrPath: attr('emails'), filter: cmp(attr('value'), 'co', '@x') }],
  ];
  for (const [text, expected] of cases) {
    test(text, () => {
      const parsed = parsePatchPath(text);
      assert.deepEqual(parsed, expected);
      assert.deepEqual(parsePatchPath(printPatchPath(parsed)), parsed);
    });
  }

  const errors: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['empty', '', /position 1: the path is empty/],
    ['trailing garbage', 'userName x', /position 10: expected "\[" or end of path, found "x"/],
    ['unclosed bracket', 'emails[type eq "work"', /close the "\[" at position 7/],
    ['space before .sub', 'emails[type eq "work"] .value', /position 24: expected "." right after "\]"/],
    ['space after .', 'emails[type eq "work"]. value', /position 25: expected a sub-attribute name right after "."/],
    ['dot then nothing', 'emails[type eq "work"].', /expected a sub-attribute name/],
    ['sub after sub', 'name.givenName[value pr].x', /cannot have a further sub-attribute/],
    ['nested value path', 'emails[a[b pr]]', /value paths cannot be nested/],
    ['bad filter', 'emails[type equals "work"]', /position 13: expected a comparison operator/],
    ['filter in the path is still a path error', 'emails[type eq "x', /unterminated string/],
    ['URN without attribute', `${ENTERPRISE}:`, /expected an attribute name/],
    ['three levels', 'a.b.c', /at most one sub-attribute/],
    ['two subs after ]', 'a[x eq 1].b.c', /position 12: a value path takes at most one sub-attribute/],
    ['too long', 'a'.repeat(5000), /limit is 4096/],
    ['too deep', `a[${'('.repeat(60)}`, /nested more than 50 deep/],
  ];
  for (const [name, text, pattern] of errors) {
    test(`error: ${name}`, () => assert.throws(() => parsePatchPath(text), scimError('invalidPath', pattern)));
  }
});

describe('parseAttrPath (sortBy, attributes)', () => {
  const cases: ReadonlyArray<readonly [string, AttrPath]> = [
    ['userName', attr('userName')],
    ['name.familyName', attr('name', 'familyName')],
    ['meta.lastModified', attr('meta', 'lastModified')],
    [`${ENTERPRISE}:department`, attr('department', undefined, ENTERPRISE)],
    [`${CORE_USER}:name.givenName`, attr('name', 'givenName', CORE_USER)],
    ['members.$ref', attr('members', '$ref')],
    ['x-custom_1', attr('x-custom_1')],
  ];
  for (const [text, expected] of cases) {
    test(text, () => {
      assert.deepEqual(parseAttrPath(text), expected);
      assert.equal(printAttrPath(expected), text);
    });
  }
  test('errors carry the chosen scimType', () => {
    assert.throws(() => parseAttrPath('emails[type eq "x"]'), scimError('invalidPath', /position 7: expected end of attribute path, found "\["/));
    assert.throws(() => parseAttrPath('1abc', 'invalidValue'), scimError('invalidValue', /position 1: invalid number "1abc"/));
    assert.throws(() => parseAttrPath('', 'invalidFilter'), scimError('invalidFilter', /expected an attribute path, found end of attribute path/));
    assert.throws(() => parseAttrPath('a b'), scimError('invalidPath', /position 3/));
  });
});

describe('parseAttrPathList', () => {
  test('comma-separated, whitespace tolerated', () => {
    assert.deepEqual(parseAttrPathList(` userName ,name.givenName,${ENTERPRISE}:department , emails.value`), [
      attr('userName'),
      attr('name', 'givenName'),
      attr('department', undefined, ENTERPRISE),
      attr('emails', 'value'),
    ]);
  });
  test('a blank list is empty', () => {
    assert.deepEqual(parseAttrPathList(''), []);
    assert.deepEqual(parseAttrPathList('  '), []);
  });
  const errors: ReadonlyArray<readonly [string, RegExp]> = [
    ['a,,b', /position 3: expected an attribute path, found ","/],
    ['a,', /position 3: expected an attribute path, found end of attribute list/],
    [',a', /position 1/],
    ['a b', /position 3: expected "," or end of attribute list, found "b"/],
    ['a;b', /unexpected character ";"/],
  ];
  for (const [text, pattern] of errors) {
    test(`error: ${JSON.stringify(text)}`, () => assert.throws(() => parseAttrPathList(text, 'invalidValue'), scimError('invalidValue', pattern)));
  }
});
