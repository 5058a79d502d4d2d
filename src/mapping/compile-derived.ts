/**
 * `derived:` → DerivedColumns: columns an application keeps in step with another value (a
 * lower-cased login beside the login, a normalised email beside the email). The write side fills
 * each from its source whenever the source is written, so the copy can never drift or be left to a
 * default such as `$uuid`.
 */
import type { RawDerived, RawTransform } from '../config/raw-types.js';
import { parsePatchPath } from '../scim/path.js';
import { suggestion } from '../util/did-you-mean.js';
import { lookupColumn, type ColumnSpace } from './compile-columns.js';
import type { Problems } from './problems.js';
import type { ColumnRef, DerivedColumn, MappedAttribute, Transform } from './types.js';

/** A derived column's source, by the name the config gives it. */
export interface DerivedSource {
  readonly key: string;
  readonly column: ColumnRef;
}

export interface DerivedContext {
  readonly at: readonly (string | number)[];
  readonly space: ColumnSpace;
  readonly problems: Problems;
  /** What `from:` may name, and how to say so in a hint. */
  readonly sources: readonly DerivedSource[];
  readonly sourceKind: string;
  /** What already writes a column (an attribute, a field), or undefined. */
  writtenBy(ref: ColumnRef): string | undefined;
}

export function compileDerived(ctx: DerivedContext, raw: Readonly<Record<string, RawDerived>> | undefined): DerivedColumn[] {
  return Object.entries(raw ?? {}).flatMap(([name, spec]) => {
    const at = [...ctx.at, name];
    const found = lookupColumn(ctx.space, name);
    if (!found.found) {
      ctx.problems.add(at, found.problem, found.hint, true);
      return [];
    }
    const other = ctx.writtenBy(found.ref);
    if (other !== undefined || found.column.generated) {
      ctx.problems.add(at, `column "${name}" is ${other ?? 'computed by the database (a generated column)'}`, 'remove it from derived', true);
      return [];
    }
    const source = ctx.sources.find((s) => s.key.toLowerCase() === spec.from.toLowerCase());
    if (source === undefined) {
      const keys = ctx.sources.map((s) => s.key);
      ctx.problems.add([...at, 'from'], `"${spec.from}" is not a ${ctx.sourceKind} mapped here`, `${suggestion(spec.from, keys)}derive from one of: ${keys.join(', ') || '(none)'}`);
      return [];
    }
    const transforms: readonly Transform[] = spec.transform === undefined ? [] : typeof spec.transform === 'string' ? [spec.transform] : [...spec.transform as readonly RawTransform[]];
    return [{ column: found.ref, from: source.column, fromKey: source.key, transforms }];
  });
}

/**
 * A resource's attributes as derived sources: each under its config key and, for plain paths,
 * under the canonical path too (`userName` whether the key was written `username` or `userName`).
 */
export function attributeSources(attributes: readonly MappedAttribute[]): DerivedSource[] {
  return attributes.flatMap((a) => {
    const plain = a.element === undefined ? canonical(a.key) : undefined;
    return [{ key: a.key, column: a.column }, ...(plain !== undefined && plain !== a.key ? [{ key: plain, column: a.column }] : [])];
  });
}

function canonical(key: string): string | undefined {
  try {
    const path = parsePatchPath(key);
    return `${path.attrPath.uri ? `${path.attrPath.uri}:` : ''}${path.attrPath.name}${path.attrPath.sub ? `.${path.attrPath.sub}` : ''}`;
  } catch {
    return undefined; // compile-attribute reports the bad key
  }
}

/** The value a derived column gets from its source's value. */
export function deriveValue(transforms: readonly Transform[], value: unknown): unknown {
  if (value === null || value === undefined) return value;
  let text = value instanceof Date ? value.toISOString() : String(value);
  for (const t of transforms) text = TRANSFORMS[t](text);
  return text;
}

const TRANSFORMS: Readonly<Record<Transform, (text: string) => string>> = {
  lower: (t) => t.toLowerCase(),
  upper: (t) => t.toUpperCase(),
  trim: (t) => t.trim(),
  // A URL-safe name as applications make them: accents dropped, lower case, runs of anything else as one "-".
  slug: (t) => t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''),
}
