/**
 * The filter parser of RFC 7644 §3.4.2.2 (Figure 1), by recursive descent; each function is named
 * after the ABNF rule it implements (docs/filter-grammar.abnf).
 *
 * "Filters MUST be evaluated using the following order of operations, in order of precedence:
 * 1. Grouping operators 2. Attribute operators 3. Logical operators - where "not" takes precedence
 * over "and", which takes precedence over "or"". `and` and `or` are left-associative.
 */
import { COMPARE_OPS } from './ast.js';
import type { AttrPath, CompValue, CompareOp, Filter, ValuePath } from './ast.js';
import { TokenStream } from './lexer.js';
import type { Token } from './lexer.js';

const LOGICAL_PRECEDENCE = { or: 0, and: 1 } as const;
type LogicalOp = keyof typeof LOGICAL_PRECEDENCE;

const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, lt, ge, le, pr';
const VALUE_LIST = 'a "quoted string", a number, true, false or null';
/** `ATTRNAME = ALPHA *(nameChar)`, plus `$ref` which RFC 7643 §2.4 uses as an attribute name. */
const ATTRNAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/i;

/**
 * Parses a `filter` query parameter (or SearchRequest `filter`) into a Filter AST.
 * Throws ScimError invalidFilter (400) naming the 1-based position and what was expected; texts
 * longer than 4096 characters or nested deeper than 50 are refused the same way.
 */
export function parseFilter(text: string): Filter {
  const s = new TokenStream(text, 'invalidFilter', 'filter');
  if (s.peek().kind === 'eof') throw s.error(s.peek(), 'the filter is empty');
  const result = filter(s, false);
  const rest = s.peek();
  if (rest.kind !== 'eof') throw s.error(rest, `expected "and", "or" or end of filter, found ${s.describe(rest)}`);
  return result;
}

/**
 * `FILTER = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"`, or, when `inValuePath`,
 * `valFilter = attrExp / logExp / *1"not" "(" valFilter ")"` (no value path inside a value path).
 */
export function filter(s: TokenStream, inValuePath: boolean): Filter {
  return logExp(s, inValuePath, 0);
}

/**
 * `logExp = FILTER SP ("and" / "or") SP FILTER`, by precedence climbing: operands bind to the
 * operator of higher precedence, and equal precedence groups to the left.
 */
function logExp(s: TokenStream, inValuePath: boolean, minPrecedence: number): Filter {
  let left = term(s, inValuePath);
  for (;;) {
    const op = logicalOp(s.peek());
    if (op === undefined || LOGICAL_PRECEDENCE[op] < minPrecedence) return left;
    s.next();
    const right = logExp(s, inValuePath, LOGICAL_PRECEDENCE[op] + 1);
    left = { kind: op, left, right };
  }
}

function logicalOp(token: Token): LogicalOp | undefined {
  if (token.kind !== 'word') return undefined;
  const word = token.text.toLowerCase();
  return word === 'and' || word === 'or' ? word : undefined;
}

/** One operand of a logExp: a group, a `not` group, an attrExp or a valuePath. */
function term(s: TokenStream, inValuePath: boolean): Filter {
  const t = s.peek();
  if (t.kind === '(') return group(s, inValuePath);
  if (t.kind !== 'word') throw s.error(t, `expected an attribute path, "not (" or "(", found ${s.describe(t)}`);
  if (t.text.toLowerCase() === 'not') {
    const after = s.peek(1);
    if (after.kind === '(') {
      s.next();
      return { kind: 'not', filter: group(s, inValuePath) };
    }
    // `not` is also a legal attribute name; only `not pr`, `not eq …` and `not[…]` read as one.
    if (after.kind !== '[' && compareOpOrPr(after) === undefined) {
      throw s.error(after, `expected "(" after "not", found ${s.describe(after)}`);
    }
  }
  const path = attrPath(s);
  if (s.peek().kind !== '[') return attrExp(s, path, t);
  if (inValuePath) throw s.error(s.peek(), 'value paths cannot be nested inside a value path filter');
  const vp = valuePath(s, path);
  return s.peek().kind === '.' && s.peek().offset === s.peek(-1).end ? valuePathSubAttr(s, vp) : vp;
}

/**
 * `valuePath "." ATTRNAME SP compareOp SP compValue` (or `pr`), as Microsoft Entra ID sends to
 * match users by email: `emails[type eq "work"].value eq "x"`. Not in RFC 7644's filter ABNF, but
 * it is the PATCH path form (§3.5.2) compared like any attrExp, so it reads as that sub-attribute
 * of the elements the brackets select: `emails[type eq "work" and value eq "x"]`. `ne` and
 * `eq null` keep their multi-valued meaning ("no selected element equals", "none has one").
 */
function valuePathSubAttr(s: TokenStream, vp: ValuePath): Filter {
  const dot = s.next();
  const name = s.next();
  if (name.kind !== 'word' || name.offset !== dot.end) throw s.error(name, `expected a sub-attribute name right after ".", found ${s.describe(name)}`);
  if (vp.attrPath.sub !== undefined || /[.:]/.test(name.text)) throw s.error(name, 'a value path takes one sub-attribute after "]"');
  checkAttrName(s, name.text, name.offset);
  const inner = attrExp(s, { name: name.text }, name);
  const within = (f: Filter): Filter => ({ kind: 'valuePath', attrPath: vp.attrPath, filter: { kind: 'and', left: vp.filter, right: f } });
  if (inner.kind !== 'compare') return within(inner);
  const present: Filter = { kind: 'present', attrPath: inner.attrPath };
  if (inner.value === null) return inner.op === 'eq' ? { kind: 'not', filter: within(present) } : within(present);
  return inner.op === 'ne' ? { kind: 'not', filter: within({ ...inner, op: 'eq' }) } : within(inner);
}

/** A filter between the current opening token and `closing`, with nesting depth tracked. */
function bracketed(s: TokenStream, closing: ')' | ']', inValuePath: boolean): Filter {
  const open = s.next();
  s.enter(open);
  const inner = filter(s, inValuePath);
  const close = s.next();
  if (close.kind !== closing) {
    const opening = closing === ')' ? '(' : '[';
    throw s.error(close, `expected "and", "or" or "${closing}" to close the "${opening}" at position ${open.offset + 1}, found ${s.describe(close)}`);
  }
  s.leave();
  return inner;
}

/** `"(" FILTER ")"` (grouping). */
function group(s: TokenStream, inValuePath: boolean): Filter {
  return bracketed(s, ')', inValuePath);
}

/** `valuePath = attrPath "[" valFilter "]"`; the `[` is the current token. */
export function valuePath(s: TokenStream, path: AttrPath): ValuePath {
  return { kind: 'valuePath', attrPath: path, filter: bracketed(s, ']', true) };
}

/** `attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)`; the path is already read. */
function attrExp(s: TokenStream, path: AttrPath, pathToken: Token): Filter {
  const opToken = s.next();
  const op = compareOpOrPr(opToken);
  if (op === undefined) {
    throw s.error(
      opToken,
      `expected a comparison operator (${OPERATOR_LIST}) after ${s.describe(pathToken)}, found ${s.describe(opToken)}`,
    );
  }
  if (op === 'pr') {
    const after = s.peek();
    if (isValueToken(after)) throw s.error(after, `"pr" takes no value, found ${s.describe(after)}`);
    return { kind: 'present', attrPath: path };
  }
  const valueToken = s.peek();
  const value = compValue(s, opToken);
  if ((value === null || typeof value === 'boolean') && op !== 'eq' && op !== 'ne') {
    throw s.error(valueToken, `${String(value)} can only be compared with "eq" or "ne", not "${op}"`);
  }
  return { kind: 'compare', attrPath: path, op, value };
}

function compareOpOrPr(token: Token): CompareOp | 'pr' | undefined {
  if (token.kind !== 'word') return undefined;
  const word = token.text.toLowerCase();
  if (word === 'pr') return 'pr';
  return COMPARE_OPS.find((op) => op === word);
}

function isValueToken(token: Token): boolean {
  if (token.kind === 'string' || token.kind === 'number') return true;
  return token.kind === 'word' && ['true', 'false', 'null'].includes(token.text.toLowerCase());
}

/** `compValue = false / null / true / number / string` (JSON literals; true/false/null in any case). */
function compValue(s: TokenStream, opToken: Token): CompValue {
  const t = s.next();
  if (t.kind === 'string' || t.kind === 'number') return t.value;
  if (t.kind === 'word') {
    const word = t.text.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
  }
  const hint = t.kind === 'word' ? ' (string values must be in double quotes)' : '';
  throw s.error(t, `expected a value (${VALUE_LIST}) after ${s.describe(opToken)}, found ${s.describe(t)}${hint}`);
}

/** `attrPath = [URI ":"] ATTRNAME *1subAttr`, read from the current token. */
export function attrPath(s: TokenStream): AttrPath {
  const t = s.next();
  if (t.kind !== 'word') throw s.error(t, `expected an attribute path, found ${s.describe(t)}`);
  return attrPathOfWord(s, t);
}

/**
 * The structure of one attrPath word. A word starting with `urn:` carries a schema URI: the URI is
 * everything before the last `:` (an ATTRNAME never contains `:`), so
 * `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName` is
 * `{ uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'name', sub: 'givenName' }`.
 */
function attrPathOfWord(s: TokenStream, t: Token): AttrPath {
  const text = t.text;
  const colon = text.lastIndexOf(':');
  if (colon >= 0) checkUri(s, text.slice(0, colon), t.offset);
  const rest = text.slice(colon + 1);
  const restOffset = t.offset + colon + 1;
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  checkAttrName(s, name, restOffset);
  const uri = colon >= 0 ? { uri: text.slice(0, colon) } : {};
  if (dot < 0) return { ...uri, name };
  const sub = rest.slice(dot + 1);
  const second = sub.indexOf('.');
  if (second >= 0) throw s.errorAt(restOffset + dot + 1 + second, 'an attribute path has at most one sub-attribute');
  checkAttrName(s, sub, restOffset + dot + 1);
  return { ...uri, name, sub };
}

/** A schema URI prefix: `urn:` followed by non-empty `:`-separated segments. */
function checkUri(s: TokenStream, uri: string, offset: number): void {
  if (!/^urn:/i.test(uri)) {
    throw s.errorAt(offset, `an attribute path with ":" must start with a schema URN ("urn:…"), found ${JSON.stringify(uri)}`);
  }
  const empty = uri.split(':').findIndex((segment) => segment === '');
  if (empty >= 0 || uri.split(':').length < 3) {
    throw s.errorAt(offset, `invalid schema URI ${JSON.stringify(uri)} before the attribute name`);
  }
}

/** `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA`. */
export function checkAttrName(s: TokenStream, name: string, offset: number): void {
  if (ATTRNAME.test(name)) return;
  if (name === '') throw s.errorAt(offset, 'expected an attribute name');
  const bad = /^[^A-Za-z]/.test(name) ? 0 : name.search(/[^A-Za-z0-9_-]/);
  throw s.errorAt(
    offset + bad,
    `invalid attribute name ${JSON.stringify(name)}: a name starts with a letter and continues with letters, digits, "-" or "_"`,
  );
}
