/**
 * Rows whose login is blank — empty, or no letter or digit at all (`''`, `-`) — are placeholders
 * the application keeps for itself (an anonymous account, a system user), not people an IdP could
 * match by userName; `check` asks for them to be scoped out, and so they are: `{ not: [...] }` on
 * the login column. Only the blanks the sample shows are named. Pure.
 */
import type { RawScopeConstant } from '../config/raw-types.js';
import type { DraftAttribute, DraftScope } from './draft.js';
import { factsOf, isBlank, type SchemaView } from './schema-view.js';

/** The scope leaving out rows whose userName column holds a blank value, if the sample shows any. */
export function placeholderScope(view: SchemaView, table: string, userName: DraftAttribute): DraftScope | undefined {
  const [side, column] = userName.column.includes('.') ? userName.column.split('.') : [table, userName.column];
  if (side === undefined || column === undefined || userName.keyed !== undefined) return undefined;
  const blanks = (factsOf(view, side, column)?.values ?? []).map((v) => v.value).filter(isBlank) as RawScopeConstant[];
  if (blanks.length === 0) return undefined;
  const shown = blanks.map((b) => JSON.stringify(b)).join(', ');
  return {
    column: userName.column, value: { not: blanks.length === 1 ? blanks[0] ?? '' : blanks },
    reason: `people only: rows whose ${column} is ${shown} have no login a person could have (an anonymous or system row)`,
  };
}
