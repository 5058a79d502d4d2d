/**
 * `${VAR}` / `${VAR:-default}` expansion in the config's scalar values, so secrets never live in the
 * file. `$${` writes a literal `${`. Expansion happens on the YAML Document (not on text) so that
 * every problem keeps the line and column of the scalar it came from, and so that an expanded value
 * can never change the YAML structure (a password containing `: ` stays one string).
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigError } from '../errors.js';

/** The environment to read; `process.env` in production, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Builds a ConfigError for the value at a YAML path (see `LoadedConfig.error`). */
export type ErrorAt = (path: readonly (string | number)[], problem: string, hint: string, key?: boolean) => ConfigError;

/** One problem found while expanding a string; `hint` says how to fix it. */
export interface ExpansionProblem {
  readonly problem: string;
  readonly hint: string;
}

/** The result of expanding one string: the value and every problem (all of them, not the first). */
export interface Expansion {
  readonly value: string;
  readonly problems: readonly ExpansionProblem[];
}

// `$${` (escape), or `${` followed by everything up to the next `}` (absent when unterminated).
const REFERENCE = /\$\$\{|\$\{([^}]*)(\})?/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Expands every `${VAR}` and `${VAR:-default}` in `text`. Like the shell, `:-` also takes the default
 * when the variable is set but empty. A missing variable expands to "" and is reported.
 */
export function expandString(text: string, env: Env): Expansion {
  const problems: ExpansionProblem[] = [];
  const value = text.replace(REFERENCE, (match: string, inner: string | undefined, close: string | undefined) => {
    if (match === '$${') return '${';
    const reference = inner ?? '';
    if (close === undefined) {
      problems.push({ problem: `unterminated "\${${reference}"`, hint: 'close it with "}", or write "$${" for a literal "${"' });
      return match;
    }
    return resolve(reference, env, problems);
  });
  return { value, problems };
}

function resolve(reference: string, env: Env, problems: ExpansionProblem[]): string {
  const parsed = INNER.exec(reference);
  const name = parsed?.[1];
  if (parsed === null || name === undefined) {
    problems.push({
      problem: `"\${${reference}}" is not a valid variable reference`,
      hint: 'write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or "$${" for a literal "${"',
    });
    return '';
  }
  const fallback = parsed[2];
  const set = env[name];
  if (fallback !== undefined) return set === undefined || set === '' ? fallback : set;
  if (set !== undefined) return set;
  problems.push({
    problem: `environment variable ${name} is not set`,
    hint: `export ${name}=… or write \${${name}:-default}`,
  });
  return '';
}

/**
 * Expands the string value of every scalar in `doc` in place and returns one ConfigError per problem
 * (all of them). Map keys are left alone: they name things (resources, attribute paths, SCIM values)
 * and are not secrets.
 */
export function expandDocument(doc: Document, env: Env, errorAt: ErrorAt): ConfigError[] {
  const errors: ConfigError[] = [];
  walk(doc.contents, [], (node, path) => {
    if (typeof node.value !== 'string') return;
    const { value, problems } = expandString(node.value, env);
    node.value = value;
    for (const p of problems) errors.push(errorAt(path, p.problem, p.hint));
  });
  return errors;
}

type ScalarVisitor = (node: { value: unknown }, path: readonly (string | number)[]) => void;

function walk(node: Node | null | undefined | unknown, path: readonly (string | number)[], visit: ScalarVisitor): void {
  if (isScalar(node)) {
    visit(node, path);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      walk(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walk(item, [...path, index], visit));
  }
  // Aliases are skipped: they repeat a node that is expanded where its anchor is.
}
