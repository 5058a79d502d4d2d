/**
 * A PATCH body (RFC 7644 §3.5.2) → PatchOperation[]. Spellings the identity providers really send
 * are normalised here, each under a named compatibility rule (docs/compatibility.md):
 * - `op-case`: "Replace", "Add", "Remove" (Microsoft Entra ID) are the RFC's lower-case ops
 *   (test/idp/entra/replace-active-string-boolean.json).
 * - `empty-operations`: an empty Operations list is a no-op, not an error (Entra;
 *   test/idp/entra/empty-operations.json).
 * With a rule off, the RFC-literal reading applies and the request is refused.
 */
import { ScimError } from '../errors.js';
import { DEFAULT_COMPATIBILITY, DEFAULT_LIMITS, type CompatibilityRules } from '../mapping/types.js';
import type { PatchPath } from './filter/ast.js';
import { parsePatchPath } from './path.js';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: PatchPath;
  /** The path as sent, for messages. */
  readonly pathText?: string;
  readonly value?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

type PatchRules = Pick<CompatibilityRules, 'opCase' | 'emptyOperations'>;

/**
 * RFC 7644 §3.5.2: `{"schemas":[PatchOp URN], "Operations":[…]}` → the operations, in order; more
 * than `maxOperations` is a 400 that states the limit (a bound on one request's work).
 */
export function parsePatchRequest(body: unknown, rules: PatchRules = DEFAULT_COMPATIBILITY, maxOperations = DEFAULT_LIMITS.maxOperations): PatchOperation[] {
  if (!isObject(body)) throw ScimError.of('invalidSyntax', 'The PATCH body must be a JSON object with "schemas" and "Operations".');
  const schemas = field(body, 'schemas');
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN.toLowerCase()))) {
    throw ScimError.of('invalidSyntax', `"schemas" must be ["${PATCH_OP_URN}"].`);
  }
  const operations = field(body, 'Operations');
  if (!Array.isArray(operations)) throw ScimError.of('invalidSyntax', '"Operations" must be a list of operations, e.g. [{"op":"replace","path":"active","value":false}].');
  // RFC 7644 §3.5.2: "an array of one or more PATCH operations".
  if (operations.length === 0 && !rules.emptyOperations) throw ScimError.of('invalidSyntax', '"Operations" must hold at least one operation (RFC 7644 §3.5.2).');
  if (operations.length > maxOperations) {
    throw ScimError.of('invalidValue', `The PATCH has ${operations.length} operations; the limit is ${maxOperations} (server.limits.maxOperations). Send them in several requests.`);
  }
  return operations.map((operation, index) => parseOperation(operation, index, rules));
}

/** The op name: exactly "add", "replace", "remove" (RFC 7644 §3.5.2), or any case under rule `op-case`. */
function opName(op: unknown, where: string, rules: PatchRules): PatchOpName {
  const names = ['add', 'replace', 'remove'];
  const name = typeof op === 'string' ? (rules.opCase ? op.toLowerCase() : op) : undefined;
  if (name === undefined || !names.includes(name)) {
    const hint = typeof op === 'string' && names.includes(op.toLowerCase()) ? ' (in lower case: the compatibility rule opCase is off)' : '';
    throw ScimError.of('invalidSyntax', `${where}.op must be "add", "replace" or "remove"${hint}; got ${JSON.stringify(op)}.`);
  }
  return name as PatchOpName;
}

function parseOperation(operation: unknown, index: number, rules: PatchRules): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(operation)) throw ScimError.of('invalidSyntax', `${where} must be an object with "op", and "path" and/or "value".`);
  const name = opName(field(operation, 'op'), where, rules);
  const pathText = field(operation, 'path');
  if (pathText !== undefined && typeof pathText !== 'string') throw ScimError.of('invalidPath', `${where}.path must be a string.`);
  const value = field(operation, 'value');
  const hasPath = typeof pathText === 'string' && pathText.trim() !== '';
  if (!hasPath && name === 'remove') throw ScimError.of('noTarget', `${where}: "remove" needs a "path" (RFC 7644 §3.5.2.2).`);
  if (!hasPath && !isObject(value)) throw ScimError.of('invalidValue', `${where}: without a "path", "value" must be an object of attributes.`);
  if (name !== 'remove' && value === undefined) throw ScimError.of('invalidValue', `${where}: "${name}" needs a "value".`);
  return {
    op: name,
    ...(hasPath ? { path: parsePatchPath(pathText.trim()), pathText: pathText.trim() } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}
