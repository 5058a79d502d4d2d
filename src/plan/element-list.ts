/**
 * The elements of one multi-valued attribute while a PATCH works on it, indexed so each operation
 * costs what it touches rather than the whole list: one PATCH of 12,000 `add phoneNumbers`, or of
 * 8,000 `remove phoneNumbers[value eq "…"]`, is linear in its size (it was quadratic: every
 * operation copied and scanned the list). Indexes, kept in step with every change:
 * - identity (`value` and `type`, compared as patch-apply.ts compares them) → positions, to merge a
 *   re-added element (RFC 7644 §3.5.2.1: add of an existing value is no duplicate);
 * - `value` alone → positions, for removal by value and the candidates of `value eq "…"` filters;
 * - the positions whose `primary` is true (RFC 7643 §2.4: at most one).
 * Removed elements leave a hole until `flush` writes the compacted array back into the resource.
 */
import type { Filter } from '../scim/filter/ast.js';
import type { AttrInfo } from '../scim/filter/evaluate.js';
import { isObject, lookup, type Json } from './resource-values.js';

/** How two values compare for identity (strings case-insensitively): undefined never matches anything. */
export function valueKey(v: unknown): string | undefined {
  if (typeof v === 'string') return `s${v.toLowerCase()}`;
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (v === undefined) return 'u';
  if (v === null) return 'z';
  return undefined;
}

const identityKey = (e: Json): string | undefined => {
  const value = lookup(e, 'value');
  if (value === undefined) return undefined;
  const v = valueKey(value);
  const t = valueKey(lookup(e, 'type'));
  return v === undefined || t === undefined ? undefined : `${v}\u0000${t}`;
};

function addTo(index: Map<string, number[]>, key: string | undefined, position: number): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (!list) index.set(key, [position]);
  else if (list[list.length - 1] as number < position) list.push(position);
  else { list.push(position); list.sort((a, b) => a - b); }
}

function removeFrom(index: Map<string, number[]>, key: string | undefined, position: number): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (!list) return;
  const at = list.indexOf(position);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) index.delete(key);
}

/** `[x, y]`, a lone value, or nothing → element objects (a simple value is `{value: x}`). */
export function normalizeElements(value: unknown): Json[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => (isObject(v) ? v : { value: v }));
}

export class ElementList {
  private items: (Json | undefined)[] = [];
  private live = 0;
  private readonly identity = new Map<string, number[]>();
  private readonly byValue = new Map<string, number[]>();
  private readonly primaries = new Set<number>();
  /** Positions whose value has no key (an object, an array): no index can say whether a filter matches them. */
  private readonly odd = new Set<number>();

  constructor(private readonly container: Json, private readonly key: string) {
    this.replaceAll(normalizeElements(container[key]));
  }

  get size(): number { return this.live; }

  /** Whether `value` is this list's own array (the resource has not been given another since). */
  holds(value: unknown): boolean {
    return value === this.items;
  }

  /** Live positions, in order. */
  positions(): number[] {
    const out: number[] = [];
    this.items.forEach((e, i) => { if (e !== undefined) out.push(i); });
    return out;
  }

  at(position: number): Json {
    return this.items[position] as Json;
  }

  /** The first live position of an element with the same value and type, if any. */
  findSame(element: Json): number | undefined {
    const key = identityKey(element);
    return key === undefined ? undefined : this.identity.get(key)?.[0];
  }

  /** Live positions whose value compares equal to `value` (case-insensitively for strings). */
  withValue(value: unknown): readonly number[] {
    const key = valueKey(value);
    return key === undefined ? [] : [...(this.byValue.get(key) ?? [])];
  }

  /** Positions a filter `value eq <value>` may match: those of withValue, and every odd one; in order. */
  mayHaveValue(value: unknown): number[] {
    return [...this.withValue(value), ...this.odd].sort((a, b) => a - b);
  }

  primaryPositions(): number[] {
    return [...this.primaries];
  }

  push(element: Json): number {
    const position = this.items.length;
    this.items.push(element);
    this.live += 1;
    this.index(position);
    this.container[this.key] = this.items;
    return position;
  }

  /** Changes an element in place (or swaps it for `next`), keeping the indexes right. */
  update(position: number, change: (e: Json) => Json | void): void {
    this.unindex(position);
    const next = change(this.at(position));
    if (next) this.items[position] = next;
    this.index(position);
  }

  remove(position: number): void {
    if (this.items[position] === undefined) return;
    this.unindex(position);
    this.items[position] = undefined;
    this.live -= 1;
    if (this.live === 0) delete this.container[this.key];
  }

  replaceAll(elements: readonly Json[]): void {
    this.items = [...elements];
    this.live = elements.length;
    this.identity.clear();
    this.byValue.clear();
    this.primaries.clear();
    this.odd.clear();
    this.items.forEach((_, i) => this.index(i));
    if (this.live > 0) this.container[this.key] = this.items;
    else delete this.container[this.key];
  }

  /** Writes the compacted elements back into the resource (or removes the attribute when none are left). */
  flush(): void {
    if (this.live === 0) { delete this.container[this.key]; return; }
    this.container[this.key] = this.items.filter((e): e is Json => e !== undefined);
  }

  private index(position: number): void {
    const e = this.items[position];
    if (e === undefined) return;
    addTo(this.identity, identityKey(e), position);
    const value = valueKey(lookup(e, 'value'));
    if (value === undefined) this.odd.add(position);
    addTo(this.byValue, value, position);
    if (lookup(e, 'primary') === true) this.primaries.add(position);
  }

  private unindex(position: number): void {
    const e = this.items[position];
    if (e === undefined) return;
    removeFrom(this.identity, identityKey(e), position);
    removeFrom(this.byValue, valueKey(lookup(e, 'value')), position);
    this.primaries.delete(position);
    this.odd.delete(position);
  }
}

/** Every list a PATCH touches, by container and attribute; flushed once when the operations are done. */
export class ElementLists {
  private readonly lists = new Map<Json, Map<string, ElementList>>();

  of(container: Json, key: string): ElementList {
    const byKey = this.lists.get(container) ?? new Map<string, ElementList>();
    this.lists.set(container, byKey);
    let list = byKey.get(key);
    // A list is only trusted while the resource still holds it (or nothing, once emptied).
    if (!list || (container[key] !== undefined && !list.holds(container[key]))) {
      list = new ElementList(container, key);
      byKey.set(key, list);
    }
    return list;
  }

  flush(): void {
    for (const byKey of this.lists.values()) for (const list of byKey.values()) list.flush();
  }
}

/**
 * The elements a value filter may match: with a `value eq "…"` term over a text `value` (Okta's
 * and Entra's removes by value), those the value index gives; otherwise every element. The caller
 * still evaluates the filter on each.
 */
export function filterCandidates(list: ElementList, filter: Filter, valueType: AttrInfo['type'] | undefined): number[] {
  const wanted = indexedValue(filter);
  const textual = valueType === 'string' || valueType === 'reference' || valueType === 'binary';
  return wanted !== undefined && textual ? list.mayHaveValue(wanted) : list.positions();
}

function indexedValue(filter: Filter): string | undefined {
  if (filter.kind === 'and') return indexedValue(filter.left) ?? indexedValue(filter.right);
  const path = filter.kind === 'compare' ? filter.attrPath : undefined;
  const plain = path !== undefined && path.uri === undefined && path.sub === undefined && path.name.toLowerCase() === 'value';
  return plain && filter.kind === 'compare' && filter.op === 'eq' && typeof filter.value === 'string' ? filter.value : undefined;
}
