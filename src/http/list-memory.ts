/**
 * What recent list pages taught, so the next page of a walk is cheap (issue 13):
 * - the total of a filter, counted once and reused by the walk's later pages for a few seconds,
 *   forgotten as soon as this server writes anything (a create, an update, a delete) — and never
 *   used where the page itself proves more (src/plan/page-total.ts);
 * - where a startIndex page ended, so the page after it is a keyset query (`id > last`) rather
 *   than an OFFSET that reads and skips every earlier row.
 * Both are per process and bounded; a walk whose pages land on several instances still works,
 * each page merely costing what it would without the memory.
 */
import type { CursorPosition } from '../plan/cursor.js';

export interface ListMemoryOptions {
  /** How long a counted total is reused (writes by other processes are unseen meanwhile). */
  readonly totalSeconds: number;
  /** How long the end of a page is remembered for the page after it. */
  readonly positionSeconds: number;
  /** At most this many of each kept (the oldest dropped first). */
  readonly entries: number;
  readonly now: () => number;
}

const DEFAULTS: ListMemoryOptions = { totalSeconds: 10, positionSeconds: 300, entries: 10_000, now: Date.now };

interface Kept<T> { readonly value: T; readonly at: number; readonly generation: number }

/** A bounded map whose entries expire, and die with the generation they were kept in. */
class Expiring<T> {
  private readonly map = new Map<string, Kept<T>>();
  constructor(private readonly seconds: number, private readonly entries: number) {}

  get(key: string, now: number, generation: number | undefined): T | undefined {
    const kept = this.map.get(key);
    if (kept === undefined) return undefined;
    if (now - kept.at > this.seconds * 1000 || (generation !== undefined && kept.generation !== generation)) {
      this.map.delete(key);
      return undefined;
    }
    return kept.value;
  }

  set(key: string, value: T, now: number, generation: number): void {
    this.map.delete(key);
    this.map.set(key, { value, at: now, generation });
    if (this.map.size > this.entries) this.map.delete(this.map.keys().next().value as string);
  }
}

export class ListMemory {
  private generation = 0;
  private readonly options: ListMemoryOptions;
  private readonly totals: Expiring<number>;
  private readonly ends: Expiring<CursorPosition>;

  constructor(options: Partial<ListMemoryOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.totals = new Expiring(this.options.totalSeconds, this.options.entries);
    this.ends = new Expiring(this.options.positionSeconds, this.options.entries);
  }

  /** Something was written: every remembered total may be wrong now. */
  written(): void {
    this.generation += 1;
  }

  total(query: string): number | undefined {
    return this.totals.get(query, this.options.now(), this.generation);
  }

  /** Taken before a COUNT runs: a write that ends while it runs makes its result unusable. */
  snapshot(): number {
    return this.generation;
  }

  rememberTotal(query: string, total: number, snapshot: number): void {
    if (snapshot === this.generation) this.totals.set(query, total, this.options.now(), snapshot);
  }

  /**
   * Where the page that ended at `offset` (rows before the next page) stopped. Kept across writes:
   * continuing after the last row served is what a walk wants even when rows before it changed.
   */
  endAt(query: string, offset: number): CursorPosition | undefined {
    return this.ends.get(`${query}@${offset}`, this.options.now(), undefined);
  }

  rememberEnd(query: string, offset: number, position: CursorPosition): void {
    this.ends.set(`${query}@${offset}`, position, this.options.now(), this.generation);
  }
}
