#!/usr/bin/env node
// Turns the JSON lines test/cli/real-apps.test.ts writes (REAL_APPS_REPORT=<file>) into the table
// of issue 10: application × database × (init, columns mapped / left, check, simulate, Okta, Entra,
// groups, invariants, disabled → active=false, non-people hidden). Usage:
//   REAL_APPS_REPORT=/tmp/ra.jsonl npm test -- test/cli/real-apps.test.ts
//   node scripts/real-apps-table.mjs /tmp/ra.jsonl
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node scripts/real-apps-table.mjs <report.jsonl>');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

const mark = (s) => (s === 'pass' ? '✓' : s === 'not run' ? '–' : '✗');
/** "mapped 9 columns of user to User …; 8 columns left as comments" → "9 / 8". */
function columns(summary) {
  const mapped = [...summary.matchAll(/mapped (\d+) columns? of|, (\d+) of \S+ to Group/g)].map((m) => Number(m[1] ?? m[2])).reduce((a, b) => a + b, 0);
  const left = /(\d+) columns? left as comments/.exec(summary)?.[1] ?? '0';
  return summary === '' ? '' : `${mapped} / ${left}`;
}

const head = ['app', 'db', 'init', 'mapped / left', 'check', 'simulate', 'people served', 'disabled → false', 'non-people hidden', 'Okta', 'Entra', 'groups', 'invariants'];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const r of rows) {
  const s = r.steps;
  const simulate = s['simulate okta'] === 'pass' && s['simulate entra'] === 'pass' ? '✓' : mark(s['simulate okta'] !== 'pass' ? s['simulate okta'] : s['simulate entra']);
  console.log(`| ${[r.app, r.dialect, mark(s.init), columns(r.init), mark(s.check), simulate, mark(s.people), mark(s.disabled), mark(s['not served']),
    mark(s.okta), mark(s.entra), mark(s.groups), mark(s.invariants)].join(' | ')} |`);
}
const failures = rows.flatMap((r) => Object.entries(r.steps).filter(([, v]) => v.startsWith('fail')).map(([k, v]) => `- ${r.app} (${r.dialect}) ${k}: ${v.slice(6, 300).replace(/\s+/g, ' ')}`));
if (failures.length > 0) console.log(`\nFailures:\n${failures.join('\n')}`);
