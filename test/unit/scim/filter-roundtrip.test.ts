import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMPARE_OPS, and, attr, cmp, not, or, pr, vp } from '../../../src/scim/filter/ast.js';
import type { AttrPath, CompValue, Filter } from '../../../src/scim/filter/ast.js';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { printFilter } from '../../../src/scim/filter/print.js';
import { tokenize } from '../../../src/scim/filter/lexer.js';
import { parseAttrPath, parseAttrPathList, parsePatchPath } from '../../../src/scim/path.js';
import { ScimError } from '../../../src/errors.js';

const KEYWORDS = ['and', 'or', 'not', 'pr', ...COMPARE_OPS, 'true', 'false', 'null'];
const URIS = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  'urn:example:x-1_2.3',
];

const plainName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/);
/** Names including keywords: an attribute may be called `and`, `pr` or `not`. */
const anyName = fc.oneof(plainName, fc.constantFrom(...KEYWORDS, 'title', '$ref', 'userName'));

function attrPathArb(name: fc.Arbitrary<string>): fc.Arbitrary<AttrPath> {
  return fc
    .tuple(name, fc.option(name, { nil: undefined }), fc.option(fc.constantFrom(...URIS), { nil: undefined }))
    .map(([n, sub, uri]) => attr(n, sub, uri));
}

const stringValue = fc.string({ unit: 'binary', maxLength: 12 });
const numberValue = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const compareArb = (path: fc.Arbitrary<AttrPath>): fc.Arbitrary<Filter> =>
  fc.oneof(
    fc.tuple(path, fc.constantFrom(...COMPARE_OPS), fc.oneof(stringValue, numberValue)).map(([p, op, v]) => cmp(p, op, v)),
    fc
      .tuple(path, fc.constantFrom('eq' as const, 'ne' as const), fc.constantFrom<CompValue>(true, false, null))
      .map(([p, op, v]) => cmp(p, op, v)),
  );

/** Filter ASTs of bounded depth; no value path inside a value path (the grammar has none). */
function filterArb(name: fc.Arbitrary<string>, maxDepth: number): fc.Arbitrary<Filter> {
  const path = attrPathArb(name);
  const leaf = fc.oneof(compareArb(path), path.map(pr));
  const memo = new Map<string, fc.Arbitrary<Filter>>();
  const build = (depth: number, inValuePath: boolean): fc.Arbitrary<Filter> => {
    const key = `${depth}:${inValuePath}`;
    const cached = memo.get(key);
    if (cached) return cached;
    if (depth === 0) return leaf;
    const sub = build(depth - 1, inValuePath);
    const options: Array<fc.Arbitrary<Filter>> = [
      leaf,
      fc.tuple(sub, sub).map(([l, r]) => and(l, r)),
      fc.tuple(sub, sub).map(([l, r]) => or(l, r)),
      sub.map(not),
    ];
    if (!inValuePath) options.push(fc.tuple(path, build(depth - 1, true)).map(([p, f]) => vp(p, f)));
    const arb = fc.oneof(...options);
    memo.set(key, arb);
    return arb;
  };
  return build(maxDepth, false);
}

/** Re-cases every keyword token of `text`, leaving names and strings alone. */
function recase(text: string, flips: readonly boolean[]): string {
  let out = '';
  let last = 0;
  let k = 0;
  const tokens = tokenize({ text, errorType: 'invalidFilter', subject: 'filter' });
  for (const t of tokens) {
    if (t.kind !== 'word' || !KEYWORDS.includes(t.text.toLowerCase())) continue;
    const word = [...t.text].map((c) => (flips[k++ % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');
    out += text.slice(last, t.offset) + word;
    last = t.end;
  }
  return out + text.slice(last);
}

function onlyScimErrors(scimType: string, run: () => unknown): void {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof ScimError, `threw a non-ScimError: ${String(e)}`);
    assert.equal(e.status, 400);
    assert.equal(e.scimType, scimType);
    assert.match(e.detail, /at position \d+: /);
  }
}

/** Strings made of filter-ish pieces, so the fuzzing reaches deep into the parser. */
const tokenSoup = fc
  .array(
    fc.constantFrom('(', ')', '[', ']', 'not', 'and', 'or', 'eq', 'pr', 'gt', '"x"', '"', '\\', 'userName', 'emails',
      'urn:a:b:User:x', 'urn:', '.', ',', '1', '-', '1e999', 'true', 'null', ':', '$ref', '\u0000', ' '),
    { maxLength: 30 },
  )
  .chain((parts) => fc.constantFrom(parts.join(' '), parts.join('')));

describe('round trip', () => {
  test('parseFilter(printFilter(ast)) deep-equals ast', () => {
    fc.assert(
      fc.property(filterArb(anyName, 4), (ast) => {
        assert.deepEqual(parseFilter(printFilter(ast)), ast);
      }),
      { numRuns: 2000 },
    );
  });

  test('printFilter is stable: print(parse(print(ast))) === print(ast)', () => {
    fc.assert(
      fc.property(filterArb(anyName, 3), (ast) => {
        const text = printFilter(ast);
        assert.equal(printFilter(parseFilter(text)), text);
      }),
      { numRuns: 1000 },
    );
  });

  test('keywords in any case parse identically', () => {
    fc.assert(
      fc.property(filterArb(plainName.filter((n) => !KEYWORDS.includes(n.toLowerCase())), 3), fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), (ast, flips) => {
        assert.deepEqual(parseFilter(recase(printFilter(ast), flips)), ast);
      }),
      { numRuns: 1000 },
    );
  });

  test('minimal parentheses', () => {
    const [a, b, c] = [pr(attr('a')), pr(attr('b')), pr(attr('c'))];
    assert.equal(printFilter(or(or(a, b), c)), 'a pr or b pr or c pr');
    assert.equal(printFilter(or(a, or(b, c))), 'a pr or (b pr or c pr)');
    assert.equal(printFilter(or(a, and(b, c))), 'a pr or b pr and c pr');
    assert.equal(printFilter(and(or(a, b), c)), '(a pr or b pr) and c pr');
    assert.equal(printFilter(not(and(a, b))), 'not (a pr and b pr)');
    assert.equal(printFilter(cmp(attr('x'), 'eq', -0)), 'x eq -0');
  });
});

describe('security: arbitrary input only ever throws ScimError', () => {
  const inputs = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), tokenSoup);
  test('parseFilter', () => {
    fc.assert(fc.property(inputs, (text) => onlyScimErrors('invalidFilter', () => parseFilter(text))), { numRuns: 3000 });
  });
  test('parsePatchPath', () => {
    fc.assert(fc.property(inputs, (text) => onlyScimErrors('invalidPath', () => parsePatchPath(text))), { numRuns: 3000 });
  });
  test('parseAttrPath and parseAttrPathList', () => {
    fc.assert(
      fc.property(inputs, (text) => {
        onlyScimErrors('invalidValue', () => parseAttrPath(text, 'invalidValue'));
        onlyScimErrors('invalidPath', () => parseAttrPathList(text));
      }),
      { numRuns: 2000 },
    );
  });
});
