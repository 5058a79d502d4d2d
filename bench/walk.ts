/**
 * The import walks, timed end to end: one client reading every page of /Users, count=100, as
 * Okta does (startIndex=1, 101, …) or by RFC 9865 cursor. When the probe (the first 10 pages and
 * the last 3) says the full walk would exceed the time budget, pages are sampled — the first and
 * last 1% (up to 10 pages each), evenly between — and the total is the integral of the sampled page latencies over the
 * page numbers (trapezoids), which the output marks as extrapolated.
 */
import { BASE_PATH, TOKEN } from './config.js';
import { cursorKey, encodeCursor } from '../src/plan/cursor.js';
import { cursorQueryOf } from '../src/plan/query-plan.js';
import { HEADERS, pathFor, percentile, type Variant } from './measure.js';
import type { ServerChild } from './servers/child.js';
import { otherLoad } from './system.js';
import type { RequestSpec } from './workloads.js';

export const PAGE = 100;

export interface WalkStats {
  readonly pages: number;
  readonly measuredPages: number;
  readonly sampled: boolean;
  readonly totalSeconds: number;
  readonly pageP50Ms: number;
  readonly firstP50Ms: number;
  readonly lastP50Ms: number;
  readonly cpuUsPerPage: number;
  readonly rssMiB: number;
  readonly failures: number;
  readonly otherCores: number;
}

/** A cursor at `after` signed as the server signs it (the same key derivation, src/plan/cursor.ts). */
export function cursorAfter(after: number): string {
  const query = cursorQueryOf({ sortOrder: 'ascending', startIndex: 1, count: PAGE, attributes: [], excludedAttributes: [] });
  return encodeCursor(cursorKey({ bearer: [TOKEN], basic: [] }, 'User'), query, { id: after });
}

/** Page p (1-based) of a walk: the route and values the floors use, and the SCIM path. */
export function walkPage(mode: 'startIndex' | 'cursor', p: number, cursor?: string): RequestSpec {
  const offset = (p - 1) * PAGE;
  if (mode === 'startIndex') {
    return { route: p === 1 ? 'walk-index-first' : 'walk-index', method: 'GET', params: { offset }, path: `${BASE_PATH}/Users?startIndex=${offset + 1}&count=${PAGE}` };
  }
  const token = p === 1 ? '' : cursor ?? cursorAfter(offset);
  return { route: p === 1 ? 'walk-cursor-first' : 'walk-cursor', method: 'GET', params: { after: offset }, path: `${BASE_PATH}/Users?cursor=${encodeURIComponent(token)}&count=${PAGE}` };
}

interface PageResult { readonly ms: number; readonly ok: boolean; readonly next?: string }

async function fetchPage(server: ServerChild, variant: Variant, spec: RequestSpec): Promise<PageResult> {
  const path = pathFor(variant, spec);
  const started = process.hrtime.bigint();
  const response = await fetch(`${server.url}${path}`, { headers: HEADERS });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Only the SCIM walk follows the server's nextCursor; the floors' pages are addressed by number.
  const next = variant === 'scim' && spec.route.startsWith('walk-cursor') ? (JSON.parse(text) as { nextCursor?: string }).nextCursor : undefined;
  return { ms, ok: response.ok, ...(next !== undefined ? { next } : {}) };
}

/** Pages to sample: the first and last `edge` pages, and `between` more evenly spaced. */
function samplePages(pages: number, edge: number, between: number): number[] {
  const chosen = new Set<number>();
  for (let p = 1; p <= Math.min(edge, pages); p++) { chosen.add(p); chosen.add(pages - p + 1); }
  for (let j = 1; j <= between; j++) chosen.add(Math.round(1 + (j * (pages - 1)) / (between + 1)));
  return [...chosen].sort((a, b) => a - b);
}

/** The trapezoid integral of latency over page numbers: the walk's duration from sampled pages. */
function integrate(samples: readonly { page: number; ms: number }[]): number {
  let total = samples[0]?.ms ?? 0;
  for (let j = 1; j < samples.length; j++) {
    const a = samples[j - 1] as { page: number; ms: number };
    const b = samples[j] as { page: number; ms: number };
    total += ((a.ms + b.ms) / 2) * (b.page - a.page - 1) + b.ms;
  }
  return total;
}

/** Whether this variant's full walk fits the budget, from the first 10 and the last 3 pages. */
export async function fitsBudget(server: ServerChild, variant: Variant, mode: 'startIndex' | 'cursor', pages: number, budgetSeconds: number): Promise<boolean> {
  const probe = [...samplePages(pages, 3, 0), ...Array.from({ length: Math.min(10, pages) }, (_, j) => j + 1)];
  const times: number[] = [];
  for (const p of [...new Set(probe)]) times.push((await fetchPage(server, variant, walkPage(mode, p))).ms);
  const first = times.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
  const mean = (first + times.reduce((a, b) => a + b, 0) / times.length) / 2;
  return (mean * pages) / 1000 <= budgetSeconds;
}

export async function measureWalk(server: ServerChild, variant: Variant, mode: 'startIndex' | 'cursor', users: number,
  full: boolean, budgetSeconds: number): Promise<WalkStats> {
  const pages = Math.ceil(users / PAGE);
  // The first and last 1% of pages (at least 5, so a small walk's figure is not one page's; when
  // sampling, at most 10 pages of each end are read).
  const edge = Math.min(full ? pages : 10, Math.max(5, Math.ceil(pages / 100)));
  server.resetPeakRss();
  const cpuBefore = await server.cpuMicros();
  const window = otherLoad();
  const started = process.hrtime.bigint();
  const samples: { page: number; ms: number }[] = [];
  let failures = 0;
  let cursor: string | undefined;
  const wanted = full ? Array.from({ length: pages }, (_, j) => j + 1) : samplePages(pages, edge, Math.max(30, Math.min(pages, Math.floor(budgetSeconds * 2))));
  for (const p of wanted) {
    const page = await fetchPage(server, variant, walkPage(mode, p, full ? cursor : undefined));
    cursor = page.next;
    samples.push({ page: p, ms: page.ms });
    if (!page.ok) failures++;
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await server.cpuMicros()) - cpuBefore;
  const sorted = (list: readonly { ms: number }[]) => list.map((s) => s.ms).sort((a, b) => a - b);
  return {
    pages, measuredPages: samples.length, sampled: !full,
    totalSeconds: full ? wall : integrate(samples) / 1000,
    pageP50Ms: percentile(sorted(samples), 0.5),
    firstP50Ms: percentile(sorted(samples.filter((s) => s.page <= edge)), 0.5),
    lastP50Ms: percentile(sorted(samples.filter((s) => s.page > pages - edge)), 0.5),
    cpuUsPerPage: cpu / samples.length, rssMiB: server.peakRss(), failures, otherCores: window.stop(cpu),
  };
}
