/**
 * What one page proves about totalResults, so a list answers without a COUNT whenever it can.
 * Pages are read with one row of lookahead (count + 1): a short page is the last one, so the total
 * is exactly what precedes it plus what it holds; a full page only proves a lower bound. Pure.
 */

/** Exactly this many results, or at least this many. */
export type PageTotal = { readonly exact: number } | { readonly atLeast: number };

/**
 * `fetched` rows were read after `before` rows, asking for `count + 1`; `continued` when the page
 * starts right after a row served before (a cursor, or the next page of a walk), so an empty page
 * there means the results end exactly at `before`. Undefined when the page proves nothing (count=0
 * asks only for the total; an empty OFFSET page past the start does not say where the results end;
 * a keyset page that does not know how many rows precede it).
 */
export function pageTotal(before: number | undefined, count: number, fetched: number, continued = false): PageTotal | undefined {
  if (before === undefined || count === 0) return undefined;
  if (fetched > count) return { atLeast: before + count + 1 };
  if (fetched > 0 || before === 0 || continued) return { exact: before + fetched };
  return undefined;
}

/** A remembered total serves only while it agrees with what the page proves. */
export function settledTotal(proof: PageTotal | undefined, remembered: number | undefined): number | undefined {
  if (proof !== undefined && 'exact' in proof) return proof.exact;
  if (remembered === undefined) return undefined;
  return proof === undefined || remembered >= proof.atLeast ? remembered : undefined;
}

/**
 * A fresh COUNT, never below what the page proves: a walk continued by keyset counts its rows from
 * where it started, and rows deleted behind it must not make totalResults claim the results ended
 * before the rows it is still serving.
 */
export function countedTotal(proof: PageTotal | undefined, counted: number): number {
  return proof !== undefined && 'atLeast' in proof ? Math.max(counted, proof.atLeast) : counted;
}
