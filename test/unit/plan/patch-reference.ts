/**
 * An independent, RFC-literal PATCH applier for the property test's subset of the User schema
 * (singular simple attributes, `name` and its sub-attributes, the enterprise `department`, no-path
 * objects). Written as plain code on JSON, sharing nothing with src/plan/patch-apply.ts.
 *
 * RFC 7644 §3.5.2.1 add / §3.5.2.3 replace on a singular attribute set it; on a complex one the
 * given sub-attributes are set and the others left unchanged. §3.5.2.2 remove unassigns it.
 * An attribute whose every sub-attribute is unassigned is itself unassigned (RFC 7643 §2.5).
 */
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export type User = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Op { readonly op: 'add' | 'replace' | 'remove'; readonly path?: string; readonly value?: unknown }
export type Outcome = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly scimType: string };

/**
 * Attributes the result must still have: userName is required; active's column is NOT NULL.
 * Checked on the result, as the server validates the new resource as a whole (a `remove` then an
 * `add` of a required attribute in one PATCH is fine).
 */
const NOT_REMOVABLE = ['userName', 'active'];

class Refused extends Error {
  constructor(readonly scimType: string) { super(scimType); }
}

function setSub(user: User, container: string, sub: string, value: unknown): void {
  user[container] = { ...(user[container] ?? {}), [sub]: value };
}

function removeSub(user: User, container: string, sub: string): void {
  if (!user[container]) return;
  const { [sub]: _, ...rest } = user[container];
  if (Object.keys(rest).length === 0) delete user[container];
  else user[container] = rest;
}

function applyPath(user: User, op: Op['op'], path: string, value: unknown): void {
  if (path === 'name' && op !== 'remove') {
    for (const [k, v] of Object.entries(value as User)) setSub(user, 'name', k, v);
    return;
  }
  const [top, sub] = path.startsWith(`${ENT}:`) ? [ENT, path.slice(ENT.length + 1)] : path.split('.') as [string, string | undefined];
  if (op === 'remove') {
    if (sub === undefined) delete user[top];
    else removeSub(user, top, sub);
    return;
  }
  if (sub === undefined) user[top] = value;
  else setSub(user, top, sub, value);
}

/** Applies the operations in order; any failure leaves the user as it was (the PATCH is atomic). */
export function referenceApply(user: User, ops: readonly Op[]): Outcome {
  const next: User = structuredClone(user);
  try {
    for (const op of ops) {
      if (op.path !== undefined) applyPath(next, op.op, op.path, op.value);
      else for (const [key, value] of Object.entries(op.value as User)) applyPath(next, op.op, key, value);
    }
    if (NOT_REMOVABLE.some((name) => next[name] === undefined)) throw new Refused('invalidValue');
  } catch (error) {
    if (error instanceof Refused) return { ok: false, scimType: error.scimType };
    throw error;
  }
  return { ok: true, user: next };
}
