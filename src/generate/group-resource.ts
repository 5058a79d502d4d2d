/**
 * The Group resource over the chosen groups table (or the users table's group rows): the tenant
 * scope when the groups table carries the same tenant, the type scope of a single-table design,
 * displayName and the other dictionary paths, the membership, folded copies and defaults. Pure.
 */
import { guessAttributes } from './attributes.js';
import { credentialColumns } from './credentials.js';
import { GROUP_ENTRIES, GROUP_OWNER_WORDS } from './dictionary.js';
import type { DraftRelation, DraftResource, DraftScope } from './draft.js';
import type { GroupChoice } from './groups.js';
import { foldedCopies, handleSlugs } from './identity.js';
import { identityCopies } from './copies.js';
import { partnerParts } from './group-half.js';
import { builtInGroupScope } from './people.js';
import { softDeleteColumn } from './markers.js';
import { credentialNote, fillDefaults, idOf, leftOver, plainColumns } from './resource-parts.js';
import { keptRows } from './sampled.js';
import type { SchemaView } from './schema-view.js';

export interface GroupInputs {
  /** The tenant scope, already moved to the group table's column. */
  readonly tenant?: DraftScope;
  readonly members?: DraftRelation;
  readonly notes: readonly string[];
}

/** The scope that keeps a single-table design's group rows. */
function rowsScope(choice: GroupChoice): readonly DraftScope[] {
  if (choice.rows === undefined || choice.partner !== undefined) return [];
  const { column, values } = choice.rows;
  return [{ column, value: values.length === 1 ? values[0] ?? null : values, reason: `groups only: ${choice.reason}; creates write ${String(values[0])}` }];
}

/** The Group draft. */
export function buildGroup(view: SchemaView, choice: GroupChoice, inputs: GroupInputs): DraftResource {
  const { table } = choice;
  const single = choice.rows !== undefined && choice.partner === undefined;
  const credentials = credentialColumns(table.columns);
  const id = idOf(table);
  const half = choice.partner !== undefined && choice.rows !== undefined ? partnerParts(view, choice.partner, choice.rows, new Set()) : undefined;
  const builtIn = single ? undefined : builtInGroupScope(view, table, new Set(inputs.tenant !== undefined ? [inputs.tenant.column] : []));
  const scope = [...(inputs.tenant !== undefined ? [inputs.tenant] : []), ...rowsScope(choice), ...(half !== undefined ? [half.scope] : []), ...(builtIn !== undefined ? [builtIn] : [])];
  const claimed = new Set<string>([...credentials, ...(id !== undefined ? [id.column] : []), ...scope.map((s) => s.column), ...(choice.partner !== undefined ? [choice.partner.column] : [])]);
  const del = softDeleteColumn(view, table, claimed);
  if (del !== undefined) claimed.add(del.soft);
  const guessed = guessAttributes(view, table, GROUP_ENTRIES, { skip: claimed, taken: new Set((half?.attributes ?? []).map((a) => a.path)), ...(single ? {} : { ownerWords: GROUP_OWNER_WORDS }) });
  const attributes = [...(half?.attributes ?? []), ...guessed.attributes.map((a) => (a.path === 'displayName' ? { ...a, required: true } : a))];
  attributes.forEach((a) => claimed.add(a.column));
  const derived = [...foldedCopies(table, attributes, claimed), ...(single ? [] : handleSlugs(table, attributes, claimed))];
  derived.forEach((d) => claimed.add(d.column));
  const copies = identityCopies(table, attributes, claimed, single);
  copies.forEach((d) => claimed.add(d.column));
  const written = new Set([...claimed].filter((c) => !credentials.includes(c)));
  const kept = keptRows(view, table.name, scope);
  const filled = fillDefaults(view, 'Group', table, {
    written, mapped: plainColumns(attributes), usersTable: single,
    ...(del?.soft !== undefined ? { soft: del.soft } : {}), ...(kept !== undefined ? { kept } : {}),
  });
  const used = new Set([...claimed, ...filled.defaults.map((d) => d.column)]);
  return {
    name: 'Group', table: table.name, scope, join: half !== undefined ? [half.join] : [], derived: [...derived, ...copies], defaults: filled.defaults, attributes,
    relations: inputs.members !== undefined ? [inputs.members] : [], offered: [],
    // In a single-table design the other columns are the people's: not offered on the Group.
    unmapped: single ? [] : leftOver(table, used, guessed.alternatives),
    notes: [...(single ? [] : credentialNote(credentials)), ...inputs.notes, ...filled.notes,
      ...(attributes.some((a) => a.path === 'displayName') ? [] : ['displayName is required: map it to the group\'s name column'])],
    credentials: single ? [] : credentials, uncovered: filled.uncovered,
    ...(id !== undefined ? { id } : {}), ...(del !== undefined ? { delete: del } : {}),
  };
}
