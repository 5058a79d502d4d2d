/**
 * A traced request → a statement template the raw handler replays with other values. Each
 * binding of the traced statements becomes a slot: a request parameter (the sample request's
 * values are chosen to be distinctive), an element of a list parameter, a value read by an
 * earlier statement (a run of them when a statement binds a whole column, e.g. the page's keys),
 * or a constant. Replaying runs the same SQL text, statement by statement, in the same order.
 */
import type { TracedStatement } from '../servers/scim.js';

export type Row = Readonly<Record<string, unknown>>;
export type Params = Readonly<Record<string, string | number | readonly (string | number)[]>>;

export type Slot =
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'item'; readonly name: string; readonly index: number }
  /** The first `count` (at most) rows' `column` of an earlier step. */
  | { readonly kind: 'column'; readonly step: number; readonly column: string; readonly count: number };

export interface Step { readonly sql: string; readonly slots: readonly Slot[] }
export interface Template { readonly name: string; readonly steps: readonly Step[] }

/** Driver results → rows: row arrays, inserted keys, pg Results, mysql headers, counts. */
export function rowsOf(response: unknown): Row[] {
  if (response === undefined || response === null || typeof response === 'number') return [];
  if (Array.isArray(response)) {
    if (response.length > 0 && typeof response[0] === 'object' && response[0] !== null && 'insertId' in response[0]) return rowsOf(response[0]);
    return response.map((r) => (typeof r === 'object' && r !== null ? r as Row : { '': r }));
  }
  if (typeof response === 'object') {
    if ('rows' in response && Array.isArray((response as { rows: unknown }).rows)) return (response as { rows: Row[] }).rows;
    if ('insertId' in response) return [{ '': (response as { insertId: unknown }).insertId }];
    return [response as Row];
  }
  return [{ '': response }];
}

/** Small numbers and short strings are taken as constants (limits, flags), never as request values. */
const distinctive = (v: unknown): boolean => (typeof v === 'number' && Math.abs(v) >= 100) || (typeof v === 'string' && v.length >= 3);
const same = (a: unknown, b: unknown): boolean => a !== null && a !== undefined && String(a) === String(b);

/** knex's pg statements number their placeholders ($1, $2 …) in binding order: back to `?`. */
export const toQuestionMarks = (sql: string): string => sql.replace(/\$\d+/g, '?');

/**
 * The longest run of bindings from `at` equal to one column of an earlier step's rows, from its
 * first row on (the page's keys; a cursor page binds its first `count` rows of `count + 1`).
 */
function columnRun(bindings: readonly unknown[], at: number, earlier: readonly Row[][]): Slot | undefined {
  let best: Extract<Slot, { kind: 'column' }> | undefined;
  earlier.forEach((rows, step) => {
    for (const column of Object.keys(rows[0] ?? {})) {
      let n = 0;
      while (n < rows.length && at + n < bindings.length && same(rows[n]?.[column], bindings[at + n])) n++;
      // Two or more consecutive rows matching in order is a key list; a single value must be distinctive.
      const found = n >= 2 || (n === 1 && distinctive(bindings[at]));
      if (found && (best === undefined || n > best.count)) best = { kind: 'column', step, column, count: n };
    }
  });
  return best;
}

function paramSlot(value: unknown, params: Params): Slot | undefined {
  if (!distinctive(value)) return undefined;
  for (const [name, given] of Object.entries(params)) {
    if (Array.isArray(given)) {
      const index = given.findIndex((g) => same(g, value));
      if (index >= 0) return { kind: 'item', name, index };
    } else if (same(given, value)) return { kind: 'param', name };
  }
  return undefined;
}

export function buildTemplate(name: string, traced: readonly TracedStatement[], params: Params): Template {
  const earlier: Row[][] = [];
  const steps = traced.map((statement) => {
    const slots: Slot[] = [];
    for (let at = 0; at < statement.bindings.length;) {
      const value = statement.bindings[at];
      const slot = paramSlot(value, params) ?? columnRun(statement.bindings, at, earlier) ?? { kind: 'const' as const, value };
      slots.push(slot);
      at += slot.kind === 'column' ? slot.count : 1;
    }
    earlier.push(rowsOf(statement.response));
    return { sql: toQuestionMarks(statement.sql), slots };
  });
  return { name, steps };
}

/** The placeholders of a step, one group per slot (a column slot spans `count` placeholders). */
function reshape(sql: string, slots: readonly Slot[], counts: readonly number[]): string {
  const parts = sql.split('?');
  let out = parts[0] as string;
  let p = 1;
  slots.forEach((slot, i) => {
    const width = slot.kind === 'column' ? slot.count : 1;
    const wanted = counts[i] as number;
    out += Array.from({ length: wanted }, () => '?').join(', ');
    // The separators inside the traced group (", ") are dropped; the text after the group is kept.
    p += width - 1;
    out += parts[p] ?? '';
    p += 1;
  });
  for (; p < parts.length; p++) out += `?${parts[p]}`;
  return out;
}

export interface Statement { readonly sql: string; readonly values: readonly unknown[] }

/**
 * Replays a template: yields each statement with the request's values and receives its rows. A
 * statement whose key list comes out empty is skipped, as the engine skips it.
 */
export function* replay(template: Template, params: Params): Generator<Statement, Row[][], Row[]> {
  const results: Row[][] = [];
  for (const step of template.steps) {
    const values: unknown[] = [];
    const counts: number[] = [];
    for (const slot of step.slots) {
      const part = slotValues(slot, params, results);
      values.push(...part);
      counts.push(part.length);
    }
    const reshaped = step.slots.some((s, i) => s.kind === 'column' && counts[i] !== s.count);
    if (step.slots.some((s, i) => s.kind === 'column' && counts[i] === 0)) { results.push([]); continue; }
    results.push(yield { sql: reshaped ? reshape(step.sql, step.slots, counts) : step.sql, values });
  }
  return results;
}

function slotValues(slot: Slot, params: Params, results: readonly Row[][]): unknown[] {
  switch (slot.kind) {
    case 'const': return [slot.value];
    case 'param': return [params[slot.name]];
    case 'item': return [(params[slot.name] as readonly unknown[])[slot.index]];
    case 'column': return (results[slot.step] ?? []).slice(0, slot.count).map((row) => row[slot.column]);
  }
}

/** A step's slots in words, for the results file: `param:userName`, `const:100`, `rows[1].id ×100`. */
export function describeSlots(step: Step): string[] {
  return step.slots.map((slot) => {
    switch (slot.kind) {
      case 'const': return `const:${JSON.stringify(slot.value)}`;
      case 'param': return `param:${slot.name}`;
      case 'item': return `param:${slot.name}[${slot.index}]`;
      case 'column': return `rows[${slot.step}].${slot.column} ×${slot.count}`;
    }
  });
}

/**
 * The template's writes alone — its INSERT, UPDATE, DELETE and transaction control, and any read a
 * kept statement takes values from — for the "raw writes" floor of write workloads: what the
 * request must do at the least (for PATCH active=false, one UPDATE in a transaction).
 */
export function writesOnly(template: Template): Template {
  const keep = new Set(template.steps.flatMap((step, i) => (/^\s*select\b/i.test(step.sql) ? [] : [i])));
  for (let grew = true; grew;) {
    grew = false;
    for (const i of [...keep]) {
      for (const slot of template.steps[i]?.slots ?? []) {
        if (slot.kind === 'column' && !keep.has(slot.step)) { keep.add(slot.step); grew = true; }
      }
    }
  }
  const kept = [...keep].sort((a, b) => a - b);
  const renumber = (slot: Slot): Slot => (slot.kind === 'column' ? { ...slot, step: kept.indexOf(slot.step) } : slot);
  return { name: `${template.name}~writes`, steps: kept.map((i) => { const step = template.steps[i] as Step; return { sql: step.sql, slots: step.slots.map(renumber) }; }) };
}
