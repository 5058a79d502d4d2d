import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matches } from '../../../src/scim/filter/evaluate.js';
import type { AttrInfo, AttrResolver } from '../../../src/scim/filter/evaluate.js';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { ScimError } from '../../../src/errors.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const s = (caseExact = false): AttrInfo => ({ type: 'string', caseExact, multiValued: false });
const of = (type: AttrInfo['type'], multiValued = false): AttrInfo => ({ type, caseExact: false, multiValued });

/** A small User schema keyed by lower-cased `[ent:]name[.sub]`. */
const SCHEMA: Record<string, AttrInfo> = {
  id: s(true),
  username: s(),
  title: s(),
  usertype: s(),
  nickname: s(),
  active: of('boolean'),
  logincount: of('integer'),
  score: of('decimal'),
  name: of('complex'),
  'name.givenname': s(),
  'name.familyname': s(),
  emails: of('complex', true),
  'emails.value': s(),
  'emails.type': s(),
  'emails.primary': of('boolean'),
  nicknames: { type: 'string', caseExact: false, multiValued: true },
  // The resolver's view of `nicknames[value eq …]` (elements of a simple multi-valued attribute).
  'nicknames.value': s(),
  schemas: { type: 'reference', caseExact: true, multiValued: true },
  meta: of('complex'),
  'meta.lastmodified': of('dateTime'),
  'ent:department': s(),
  'ent:manager': of('complex'),
  'ent:manager.value': s(true),
};

const prefix = (uri: string | undefined): string => (uri?.toLowerCase() === ENTERPRISE.toLowerCase() ? 'ent:' : '');
const resolve: AttrResolver = (path, parent) => {
  const key = parent
    ? `${prefix(parent.uri)}${parent.name}.${path.name}`
    : `${prefix(path.uri)}${path.name}${path.sub !== undefined ? `.${path.sub}` : ''}`;
  return SCHEMA[key.toLowerCase()];
};

const bjensen: Record<string, unknown> = {
  schemas: [CORE_USER, ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: "O'Malley" },
  title: '',
  userType: 'Employee',
  active: true,
  loginCount: 42,
  score: 2.5,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  nicknames: ['Babs', 'BJ'],
  meta: { lastModified: '2011-05-13T04:42:34Z' },
  [ENTERPRISE]: { department: 'Tour Operations', manager: { value: 'MGR-26118915' } },
};

const empty: Record<string, unknown> = { schemas: [CORE_USER], id: 'e1', userName: 'empty', emails: [], name: { givenName: null } };

function check(cases: ReadonlyArray<readonly [string, boolean]>, resource = bjensen): void {
  for (const [filter, expected] of cases) {
    test(`${filter} → ${expected}`, () => assert.equal(matches(parseFilter(filter), resource, resolve), expected));
  }
}

describe('operators on strings (case-insensitive unless caseExact)', () => {
  check([
    ['userName eq "bjensen"', true],
    ['userName eq "BJensen"', true],
    ['USERNAME eq "bjensen"', true],
    ['userName eq "bjense"', false],
    ['userName ne "bjensen"', false],
    ['userName ne "other"', true],
    ['userName co "JENS"', true],
    ['userName co "x"', false],
    ['userName sw "BJ"', true],
    ['userName sw "jensen"', false],
    ['userName ew "SEN"', true],
    ['userName ew "bj"', false],
    ['userName gt "a"', true],
    ['userName gt "BZ"', false],
    ['userName ge "BJENSEN"', true],
    ['userName lt "c"', true],
    ['userName le "bjensen"', true],
    ['userName le "a"', false],
    ['name.familyName co "o\'mal"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['id sw "2819C"', false],
    ['id gt "2819C"', true],
    ['userName eq 5', false],
    ['userName eq true', false],
  ]);
});

describe('numbers, booleans, dateTime', () => {
  check([
    ['loginCount eq 42', true],
    ['loginCount eq 42.0', true],
    ['loginCount eq "42"', false],
    ['loginCount gt 41', true],
    ['loginCount ge 42', true],
    ['loginCount lt 42', false],
    ['loginCount le 42', true],
    ['score gt 2.4 and score lt 2.6', true],
    ['active eq true', true],
    ['active eq false', false],
    ['active ne false', true],
    ['active eq "true"', false],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.lastModified lt "2011-05-13T06:42:35+02:00"', true],
    ['meta.lastModified le "2011-05-12T00:00:00Z"', false],
    ['meta.lastModified gt "not a date"', false],
    ['meta.lastModified sw "2011-05"', true],
  ]);
});

describe('pr', () => {
  check([
    ['userName pr', true],
    ['title pr', false],
    ['nickName pr', false],
    ['emails pr', true],
    ['name pr', true],
    ['meta.lastModified pr', true],
    ['active pr', true],
  ]);
  check(
    [
      ['emails pr', false],
      ['name pr', false],
      ['name.givenName pr', false],
    ],
    empty,
  );
});

describe('multi-valued attributes: any value matches', () => {
  check([
    ['emails eq "BABS@jensen.org"', true],
    ['emails co "example.com"', true],
    ['emails.value co "example.org"', false],
    ['emails.value ew ".org"', true],
    ['emails.type eq "home"', true],
    ['emails ne "babs@jensen.org"', false],
    ['emails ne "nobody@x"', true],
    ['emails.primary eq true', true],
    ['nicknames eq "bj"', true],
    ['nicknames sw "ba"', true],
    ['nicknames ne "bj"', false],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true],
    ['schemas eq "URN:IETF:params:scim:schemas:extension:enterprise:2.0:User"', false],
  ]);
});

describe('value paths', () => {
  check([
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[type eq "home" or primary eq true]', true],
    ['emails[not (type eq "work")]', true],
    ['emails[primary eq true and type eq "home"]', false],
    ['emails[TYPE eq "WORK"]', true],
    ['nicknames[value eq "bj"]', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "work"] or ims[type eq "xmpp"]', true],
  ]);
  check([['emails[type eq "work"]', false]], empty);
});

describe('missing values: every comparison false except ne; not(x) is !x', () => {
  check(
    [
      ['nickName eq "x"', false],
      ['nickName ne "x"', true],
      ['nickName co "x"', false],
      ['nickName gt "a"', false],
      ['not (nickName eq "x")', true],
      ['not (nickName ne "x")', false],
      ['nickName eq null', true],
      ['nickName ne null', false],
      ['userName eq null', false],
      ['userName ne null', true],
      ['title eq null', true],
      ['emails eq "a@x"', false],
      ['emails ne "a@x"', true],
      ['name.givenName ne "x"', true],
      ['meta.lastModified lt "2030-01-01T00:00:00Z"', false],
      [`${ENTERPRISE}:department ne "x"`, true],
    ],
    empty,
  );
  check([
    ['title eq null', true],
    ['title eq ""', true],
  ]);
});

describe('extension and core URN attributes', () => {
  check([
    [`${ENTERPRISE}:department eq "tour operations"`, true],
    [`${ENTERPRISE.toUpperCase().replace('URN', 'urn')}:department sw "Tour"`, true],
    [`${ENTERPRISE}:manager.value eq "MGR-26118915"`, true],
    [`${ENTERPRISE}:manager.value eq "mgr-26118915"`, false],
    [`${ENTERPRISE}:manager eq "MGR-26118915"`, true],
    [`${ENTERPRISE}:department pr`, true],
    [`${CORE_USER}:userName eq "bjensen"`, true],
    [`${CORE_USER}:name.givenName sw "barb"`, true],
  ]);
});

describe('closed world', () => {
  test('an unknown attribute is invalidFilter, not "no match"', () => {
    for (const text of ['nope eq "x"', 'nope pr', 'emails[nope eq 1]', 'nope[type pr]', 'not (nope ne 1)']) {
      assert.throws(
        () => matches(parseFilter(text), bjensen, resolve),
        (e: unknown) => e instanceof ScimError && e.scimType === 'invalidFilter' && /nope/.test(e.detail),
        text,
      );
    }
  });
  test('type mismatches in the data never throw', () => {
    const odd = { userName: 5, emails: 'not-an-array', name: 'flat', loginCount: 'many', active: 'yes', meta: [1, 2] };
    for (const text of ['userName eq "5"', 'emails[type eq "work"]', 'name.givenName pr', 'loginCount gt 1', 'active eq true', 'meta.lastModified pr', 'emails co "x"']) {
      assert.equal(matches(parseFilter(text), odd, resolve), false, text);
    }
  });
});
