/**
 * fast-check arbitraries for filters over the `people` fixture (test/fixtures/query-users.ts):
 * every operator on every mapped kind, and/or/not, value paths on emails, URN-qualified and
 * case-varied attribute names, null literals. Values are drawn mostly from the data set (whole,
 * substrings, case-swapped) so that comparisons hit as often as they miss.
 */
import fc from 'fast-check';
import type { AttrPath, CompValue, CompareOp, Filter } from '../../src/scim/filter/ast.js';
import { ENTERPRISE, INSTANTS, text } from '../fixtures/query-users.js';

type Kind = 'ci' | 'exact' | 'bool' | 'int' | 'time' | 'id' | 'complex' | 'multi';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const p = (name: string, sub?: string, uri?: string): AttrPath => ({ name, ...(sub !== undefined ? { sub } : {}), ...(uri !== undefined ? { uri } : {}) });

const ATTRIBUTES: readonly { readonly paths: readonly AttrPath[]; readonly kind: Kind }[] = [
  { paths: [p('userName'), p('USERNAME'), p('userName', undefined, CORE)], kind: 'ci' },
  { paths: [p('externalId')], kind: 'exact' },
  { paths: [p('name', 'givenName'), p('Name', 'GivenName')], kind: 'ci' },
  { paths: [p('name', 'familyName')], kind: 'ci' },
  { paths: [p('displayName')], kind: 'ci' },
  { paths: [p('title')], kind: 'ci' },
  { paths: [p('emails', 'value'), p('emails', 'type')], kind: 'ci' },
  { paths: [p('department', undefined, ENTERPRISE), p('department')], kind: 'ci' },
  { paths: [p('costCenter', undefined, ENTERPRISE)], kind: 'exact' },
  { paths: [p('employeeNumber', undefined, ENTERPRISE)], kind: 'int' },
  { paths: [p('active')], kind: 'bool' },
  { paths: [p('meta', 'created'), p('meta', 'lastModified')], kind: 'time' },
  { paths: [p('id')], kind: 'id' },
  { paths: [p('name'), p('meta')], kind: 'complex' },
  { paths: [p('emails')], kind: 'multi' },
];

const TEXT_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const ORDER_OPS: readonly CompareOp[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

/** Time literals: the fixture's instants in several spellings, and a millisecond either side. */
const TIMES = INSTANTS.flatMap((t) => {
  const ms = Date.parse(t);
  return [t, t.replace('.000Z', 'Z'), new Date(ms + 1).toISOString(), new Date(ms - 1000).toISOString(),
    new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00').replace(/\.\d+/, '')];
});

/** Strings from the data: whole values, substrings, and case-swapped variants. */
export function stringPool(values: readonly string[]): string[] {
  const pool = new Set<string>(['']);
  for (const v of values) {
    pool.add(v).add(v.toUpperCase()).add(v.toLowerCase());
    for (let i = 0; i < v.length; i += 1) pool.add(v.slice(i, i + 2)).add(v.slice(0, i + 1)).add(v.slice(i));
  }
  return [...pool];
}

export interface Pools { readonly strings: readonly string[]; readonly ids: readonly string[] }

function compare(path: AttrPath, ops: readonly CompareOp[], value: fc.Arbitrary<CompValue>): fc.Arbitrary<Filter> {
  return fc.tuple(fc.constantFrom(...ops), value).map(([op, v]) => ({ kind: 'compare', attrPath: path, op, value: v }));
}

function attrExp(kind: Kind, path: AttrPath, pools: Pools): fc.Arbitrary<Filter> {
  const present: fc.Arbitrary<Filter> = fc.constant({ kind: 'present', attrPath: path });
  const isNull = compare(path, ['eq', 'ne'], fc.constant(null));
  const str = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.strings) }, { weight: 1, arbitrary: text(3) });
  switch (kind) {
    case 'ci':
    case 'exact':
    case 'multi':
      return fc.oneof({ weight: 8, arbitrary: compare(path, TEXT_OPS, str) }, present, isNull);
    case 'bool':
      return fc.oneof({ weight: 3, arbitrary: compare(path, ['eq', 'ne'], fc.boolean()) }, present, isNull);
    case 'int':
      return fc.oneof({ weight: 4, arbitrary: compare(path, ORDER_OPS, fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constant(1.5))) }, present, isNull);
    case 'time':
      return fc.oneof({ weight: 4, arbitrary: compare(path, ORDER_OPS, fc.constantFrom(...TIMES)) }, present, isNull);
    case 'id':
      return fc.oneof({ weight: 4, arbitrary: compare(path, ['eq', 'ne'], fc.constantFrom(...pools.ids, 'USER-1', 'user-999', 'x', '')) }, present);
    case 'complex':
      return present;
  }
}

const leafArb = (pools: Pools): fc.Arbitrary<Filter> =>
  fc.constantFrom(...ATTRIBUTES).chain(({ paths, kind }) => fc.constantFrom(...paths).chain((path) => attrExp(kind, path, pools)));

/** Filters inside `emails[…]`: on `value` and `type`, with and/or/not. */
function elementFilter(pools: Pools, depth: number): fc.Arbitrary<Filter> {
  const leaf = fc.constantFrom(p('value'), p('type'), p('Value')).chain((path) => attrExp('ci', path, pools));
  if (depth === 0) return leaf;
  const inner = elementFilter(pools, depth - 1);
  return fc.oneof({ weight: 3, arbitrary: leaf },
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), inner, inner).map(([k, l, r]) => ({ kind: k, left: l, right: r })),
    inner.map((f) => ({ kind: 'not' as const, filter: f })));
}

/** A whole filter, nested up to `depth` logical levels. */
export function filterArb(pools: Pools, depth = 3): fc.Arbitrary<Filter> {
  const leaf = fc.oneof({ weight: 5, arbitrary: leafArb(pools) },
    elementFilter(pools, 1).map((f) => ({ kind: 'valuePath' as const, attrPath: p('emails'), filter: f })));
  if (depth === 0) return leaf;
  const inner = filterArb(pools, depth - 1);
  return fc.oneof({ weight: 3, arbitrary: leaf },
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), inner, inner).map(([k, l, r]) => ({ kind: k, left: l, right: r })),
    inner.map((f) => ({ kind: 'not' as const, filter: f })));
}
