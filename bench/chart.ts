/**
 * The latest run per (db, size) in the results folder → chart.svg (latency against directory size,
 * one panel per workload; hand-written SVG, no dependency) and results.md (the tables).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaveat, loadTable, summaryTable, walkTable, type LoadResult, type RunFile, type WalkResult } from './report.js';
import { WORKLOADS } from './workloads.js';

const COLORS: Record<string, string> = { sqlite: '#1f6fb4', postgres: '#2e8b57', mysql: '#d2691e' };
const DASH: Record<string, string> = { scim: '', raw: '6 4', koa: '2 3' };
const W = 300;
const H = 200;
const M = { left: 46, right: 12, top: 30, bottom: 30 };

/**
 * The latest result of each workload per (db, size): a later run of some workloads replaces only
 * those. `started` of the merged file lists the runs it draws from.
 */
export function latestRuns(dir: string): RunFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunFile)
    .filter((f) => f.version === 1)
    .sort((a, b) => a.started.localeCompare(b.started));
  const merged = new Map<string, RunFile>();
  for (const file of files) {
    const key = `${file.db}/${file.users}`;
    const seen = merged.get(key);
    const names = new Set(file.workloads.map((w) => w.name));
    const kept = (seen?.workloads ?? []).filter((w) => !names.has(w.name));
    const started = seen ? `${seen.started}, ${file.started}` : file.started;
    merged.set(key, { ...file, started, workloads: [...kept, ...file.workloads] });
  }
  const order = (f: RunFile) => f.workloads.map((w) => w.name);
  return [...merged.values()].sort((a, b) => a.db.localeCompare(b.db) || a.users - b.users).map((f) => ({ ...f, workloads: [...f.workloads].sort((x, y) => rank(x.name) - rank(y.name)) })).filter((f) => order(f).length > 0);
}

const rank = (name: string) => { const i = WORKLOADS.findIndex((w) => w.name === name); return i < 0 ? 99 : i; };

type Series = { db: string; variant: string; thin: boolean; points: { users: number; ms: number }[] };

/** Per workload: p50 for scim, raw and koa, and scim's p99 (thin); for walks the page p50. */
function seriesOf(files: readonly RunFile[], workload: string): Series[] {
  const out = new Map<string, Series>();
  for (const f of files) {
    const w = f.workloads.find((x) => x.name === workload);
    if (!w) continue;
    const add = (variant: string, thin: boolean, ms: number) => {
      const key = `${f.db}/${variant}/${thin}`;
      const s = out.get(key) ?? { db: f.db, variant, thin, points: [] };
      if (Number.isFinite(ms) && ms > 0) s.points.push({ users: f.users, ms });
      out.set(key, s);
    };
    for (const variant of ['scim', 'raw', 'koa'] as const) {
      add(variant, false, w.kind === 'load' ? (w as LoadResult).variants[variant].median.p50Ms : (w as WalkResult).variants[variant].median.pageP50Ms);
    }
    if (w.kind === 'load') add('scim', true, (w as LoadResult).variants.scim.median.p99Ms);
  }
  return [...out.values()].filter((s) => s.points.length > 0);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmtMs = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));
const fmtUsers = (u: number) => (u >= 1e6 ? `${u / 1e6}M` : u >= 1e3 ? `${u / 1e3}k` : String(u));

/** scim: a filled dot; raw: a ring; koa: a square; scim p99: a small dot. */
function marker(point: string, s: Series, color = COLORS[s.db] ?? '#555'): string {
  const [x, y] = point.split(',').map(Number) as [number, number];
  if (s.thin) return `<circle cx="${x}" cy="${y}" r="1.5" fill="${color}"/>`;
  if (s.variant === 'raw') return `<circle cx="${x}" cy="${y}" r="3" fill="white" stroke="${color}" stroke-width="1.5"/>`;
  if (s.variant === 'koa') return `<rect x="${x - 2.5}" y="${y - 2.5}" width="5" height="5" fill="${color}"/>`;
  return `<circle cx="${x}" cy="${y}" r="3" fill="${color}"/>`;
}

function panel(title: string, series: readonly Series[], sizes: readonly number[], x0: number, y0: number): string {
  const all = series.flatMap((s) => s.points.map((p) => p.ms));
  const lo = Math.log10(Math.min(...all) / 1.5);
  const hi = Math.log10(Math.max(...all) * 1.5);
  const [sMin, sMax] = [Math.log10(Math.min(...sizes)), Math.log10(Math.max(...sizes))];
  const px = (u: number) => x0 + M.left + (sMax === sMin ? (W - M.left - M.right) / 2 : ((Math.log10(u) - sMin) / (sMax - sMin)) * (W - M.left - M.right));
  const py = (ms: number) => y0 + H - M.bottom - ((Math.log10(ms) - lo) / (hi - lo)) * (H - M.top - M.bottom);
  const parts = [`<text x="${x0 + M.left}" y="${y0 + 16}" class="t">${esc(title)}</text>`,
    `<rect x="${x0 + M.left}" y="${y0 + M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" class="frame"/>`];
  const steps = hi - lo > 2.5 ? [1] : [1, 2, 5];
  for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
    for (const m of steps) {
      const v = m * 10 ** d;
      if (Math.log10(v) < lo || Math.log10(v) > hi) continue;
      parts.push(`<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" class="grid"/>`,
        `<text x="${x0 + M.left - 4}" y="${(py(v) + 3).toFixed(1)}" class="ya">${fmtMs(v)}</text>`);
    }
  }
  for (const u of sizes) parts.push(`<text x="${px(u).toFixed(1)}" y="${y0 + H - M.bottom + 14}" class="xa">${fmtUsers(u)}</text>`);
  for (const s of series) {
    const pts = [...s.points].sort((a, b) => a.users - b.users).map((p) => `${px(p.users).toFixed(1)},${py(p.ms).toFixed(1)}`);
    const style = `stroke="${COLORS[s.db] ?? '#555'}" stroke-width="${s.thin ? 1 : 2}" stroke-opacity="${s.thin ? 0.55 : 1}"${DASH[s.variant] ? ` stroke-dasharray="${DASH[s.variant]}"` : ''}`;
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" ${style}/>`, ...pts.map((p) => marker(p, s)));
  }
  return parts.join('\n');
}

export function renderChart(files: readonly RunFile[]): string {
  const names = [...new Set(files.flatMap((f) => f.workloads.map((w) => `${w.name}\u0000${w.kind === 'walk' ? `${w.name}: page p50 (ms)` : `${w.name}: p50 / scim p99 (ms)`}`)))];
  const sizes = [...new Set(files.map((f) => f.users))].sort((a, b) => a - b);
  const cols = 4;
  const rows = Math.ceil(names.length / cols);
  const legendY = 20;
  const width = cols * W;
  const height = rows * H + 50;
  const dbs = [...new Set(files.map((f) => f.db))];
  const legend = [
    ...dbs.map((db, i) => `<line x1="${10 + i * 110}" x2="${40 + i * 110}" y1="${legendY}" y2="${legendY}" stroke="${COLORS[db] ?? '#555'}" stroke-width="3"/><text x="${45 + i * 110}" y="${legendY + 4}" class="l">${db}</text>`),
    ...[['scim', 'scim-bridge'], ['raw', 'raw handler'], ['koa', 'bare Koa']].map(([v, label], i) => `<line x1="${360 + i * 140}" x2="${400 + i * 140}" y1="${legendY}" y2="${legendY}" stroke="#333" stroke-width="2"${DASH[v as string] ? ` stroke-dasharray="${DASH[v as string]}"` : ''}/>${marker(`${380 + i * 140},${legendY}`, { db: '', variant: v as string, thin: false, points: [] }, '#333')}<text x="${405 + i * 140}" y="${legendY + 4}" class="l">${label}</text>`),
    `<text x="${width - 10}" y="${legendY + 4}" class="l" text-anchor="end">thin: scim p99 · log scales · latest run per size</text>`,
  ];
  const panels = names.map((n, i) => {
    const [name, title] = n.split('\u0000') as [string, string];
    const series = seriesOf(files, name);
    return series.length === 0 ? '' : panel(title, series, sizes, (i % cols) * W, 40 + Math.floor(i / cols) * H);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<style>.t{font-size:12px;font-weight:bold}.l{font-size:12px}.xa{font-size:10px;text-anchor:middle;fill:#444}.ya{font-size:10px;text-anchor:end;fill:#444}.frame{fill:none;stroke:#999}.grid{stroke:#e4e4e4}</style>
<rect width="100%" height="100%" fill="white"/>
${legend.join('\n')}
${panels.join('\n')}
</svg>
`;
}

/** Writes chart.svg and results.md from the latest run of each (db, size) in `dir`. */
export function writeChart(dir: string, log: (line: string) => void): void {
  const files = latestRuns(dir);
  if (files.length === 0) return;
  writeFileSync(join(dir, 'chart.svg'), renderChart(files));
  const dates = files.map((f) => `${f.db} ${f.users.toLocaleString('en-US')}: ${f.started.split(', ').map((d) => `${d.slice(0, 16).replace('T', ' ')} UTC`).join(' and ')}`).join('; ');
  writeFileSync(join(dir, 'results.md'), `# Latest results\n\nRuns: ${dates}.\n\n## Summary\n\n${summaryTable(files)}\n\n${walkTable(files)}\n\n${loadCaveat(files)}\n\n## Every column\n\n${loadTable(files)}\n`);
  log(`wrote ${join(dir, 'chart.svg')} and ${join(dir, 'results.md')} from ${files.length} run(s)`);
}
