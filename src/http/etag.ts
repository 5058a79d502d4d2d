/** RFC 7644 §3.14 versioning: ETag on responses, If-Match on writes (412), If-None-Match on reads (304). */
import type { Context } from 'koa';
import { ScimError } from '../errors.js';

function listed(header: string): string[] {
  return header.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Weak comparison (RFC 9110 §8.8.3.2): `W/"x"` and `"x"` name the same version. */
const weak = (tag: string) => tag.replace(/^W\//, '');

export function checkIfMatch(ctx: Context, version: string): void {
  const header = ctx.get('if-match');
  if (header === '' || header === '*') return;
  if (!listed(header).some((t) => weak(t) === weak(version))) {
    throw ScimError.status(412, `The resource has changed (its version is now ${version}); read it again and retry.`);
  }
}

export function notModified(ctx: Context, version: string): boolean {
  const header = ctx.get('if-none-match');
  if (header === '' || !(header === '*' || listed(header).some((t) => weak(t) === weak(version)))) return false;
  ctx.status = 304;
  ctx.set('ETag', version);
  return true;
}
