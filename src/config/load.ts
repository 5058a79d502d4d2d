/**
 * Reads the config file: YAML (with node positions) → `${VAR}` expansion → JSON Schema validation.
 * Every problem found on the way is a ConfigError with file:line:column and a fix; all of them are
 * thrown together as ConfigErrors so a user fixes the file in one pass.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { ConfigError, ConfigErrors } from '../errors.js';
import type { SourcePosition } from '../errors.js';
import { expandDocument } from './env.js';
import type { Env } from './env.js';
import type { RawConfig } from './raw-types.js';
import { validateConfig } from './validate.js';

/** A YAML path: map keys and sequence indexes, e.g. `['resources', 'User', 'attributes', 'userName']`. */
export type ConfigPath = readonly (string | number)[];

/** A validated config and the way back from its values to the file. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** Validated, env-expanded plain data (deeply frozen). */
  readonly raw: RawConfig;
  /** Position of the node at a YAML path (key position when `key` is true); falls back to the nearest existing ancestor. */
  positionOf(path: ConfigPath, key?: boolean): SourcePosition;
  /** Convenience for later stages (the mapping compiler reports "column does not exist", "not a SCIM attribute", "map is not a bijection" through this). */
  error(path: ConfigPath, problem: string, hint: string, key?: boolean): ConfigError;
}

/**
 * Loads, expands and validates the config file at `file`.
 * @throws ConfigErrors listing every problem (unreadable file, YAML syntax, unset variables, schema).
 */
export function loadConfig(file: string, env: Env = process.env): LoadedConfig {
  const absolute = resolve(file);
  return parseConfigText(readSource(absolute), absolute, env);
}

/**
 * Like `loadConfig`, for text already in memory (`file` is only used in positions; it is made absolute).
 * @throws ConfigErrors listing every problem.
 */
export function parseConfigText(text: string, file: string, env: Env = process.env): LoadedConfig {
  const absolute = resolve(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const locator = makeLocator(doc, lineCounter, absolute);
  if (doc.errors.length > 0) throw new ConfigErrors(doc.errors.map((e) => syntaxError(e, absolute)));
  if (doc.contents === null) {
    throw new ConfigErrors([locator.error([], 'the config file is empty', 'add the "database:" and "resources:" sections (see docs/config.md)')]);
  }
  const envErrors = expandDocument(doc, env, locator.error);
  const { value, errors } = validateConfig(toPlain(doc, locator), locator.error);
  // An unset variable expands to "" and would also be "must not be empty": say it once.
  const envPaths = new Set(envErrors.map((e) => e.path));
  const all = [...envErrors, ...errors.filter((e) => !envPaths.has(e.path))];
  if (all.length > 0) throw new ConfigErrors(all.sort(byPosition));
  return { file: absolute, raw: deepFreeze(value) as RawConfig, ...locator };
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw cause;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
    const hint = code === 'ENOENT' ? 'check the --config path, or write a starting point with "scim-bridge init --db …"' : 'point --config at a readable YAML file';
    throw new ConfigErrors([new ConfigError({ file, line: 1, column: 1 }, '', `the config file ${why}`, hint)]);
  }
}

const SYNTAX_HINTS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'keep one of the two keys (a later one would silently win in other tools)',
  BAD_INDENT: 'indent every key of a block by the same number of spaces',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MULTIPLE_DOCS: 'keep one YAML document: remove the "---" separator',
  MISSING_CHAR: 'close the quote or bracket that was opened',
};

function syntaxError(e: YAMLError, file: string): ConfigError {
  const at = e.linePos?.[0] ?? { line: 1, col: 1 };
  // The yaml package appends " at line L, column C:" and a source excerpt; we print our own position.
  const problem = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
  const hint = SYNTAX_HINTS[e.code] ?? 'check the YAML syntax here; quote values that contain ": ", " #", or "${…}" inside [ ] or { }';
  return new ConfigError({ file, line: at.line, column: at.col }, '', `YAML syntax error: ${problem}`, hint);
}

function toPlain(doc: Document, locator: Locator): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // The yaml package refuses alias bombs with a ReferenceError; anything else is a bug.
    if (!(cause instanceof ReferenceError)) throw cause;
    throw new ConfigErrors([locator.error([], cause.message, 'use fewer YAML aliases (*name)')]);
  }
}

type Locator = Pick<LoadedConfig, 'positionOf' | 'error'>;

/** `positionOf` and `error` over one parsed document. */
function makeLocator(doc: Document, lineCounter: LineCounter, file: string): Locator {
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const positionOf = (path: ConfigPath, key = false): SourcePosition => {
    const found = find(doc, path);
    const value = found.value?.range && !isEmpty(found.value) ? found.value.range[0] : undefined;
    const keyOffset = found.key?.range?.[0];
    // Missing nodes and empty values (`server:`) point at their key; so do keys when asked.
    const preferKey = key || !found.complete || value === undefined;
    const offset = preferKey ? keyOffset ?? value : value ?? keyOffset;
    return offset === undefined ? { file, line: 1, column: 1 } : at(offset);
  };
  const error = (path: ConfigPath, problem: string, hint: string, key = false): ConfigError =>
    new ConfigError(positionOf(path, key), formatPath(path), problem, hint);
  return { positionOf, error };
}

interface Found {
  readonly value: Node | undefined;
  readonly key: Node | undefined;
  /** False when the path stopped early at an ancestor. */
  readonly complete: boolean;
}

function find(doc: Document, path: ConfigPath): Found {
  let value = deAlias(doc, doc.contents ?? undefined);
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(value)) {
      const pair = value.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return { value, key, complete: false };
      key = pair.key as Node;
      value = deAlias(doc, (pair.value ?? undefined) as Node | undefined);
    } else if (isSeq(value) && value.items[Number(segment)] !== undefined) {
      key = undefined;
      value = deAlias(doc, value.items[Number(segment)] as Node);
    } else {
      return { value, key, complete: false };
    }
  }
  return { value, key, complete: true };
}

function deAlias(doc: Document, node: Node | undefined): Node | undefined {
  return isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null && node.range != null && node.range[0] === node.range[1];
}

/** `resources.User.attributes["name.givenName"].column`, `auth.bearer[0]`. */
export function formatPath(path: ConfigPath): string {
  return path
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

function byPosition(a: ConfigError, b: ConfigError): number {
  return a.position.line - b.position.line || a.position.column - b.position.column;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
