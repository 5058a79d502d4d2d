/**
 * init's one-line summary on stderr: "mapped 9 columns of users to User (+ phoneNumbers from
 * user_phones, groups through team_members), 3 of teams to Group (+ members through team_members);
 * 1 NOT NULL column given a create-only default; 4 columns left as comments". Pure.
 */
import type { Draft, DraftResource } from './draft.js';

/** Distinct columns of the resource's own table that the mapping reads or writes. */
function mappedColumns(r: DraftResource): number {
  const own = r.attributes.filter((a) => a.keyed === undefined && !a.column.includes('.')).map((a) => a.column);
  return new Set([...own, r.id?.column, r.delete?.soft, ...r.scope.map((s) => s.column), ...r.derived.map((d) => d.column)]
    .filter((c) => c !== undefined)).size;
}

function extras(r: DraftResource): string {
  const parts = [
    ...r.join.map((j) => `${j.table} joined`),
    ...r.relations.map((x) => ('through' in x.spec ? `${x.path} through ${x.spec.through}` : `${x.path} from ${x.spec.table}`)),
    ...[...new Set(r.attributes.flatMap((a) => (a.keyed !== undefined ? [a.keyed.table] : [])))].map((t) => `key-value rows of ${t}`),
  ];
  return parts.length === 0 ? '' : ` (+ ${parts.join(', ')})`;
}

export function summarize(draft: Draft): { user: number; group: number; commented: number } {
  const commented = (r: DraftResource | undefined): number => (r === undefined ? 0 : r.unmapped.length + r.credentials.length);
  return {
    user: mappedColumns(draft.user),
    group: draft.group === undefined ? 0 : mappedColumns(draft.group),
    commented: commented(draft.user) + (draft.group?.table === draft.user.table ? 0 : commented(draft.group)),
  };
}

export function summaryLine(draft: Draft): string {
  const counts = summarize(draft);
  const group = draft.group !== undefined ? `, ${counts.group} of ${draft.group.table} to Group${extras(draft.group)}` : '';
  const defaults = draft.user.defaults.length + (draft.group?.defaults.length ?? 0);
  const filled = defaults > 0 ? `; ${defaults} NOT NULL column${defaults > 1 ? 's' : ''} given a create-only default` : '';
  const scoped = draft.user.scope.length > 0 ? `; scoped by ${draft.user.scope.map((s) => s.column).join(', ')}` : '';
  return `mapped ${counts.user} columns of ${draft.user.table} to User${extras(draft.user)}${group}${scoped}${filled}; ${counts.commented} column${counts.commented === 1 ? '' : 's'} left as comments`;
}
