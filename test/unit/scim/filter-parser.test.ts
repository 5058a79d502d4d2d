import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, attr, cmp, eq, not, or, pr, vp } from '../../../src/scim/filter/ast.js';
import type { Filter } from '../../../src/scim/filter/ast.js';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { ScimError } from '../../../src/errors.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const T = '2011-05-13T04:42:34Z';

/** A 400 invalidFilter whose detail names a position (and, if given, matches `pattern`). */
function invalidFilter(pattern?: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ScimError, `expected a ScimError, got ${String(e)}`);
    assert.equal(e.status, 400);
    assert.equal(e.scimType, 'invalidFilter');
    assert.match(e.detail, /^Invalid filter at position \d+: /);
    if (pattern) assert.match(e.detail, pattern);
    return true;
  };
}

describe('RFC 7644 §3.4.2.2 examples', () => {
  const examples: ReadonlyArray<readonly [string, Filter]> = [
    ['userName eq "bjensen"', eq(attr('userName'), 'bjensen')],
    ['name.familyName co "O\'Malley"', cmp(attr('name', 'familyName'), 'co', "O'Malley")],
    ['userName sw "J"', cmp(attr('userName'), 'sw', 'J')],
    [`${CORE_USER}:userName sw "J"`, cmp(attr('userName', undefined, CORE_USER), 'sw', 'J')],
    ['title pr', pr(attr('title'))],
    [`meta.lastModified gt "${T}"`, cmp(attr('meta', 'lastModified'), 'gt', T)],
    [`meta.lastModified ge "${T}"`, cmp(attr('meta', 'lastModified'), 'ge', T)],
    [`meta.lastModified lt "${T}"`, cmp(attr('meta', 'lastModified'), 'lt', T)],
    [`meta.lastModified le "${T}"`, cmp(attr('meta', 'lastModified'), 'le', T)],
    ['title pr and userType eq "Employee"', and(pr(attr('title')), eq(attr('userType'), 'Employee'))],
    ['title pr or userType eq "Intern"', or(pr(attr('title')), eq(attr('userType'), 'Intern'))],
    [`schemas eq "${ENTERPRISE}"`, eq(attr('schemas'), ENTERPRISE)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      and(eq(attr('userType'), 'Employee'), or(cmp(attr('emails'), 'co', 'example.com'), cmp(attr('emails', 'value'), 'co', 'example.org'))),
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(
        cmp(attr('userType'), 'ne', 'Employee'),
        not(or(cmp(attr('emails'), 'co', 'example.com'), cmp(attr('emails', 'value'), 'co', 'example.org'))),
      ),
    ],
    ['userType eq "Employee" and (emails.type eq "work")', and(eq(attr('userType'), 'Employee'), eq(attr('emails', 'type'), 'work'))],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      and(eq(attr('userType'), 'Employee'), vp(attr('emails'), and(eq(attr('type'), 'work'), cmp(attr('value'), 'co', '@example.com')))),
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      or(
        vp(attr('emails'), and(eq(attr('type'), 'work'), cmp(attr('value'), 'co', '@example.com'))),
        vp(attr('ims'), and(eq(attr('type'), 'xmpp'), cmp(attr('value'), 'co', '@foo.com'))),
      ),
    ],
  ];
  for (const [text, expected] of examples) {
    test(text, () => assert.deepEqual(parseFilter(text), expected));
  }
});

describe('grammar details', () => {
  const cases: ReadonlyArray<readonly [string, string, Filter]> = [
    ['operators are case-insensitive', 'userName Eq "john"', eq(attr('userName'), 'john')],
    ['names keep their case', 'Username eq "john"', eq(attr('Username'), 'john')],
    ['not > and > or', 'a pr or b pr and not (c pr)', or(pr(attr('a')), and(pr(attr('b')), not(pr(attr('c')))))],
    ['and is left-associative', 'a pr and b pr and c pr', and(and(pr(attr('a')), pr(attr('b'))), pr(attr('c')))],
    ['or is left-associative', 'a pr or b pr or c pr', or(or(pr(attr('a')), pr(attr('b'))), pr(attr('c')))],
    ['grouping overrides precedence', '(a pr or b pr) and c pr', and(or(pr(attr('a')), pr(attr('b'))), pr(attr('c')))],
    ['not( without a space', 'not(a pr)', not(pr(attr('a')))],
    ['NOT in upper case', 'NOT (a pr)', not(pr(attr('a')))],
    ['attribute named like an operator', 'pr pr and and eq 1', and(pr(attr('pr')), eq(attr('and'), 1))],
    ['attribute named not', 'not eq "x" or not pr', or(eq(attr('not'), 'x'), pr(attr('not')))],
    ['value path on an attribute named not', 'not[type pr]', vp(attr('not'), pr(attr('type')))],
    ['JSON escapes', String.raw`x eq "a\"b\\c\/d\n\u00e9\ud83d\ude00"`, eq(attr('x'), 'a"b\\c/d\né😀')],
    ['numbers', 'a eq -1.5e3 and b gt 0 and c lt 42', and(and(eq(attr('a'), -1500), cmp(attr('b'), 'gt', 0)), cmp(attr('c'), 'lt', 42))],
    ['true false null, any case', 'a eq TRUE or b ne false or c eq Null', or(or(eq(attr('a'), true), cmp(attr('b'), 'ne', false)), eq(attr('c'), null))],
    ['$ref', 'members.$ref eq "x"', eq(attr('members', '$ref'), 'x')],
    [
      'enterprise extension attribute',
      `${ENTERPRISE}:department eq "Sales"`,
      eq(attr('department', undefined, ENTERPRISE), 'Sales'),
    ],
    ['URN with a sub-attribute', `${CORE_USER}:name.givenName pr`, pr(attr('name', 'givenName', CORE_USER))],
    ['tabs and newlines as SP', 'a\tpr\nand\r\nb pr', and(pr(attr('a')), pr(attr('b')))],
    ['no space before a string', 'a eq"x"', eq(attr('a'), 'x')],
    ['50 levels of nesting are allowed', `${'('.repeat(50)}a pr${')'.repeat(50)}`, pr(attr('a'))],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseFilter(text), expected));
  }
});

describe('errors', () => {
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['empty', '', /position 1: the filter is empty/],
    ['blank', '   ', /the filter is empty/],
    ['unbalanced (', '(a pr', /position 6: expected "and", "or" or "\)" to close the "\(" at position 1, found end of filter/],
    ['unbalanced )', 'a pr)', /position 5: expected "and", "or" or end of filter, found "\)"/],
    ['unbalanced [', 'emails[type pr', /close the "\[" at position 7/],
    ['unbalanced ]', 'a pr]', /found "\]"/],
    ['missing value', 'userName eq', /position 12: expected a value .* after "eq", found end of filter/],
    ['unquoted value', 'userName eq bjensen', /string values must be in double quotes/],
    ['bad operator', 'userName equals "x"', /position 10: expected a comparison operator \(eq, ne, co, sw, ew, gt, lt, ge, le, pr\) after "userName", found "equals"/],
    ['missing operator', 'userName', /expected a comparison operator .* found end of filter/],
    ['pr with a value', 'title pr "x"', /position 10: "pr" takes no value/],
    ['boolean with gt', 'active gt true', /true can only be compared with "eq" or "ne", not "gt"/],
    ['null with co', 'title co null', /null can only be compared with "eq" or "ne", not "co"/],
    ['unterminated string', 'a eq "abc', /position 6: unterminated string literal/],
    ['bad escape', 'a eq "a\\qb"', /position 8: invalid escape "\\\\q"/],
    ['bad unicode escape', 'a eq "\\u12G4"', /invalid escape/],
    ['raw control character', 'a eq "a\u0001"', /control characters must be escaped/],
    ['not without parens', 'not title pr', /position 5: expected "\(" after "not", found "title"/],
    ['not at the end', 'not', /expected "\(" after "not", found end of filter/],
    ['trailing garbage', 'a pr b pr', /position 6: expected "and", "or" or end of filter, found "b"/],
    ['dangling and', 'a pr and', /expected an attribute path, "not \(" or "\(", found end of filter/],
    ['string then .value', '"abc".value eq 1', /position 1: expected an attribute path/],
    ['value then .value', 'a eq "x".value', /position 9: expected "and", "or" or end of filter, found "."/],
    ['leading zero', 'a eq 01', /invalid number "01"/],
    ['number out of range', 'a eq 1e400', /out of range/],
    ['bad number', 'a eq -x', /invalid number/],
    ['nested value path', 'a[b[c pr]]', /position 4: value paths cannot be nested/],
    ['empty value path', 'emails[]', /position 8: expected an attribute path/],
    ['bad character', 'a eq #', /position 6: unexpected character "#"/],
    ['non-URN prefix', 'foo:bar pr', /must start with a schema URN/],
    ['URN without attribute', `${CORE_USER}: pr`, /expected an attribute name/],
    ['two sub-attributes', 'a.b.c pr', /position 4: an attribute path has at most one sub-attribute/],
    ['name starting with a digit', 'a.1b pr', /position 3: invalid attribute name "1b"/],
    ['comma', 'a pr, b pr', /found ","/],
    ['too long', `userName eq "${'x'.repeat(10_000)}"`, /position 4097: the filter is 10014 characters long; the limit is 4096/],
    ['too deep (51)', `${'('.repeat(51)}a pr${')'.repeat(51)}`, /position 51: parentheses and brackets are nested more than 50 deep/],
    ['5,000 nested parens', `${'('.repeat(5000)}a pr${')'.repeat(5000)}`, /limit is 4096/],
    ['4,000 open parens', '('.repeat(4000), /nested more than 50 deep/],
    ['deep not', 'not ('.repeat(60) + 'a pr' + ')'.repeat(60), /nested more than 50 deep/],
    ['deep brackets and parens', `a[${'('.repeat(50)}b pr${')'.repeat(50)}]`, /nested more than 50 deep/],
  ];
  for (const [name, text, pattern] of cases) {
    test(name, () => assert.throws(() => parseFilter(text), invalidFilter(pattern)));
  }
});

describe('security', () => {
  test('no input length up to the limit overflows the stack', () => {
    for (const opener of ['(', 'not (', 'a[', 'a[(']) {
      const text = opener.repeat(Math.floor(4096 / opener.length));
      assert.throws(() => parseFilter(text), invalidFilter());
    }
  });
  test('a long flat chain of and/or parses without recursion trouble', () => {
    const text = Array.from({ length: 500 }, () => `a pr`).join(' or ');
    assert.ok(text.length <= 4096);
    let f = parseFilter(text);
    let count = 1;
    while (f.kind === 'or') {
      f = f.left;
      count += 1;
    }
    assert.equal(count, 500);
  });
});

describe('a value path followed by a sub-attribute (Entra: emails[type eq "work"].value eq "x")', () => {
  const work = eq(attr('type'), 'work');
  test('reads as that sub-attribute of the selected elements', () => {
    assert.deepEqual(parseFilter('emails[type eq "work"].value eq "x"'), vp(attr('emails'), and(work, eq(attr('value'), 'x'))));
    assert.deepEqual(parseFilter('emails[type eq "work"].value pr'), vp(attr('emails'), and(work, pr(attr('value')))));
    assert.deepEqual(parseFilter('emails[type eq "work"].value co "@" and active eq true'),
      and(vp(attr('emails'), and(work, cmp(attr('value'), 'co', '@'))), eq(attr('active'), true)));
  });
  test('ne and eq null keep their multi-valued meaning', () => {
    assert.deepEqual(parseFilter('emails[type eq "work"].value ne "x"'), not(vp(attr('emails'), and(work, eq(attr('value'), 'x')))));
    assert.deepEqual(parseFilter('emails[type eq "work"].value eq null'), not(vp(attr('emails'), and(work, pr(attr('value'))))));
    assert.deepEqual(parseFilter('emails[type eq "work"].value ne null'), vp(attr('emails'), and(work, pr(attr('value')))));
  });
  test('the sub-attribute follows "]" directly and is one name', () => {
    assert.throws(() => parseFilter('emails[type eq "work"] .value eq "x"'), invalidFilter());
    assert.throws(() => parseFilter('emails[type eq "work"].value.x eq "x"'), invalidFilter(/one sub-attribute/));
    assert.throws(() => parseFilter('emails[type eq "work"].value'), invalidFilter(/comparison operator/));
  });
});
