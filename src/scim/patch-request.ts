/**
 * A PATCH body (RFC 7644 §3.5.2) → PatchOperation[]. Spellings the identity providers really send
 * are normalised here, each under a named compatibility rule (docs/compatibility.md):
 * - `op-case`: "Replace", "Add", "Remove" (Microsoft Entra ID) are the RFC's lower-case ops.
 * - `empty-operations`: an empty Operations list is a no-op, not an error (Entra).
 */
import { ScimError } from '../errors.js';
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

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw ScimError.of('invalidSyntax', 'The PATCH body must be a JSON object with "schemas" and "Operations".');
  const schemas = field(body, 'schemas');
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN.toLowerCase()))) {
    throw ScimError.of('invalidSyntax', `"schemas" must be ["${PATCH_OP_URN}"].`);
  }
  const operations = field(body, 'Operations');
  if (!Array.isArray(operations)) throw ScimError.of('invalidSyntax', '"Operations" must be a list of operations, e.g. [{"op":"replace","path":"active","value":false}].');
  return operations.map((operation, index) => parseOperation(operation, index));
}

function parseOperation(operation: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(operation)) throw ScimError.of('invalidSyntax', `${where} must be an object with "op", and "path" and/or "value".`);
  const op = field(operation, 'op');
  if (typeof op !== 'string' || !['add', 'replace', 'remove'].includes(op.toLowerCase())) {
    throw ScimError.of('invalidSyntax', `${where}.op must be "add", "replace" or "remove"; got ${JSON.stringify(op)}.`);
  }
  const name = op.toLowerCase() as PatchOpName;
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
