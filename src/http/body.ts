/**
 * The JSON request body, read with its limits enforced before any of it is trusted: size (413),
 * charset (UTF-8, or UTF-16 when the Content-Type says so; anything else 415), strict decoding
 * (invalid UTF-8 is a 400, never U+FFFD stored), nesting depth (checked on the text, before
 * JSON.parse, so no body can exhaust a stack later), array lengths, and attribute names that are
 * equal case-insensitively (RFC 7643 §2.1: "Attribute names are case insensitive", so `userName`
 * and `USERNAME` in one object name the same attribute twice).
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { ScimError } from '../errors.js';
import type { RequestLimits } from '../mapping/types.js';

/** Reads at most `limit` bytes; a longer body is 413 (the rest is left for Node to discard). */
function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: ScimError) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done(tooLarge(limit));
      chunks.push(chunk);
    };
    const onEnd = () => done();
    // A client that goes away mid-body gets no answer; this only ends the request quietly.
    const onAborted = () => done(ScimError.of('invalidSyntax', 'The request body was cut short (the client closed the connection).'));
    const onError = onAborted;
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

function tooLarge(limit: number): ScimError {
  return ScimError.status(413, `The request body is too large: the limit is ${limit} bytes (server.bodyLimit).`, { Connection: 'close' });
}

/**
 * RFC 8259 §8.1: JSON between systems is UTF-8; UTF-16 is decoded when the Content-Type names it
 * (byte order from a BOM, else from the first character, which is ASCII in any JSON text).
 */
function decode(bytes: Buffer, charset: string): string {
  const name = charset.toLowerCase();
  if (name === '' || name === 'utf-8' || name === 'utf8') {
    if (!isUtf8(bytes)) throw ScimError.of('invalidSyntax', 'The request body is not valid UTF-8; send UTF-8 JSON (or name another charset in Content-Type).');
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  }
  if (name === 'utf-16' || name === 'utf-16le' || name === 'utf-16be') {
    const order = name !== 'utf-16' ? name : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0 ? 'utf-16be' : 'utf-16le';
    try {
      return new TextDecoder(order, { fatal: true }).decode(bytes);
    } catch {
      throw ScimError.of('invalidSyntax', `The request body is not valid ${order.toUpperCase()}.`);
    }
  }
  throw ScimError.status(415, `The body's charset "${charset}" is not supported; send UTF-8 (or UTF-16) JSON.`);
}

/** The deepest nesting of `[` and `{` outside strings; stops early past `max`. */
function depthOf(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) return depth; }
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return depth;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Only the position is echoed: V8's message may quote the body.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw ScimError.of('invalidSyntax', `The request body is not valid JSON${at !== undefined ? ` (at character ${Number(at) + 1})` : ''}.`);
  }
}

/** Arrays no longer than the limit; no object names one attribute twice in different case. The depth is already bounded. */
function checkShape(value: unknown, limits: RequestLimits, where: string): void {
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayLength) {
      throw ScimError.of('invalidValue', `${where} has ${value.length} elements; the limit is ${limits.maxArrayLength} (server.limits.maxArrayLength).`);
    }
    value.forEach((v, i) => checkShape(v, limits, `${where}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const seen = new Map<string, string>();
  for (const [key, inner] of Object.entries(value)) {
    const folded = key.toLowerCase();
    const first = seen.get(folded);
    if (first !== undefined) {
      throw ScimError.of('invalidSyntax', `${where} names one attribute twice: "${first}" and "${key}" (attribute names are case-insensitive, RFC 7643 §2.1).`);
    }
    seen.set(folded, key);
    checkShape(inner, limits, where === 'The body' ? `"${key}"` : `${where}.${key}`);
  }
}

/** Parses a JSON text under the limits (also used for bodies that did not come over HTTP). */
export function parseBody(text: string, limits: RequestLimits): unknown {
  if (text.trim() === '') return {};
  if (depthOf(text, limits.maxDepth) > limits.maxDepth) {
    throw ScimError.of('invalidSyntax', `The request body is nested more than ${limits.maxDepth} levels deep (server.limits.maxDepth).`);
  }
  const value = parseJson(text);
  checkShape(value, limits, 'The body');
  return value;
}

export const JSON_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

/**
 * Sets ctx.request.body for POST, PUT and PATCH: the parsed JSON, or `{}` when there is no body.
 * A body of another type is 415 (RFC 7644 §3.1 uses application/scim+json); unread, it would parse as `{}`.
 */
export function jsonBody(limits: RequestLimits): Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const hasBody = ctx.req.headers['transfer-encoding'] !== undefined || (ctx.request.length ?? 0) > 0;
    if (hasBody && !ctx.is(...JSON_TYPES)) {
      throw ScimError.status(415, `Send the body as application/scim+json (or application/json); got ${ctx.get('content-type') || 'no Content-Type'}.`);
    }
    const bytes = hasBody ? await readBytes(ctx.req, limits.bodyBytes) : Buffer.alloc(0);
    (ctx.request as { body?: unknown }).body = parseBody(decode(bytes, ctx.request.charset), limits);
    return next();
  };
}
