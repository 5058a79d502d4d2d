/**
 * JSON Schema validation of the env-expanded config, with Ajv's errors turned into one human message
 * and fix per place: unknown keys get a "did you mean", enums list their values, and `oneOf`
 * alternatives collapse into the problem of the alternative the value was evidently meant to be.
 */
import type { ErrorObject } from 'ajv';
import type { ConfigError } from '../errors.js';
import type { ErrorAt } from './env.js';
import { didYouMean } from '../util/did-you-mean.js';
import { acceptsType, coerce, configValidator, jsonType, subschemaValidator, typesOf } from './schema.js';
import type { SchemaNode } from './schema.js';

/** The coerced config, and every schema problem (empty when valid). */
export interface Validation {
  readonly value: unknown;
  readonly errors: readonly ConfigError[];
}

/**
 * Validates `data` (plain, env-expanded YAML data) against `config/scim-bridge.schema.json`.
 * Numeric and boolean strings are coerced first where the schema wants a number or boolean.
 * `errorAt` turns a YAML path into a positioned ConfigError.
 */
export function validateConfig(data: unknown, errorAt: ErrorAt): Validation {
  const value = coerce(data);
  const validate = configValidator();
  if (validate(value)) return { value, errors: [] };
  const issues = collapse(validate.errors ?? []).map((e) => describe(e, value));
  const seen = new Set<string>();
  const errors: ConfigError[] = [];
  for (const issue of issues) {
    if (explainedByTypo(issue, issues)) continue;
    const id = `${issue.path.join('\u0000')}\u0000${issue.problem}`;
    if (seen.has(id)) continue;
    seen.add(id);
    errors.push(errorAt(issue.path, issue.problem, issue.hint, issue.key));
  }
  return { value, errors };
}

/** A problem at a YAML path; `key` when the position is the key's, not the value's. */
interface Issue {
  readonly path: readonly (string | number)[];
  readonly key: boolean;
  readonly problem: string;
  readonly hint: string;
  /** For a missing required key: its name. */
  readonly missing?: string;
  /** For an unknown key: the allowed key it is probably a typo of. */
  readonly suggests?: string;
}

// `{ colum: email }` is one mistake, not two: "missing column" adds nothing to `did you mean "column"`.
function explainedByTypo(issue: Issue, all: readonly Issue[]): boolean {
  if (issue.missing === undefined) return false;
  const at = issue.path.join('\u0000');
  return all.some((o) => o.suggests === issue.missing && o.path.slice(0, -1).join('\u0000') === at);
}

// Why the other alternatives of a collapsed oneOf did not apply, appended to the chosen one's hint.
const alternatives = new WeakMap<ErrorObject, string>();

/**
 * Replaces each failed `oneOf`/`anyOf` (and everything Ajv reported under it) with the errors of
 * the one alternative whose type matches the value, or with a single type error when none does.
 */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  let rest = errors.filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if');
  const choices = rest.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  choices.sort((a, b) => a.instancePath.length - b.instancePath.length);
  const done: string[] = [];
  const replaced: ErrorObject[] = [];
  for (const choice of choices) {
    const at = choice.instancePath;
    if (done.some((d) => within(at, d))) continue;
    done.push(at);
    rest = rest.filter((e) => !within(e.instancePath, at));
    replaced.push(...chooseBranch(choice));
  }
  return [...rest, ...replaced];
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function chooseBranch(choice: ErrorObject): ErrorObject[] {
  const branches = choice.schema as readonly SchemaNode[];
  const fitting = branches.filter((b) => acceptsType(b, choice.data));
  if (fitting.length === 0) {
    return [{ ...choice, keyword: 'type', params: { type: branches.flatMap((b) => typesOf(b)) } }];
  }
  let best: ErrorObject[] | undefined;
  for (const branch of fitting) {
    const validate = subschemaValidator(branch);
    if (validate === undefined || validate(choice.data)) continue;
    const found = collapse((validate.errors ?? []).map((e) => ({ ...e, instancePath: choice.instancePath + e.instancePath })));
    if (best === undefined || found.length < best.length) best = found;
  }
  const others = branches.filter((b) => !fitting.includes(b)).map(summarise);
  for (const e of best ?? []) if (others.length > 0 && e.instancePath === choice.instancePath) alternatives.set(e, others.join(', or '));
  // No fitting branch failed: the value matched several alternatives; Ajv's own message says so.
  return best ?? [choice];
}

/** One-line description of an alternative, e.g. `an object with "soft"`. */
function summarise(schema: SchemaNode): string {
  if (schema.enum !== undefined) return schema.enum.map((v) => JSON.stringify(v)).join(', ');
  if (schema.properties !== undefined) return `an object with ${Object.keys(schema.properties).map((k) => `"${k}"`).join(', ')}`;
  return `a ${typesOf(schema).join(' or ')}`;
}

/** Turns an Ajv JSON pointer into YAML path segments (numbers where the data is an array). */
function segments(pointer: string, data: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(part) : part;
    out.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return out;
}

function describe(e: ErrorObject, root: unknown): Issue {
  const path = segments(e.instancePath, root);
  const parent = e.parentSchema as SchemaNode | undefined;
  const withAlternatives = (hint: string): string => {
    const other = alternatives.get(e);
    return other === undefined ? hint : `${hint}; or write ${other}`;
  };
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(parent?.properties ?? {});
      const suggests = didYouMean(key, allowed);
      return { path: [...path, key], key: true, problem: `unknown key "${key}"`, hint: unknownKeyHint(key, allowed), ...(suggests ? { suggests } : {}) };
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const about = parent?.properties?.[missing]?.description;
      const where = path.length === 0 ? 'at the top level' : `under ${path.join('.')}`;
      return { path, key: true, missing, problem: `missing required key "${missing}"`, hint: `add "${missing}: …" ${where}${about ? ` (${about})` : ''}` };
    }
    case 'enum': {
      const values = params['allowedValues'] as unknown[];
      const guess = typeof e.data === 'string' ? didYouMean(e.data, values.map(String)) : undefined;
      const allowed = `use one of: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
      return { path, key: false, problem: `${show(e.data)} is not allowed here`, hint: withAlternatives(guess ? `did you mean "${guess}"? ${allowed}` : allowed) };
    }
    case 'type': {
      const wanted = typeNames(([] as unknown[]).concat(params['type']).map(String));
      const got = e.data === null ? 'an empty value' : `${jsonType(e.data)} ${show(e.data)}`;
      return { path, key: false, problem: `expected ${wanted}, got ${got}`, hint: exampleHint(wanted, parent) };
    }
    case 'pattern': {
      const name = e.propertyName;
      if (name !== undefined) {
        return { path: [...path, name], key: true, problem: `"${name}" is not a valid name here (it must match ${String(params['pattern'])})`, hint: `rename it${parent?.examples ? `, e.g. ${JSON.stringify(parent.examples[0])}` : ''}${parent?.description ? ` (${parent.description})` : ''}` };
      }
      return { path, key: false, problem: `${show(e.data)} must match ${String(params['pattern'])}`, hint: withAlternatives(exampleHint('a value', parent)) };
    }
    case 'minimum':
    case 'maximum':
      return { path, key: false, problem: `${show(e.data)} is out of range`, hint: `use a number ${range(parent)}` };
    case 'minLength':
      return { path, key: false, problem: 'must not be empty', hint: exampleHint('a value', parent) };
    case 'minProperties':
    case 'minItems':
      return { path, key: true, problem: 'must not be empty', hint: exampleHint('at least one entry', parent) };
    default:
      return { path, key: false, problem: e.message ?? e.keyword, hint: parent?.description ?? '' };
  }
}

/** `an integer`, `a string or an object`, `a string, number, boolean, null or list`. */
function typeNames(types: readonly string[]): string {
  const names = [...new Set(types.map((t) => (t === 'array' ? 'list' : t)))];
  const article = (name: string): string => `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
  if (names.length <= 2) return names.map(article).join(' or ');
  return `${article(names.slice(0, -1).join(', '))} or ${names[names.length - 1] ?? ''}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function exampleHint(what: string, schema: SchemaNode | undefined): string {
  const example = schema?.examples?.[0];
  const about = schema?.description === undefined ? '' : ` (${schema.description})`;
  return `write ${what}${example === undefined ? '' : `, e.g. ${JSON.stringify(example)}`}${about}`;
}

function range(schema: SchemaNode | undefined): string {
  const { minimum, maximum } = schema ?? {};
  if (minimum !== undefined && maximum !== undefined) return `from ${minimum} to ${maximum}`;
  return minimum !== undefined ? `of at least ${minimum}` : `of at most ${String(maximum)}`;
}

/** `did you mean "column"? allowed keys: column, type, …` — the closest allowed key, if close enough. */
export function unknownKeyHint(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return 'remove it';
  const list = `allowed keys: ${allowed.join(', ')}`;
  const best = didYouMean(key, allowed);
  return best === undefined ? list : `did you mean "${best}"? ${list}`;
}
