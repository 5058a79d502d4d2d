/**
 * fast-check arbitraries for filters over attributes held in other tables (the fixture of
 * test/fixtures/query-relations.ts): phoneNumbers sub-attributes and value paths, `phoneNumbers
 * pr`, `eq null`, group membership by id and type, mixed with plain columns under and/or/not.
 */
import fc from 'fast-check';
import type { AttrPath, CompValue, CompareOp, Filter } from '../../src/scim/filter/ast.js';
import { PHONE_TYPES, PHONE_VALUES, TEAMS } from '../fixtures/query-relations.js';
import { text } from '../fixtures/query-users.js';

const p = (name: string, sub?: string): AttrPath => ({ name, ...(sub !== undefined ? { sub } : {}) });
const TEXT_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

function compare(path: AttrPath, ops: readonly CompareOp[], value: fc.Arbitrary<CompValue>): fc.Arbitrary<Filter> {
  return fc.tuple(fc.constantFrom(...ops), value).map(([op, v]) => ({ kind: 'compare', attrPath: path, op, value: v }));
}

/** `x pr`, `x eq null`, `x ne null`. */
const presence = (path: AttrPath): fc.Arbitrary<Filter> =>
  fc.oneof(fc.constant<Filter>({ kind: 'present', attrPath: path }), compare(path, ['eq', 'ne'], fc.constant(null)));

/** Phone strings: the fixture's values, their pieces and case variants, and random text. */
const phoneText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PHONE_VALUES, '555', '0100', '+1', '5', 'A%B_5', '%', '_') },
  { weight: 1, arbitrary: text(3) },
);
const typeText = fc.constantFrom(...PHONE_TYPES, 'wor', 'ork', 'W', 'mobile ', 'fax');
const groupIds = fc.constantFrom(...TEAMS.map((_, i) => `group-${i + 1}`), 'GROUP-1', 'group-', 'group-99', 'user-1', 'x', '');

/** A test on one phone sub-attribute, written relative to the element (`value`) or absolute (`phoneNumbers.value`). */
function phoneLeaf(at: (sub: string) => AttrPath): fc.Arbitrary<Filter> {
  return fc.oneof(
    { weight: 3, arbitrary: compare(at('value'), TEXT_OPS, phoneText) },
    { weight: 3, arbitrary: compare(at('type'), TEXT_OPS, typeText) },
    { weight: 2, arbitrary: compare(at('primary'), ['eq', 'ne'], fc.boolean()) },
    { weight: 1, arbitrary: fc.constantFrom('value', 'type', 'primary').chain((sub) => presence(at(sub))) },
  );
}

/** A test on the groups relation (value is an id: eq/ne/pr only; type is the constant "direct"). */
function groupLeaf(at: (sub: string) => AttrPath): fc.Arbitrary<Filter> {
  return fc.oneof(
    { weight: 3, arbitrary: compare(at('value'), ['eq', 'ne'], groupIds) },
    { weight: 1, arbitrary: compare(at('type'), TEXT_OPS, fc.constantFrom('direct', 'DIRECT', 'indirect', 'dir', 'ect', '')) },
    { weight: 1, arbitrary: presence(at('value')) },
  );
}

/** A filter inside `attr[…]`, nested up to `depth` logical levels. */
function elementFilter(leaf: fc.Arbitrary<Filter>, depth: number): fc.Arbitrary<Filter> {
  if (depth === 0) return leaf;
  const inner = elementFilter(leaf, depth - 1);
  return fc.oneof({ weight: 3, arbitrary: leaf },
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), inner, inner).map(([k, l, r]) => ({ kind: k, left: l, right: r })),
    inner.map((f) => ({ kind: 'not' as const, filter: f })));
}

const relationLeaf: fc.Arbitrary<Filter> = fc.oneof(
  { weight: 4, arbitrary: phoneLeaf((sub) => p('phoneNumbers', sub)) },
  { weight: 1, arbitrary: phoneLeaf((sub) => p('PhoneNumbers', sub.toUpperCase())) },
  { weight: 2, arbitrary: compare(p('phoneNumbers'), TEXT_OPS, phoneText) },
  { weight: 1, arbitrary: presence(p('phoneNumbers')) },
  { weight: 4, arbitrary: elementFilter(phoneLeaf((sub) => p(sub)), 2).map((f) => ({ kind: 'valuePath' as const, attrPath: p('phoneNumbers'), filter: f })) },
  { weight: 3, arbitrary: groupLeaf((sub) => p('groups', sub)) },
  { weight: 1, arbitrary: compare(p('groups'), ['eq', 'ne'], groupIds) },
  { weight: 1, arbitrary: presence(p('groups')) },
  { weight: 1, arbitrary: elementFilter(groupLeaf((sub) => p(sub)), 1).map((f) => ({ kind: 'valuePath' as const, attrPath: p('groups'), filter: f })) },
  { weight: 1, arbitrary: compare(p('userName'), TEXT_OPS, text(2)) },
);

/** A whole filter over relation attributes (and a little userName), nested up to `depth` levels. */
export function relationFilterArb(depth = 2): fc.Arbitrary<Filter> {
  if (depth === 0) return relationLeaf;
  const inner = relationFilterArb(depth - 1);
  return fc.oneof({ weight: 3, arbitrary: relationLeaf },
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), inner, inner).map(([k, l, r]) => ({ kind: k, left: l, right: r })),
    inner.map((f) => ({ kind: 'not' as const, filter: f })));
}
