/**
 * The filter lexer: text → tokens with offsets, and the token stream the parsers read.
 *
 * One lexer serves the filter (RFC 7644 §3.4.2.2), PATCH paths (§3.5.2), `sortBy` and
 * `attributes`, so every one of them reports errors the same way: a 1-based character position
 * (UTF-16 code units) and what was expected there. See docs/filter-grammar.abnf.
 */
import { ScimError } from '../../errors.js';

/** Filters and paths longer than this are refused before lexing (a bound on work per request). */
export const MAX_LENGTH = 4096;
/** Parentheses and brackets nested deeper than this are refused (the parser is recursive). */
export const MAX_DEPTH = 50;

/** The scimType a syntax error carries: it depends on where the text came from. */
export type SyntaxErrorType = 'invalidFilter' | 'invalidPath' | 'invalidValue';

interface TokenBase {
  /** The raw text of the token as written. */
  readonly text: string;
  /** 0-based offset of the first character. */
  readonly offset: number;
  /** 0-based offset just past the last character. */
  readonly end: number;
}

/**
 * An attribute path or a keyword: keywords (`and`, `eq`, `true`, …) are recognised by the parser
 * from their position, so an attribute may be called `title`, `pr` or `and`.
 */
export interface WordToken extends TokenBase {
  readonly kind: 'word';
}
/** A JSON string literal (RFC 8259 §7); `value` is the decoded string. */
export interface StringToken extends TokenBase {
  readonly kind: 'string';
  readonly value: string;
}
/** A JSON number (RFC 8259 §6). */
export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  readonly value: number;
}
export interface PunctToken extends TokenBase {
  readonly kind: '(' | ')' | '[' | ']' | '.' | ',' | 'eof';
}
export type Token = WordToken | StringToken | NumberToken | PunctToken;

/** What is being parsed: names the text in error messages and picks the scimType. */
export interface Source {
  readonly text: string;
  readonly errorType: SyntaxErrorType;
  /** `filter`, `path`, `attribute path`: used as "Invalid <subject> at position N: …". */
  readonly subject: string;
}

/** `Invalid filter at position 14: expected …`; `offset` is 0-based, the message 1-based. */
export function syntaxError(source: Source, offset: number, message: string): ScimError {
  return ScimError.of(source.errorType, `Invalid ${source.subject} at position ${offset + 1}: ${message}`);
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const PUNCT = new Set(['(', ')', '[', ']', '.', ',']);
const WORD_START = /[A-Za-z$]/;
/** Attribute names, `.` for sub-attributes, and URN characters (`:`, digits, `.` in `2.0`). */
const WORD_CHAR = /[A-Za-z0-9_\-.:$]/;
/** RFC 8259 §6: `[ minus ] int [ frac ] [ exp ]`. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/** Splits `source.text` into tokens, always ending with one `eof` token. */
export function tokenize(source: Source): Token[] {
  const { text } = source;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    let token: Token;
    if (WHITESPACE.has(c)) {
      i += 1;
      continue;
    } else if (PUNCT.has(c)) {
      token = { kind: c as PunctToken['kind'], text: c, offset: i, end: i + 1 };
    } else if (c === '"') {
      token = readString(source, i);
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      token = readNumber(source, i);
    } else if (WORD_START.test(c)) {
      token = readWord(text, i);
    } else {
      throw syntaxError(source, i, `unexpected character ${JSON.stringify(c)}`);
    }
    tokens.push(token);
    i = token.end;
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length, end: text.length });
  return tokens;
}

function readWord(text: string, start: number): WordToken {
  let end = start + 1;
  while (end < text.length && WORD_CHAR.test(text.charAt(end))) end += 1;
  return { kind: 'word', text: text.slice(start, end), offset: start, end };
}

function readNumber(source: Source, start: number): NumberToken {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(source.text);
  const end = start + (match?.[0].length ?? 0);
  const next = source.text.charAt(end);
  if (match === null || (next !== '' && WORD_CHAR.test(next))) {
    const junk = readWord(source.text, start).text;
    throw syntaxError(source, start, `invalid number ${JSON.stringify(junk)} (numbers follow the JSON grammar, e.g. 42, -1.5, 2e10)`);
  }
  const value = Number(match[0]);
  if (!Number.isFinite(value)) throw syntaxError(source, start, `number ${match[0]} is out of range`);
  return { kind: 'number', text: match[0], value, offset: start, end };
}

function readString(source: Source, start: number): StringToken {
  const { text } = source;
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw syntaxError(source, start, 'unterminated string literal (missing closing ")');
    const c = text.charAt(i);
    if (c === '"') break;
    if (c === '\\') {
      i = skipEscape(source, i);
    } else if (c < ' ') {
      throw syntaxError(source, i, 'control characters must be escaped in a string literal (e.g. \\n, \\u0000)');
    } else {
      i += 1;
    }
  }
  const raw = text.slice(start, i + 1);
  // Every escape and character was checked above, so JSON.parse only decodes.
  return { kind: 'string', text: raw, value: JSON.parse(raw) as string, offset: start, end: i + 1 };
}

/** Checks the escape at `i` (a backslash) and returns the offset after it. */
function skipEscape(source: Source, i: number): number {
  const e = source.text.charAt(i + 1);
  if (SIMPLE_ESCAPES.has(e)) return i + 2;
  if (e === 'u' && HEX4.test(source.text.slice(i + 2, i + 6))) return i + 6;
  const shown = e === 'u' ? source.text.slice(i, i + 6) : source.text.slice(i, i + 2);
  throw syntaxError(
    source,
    i,
    `invalid escape ${JSON.stringify(shown)} in string literal (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`,
  );
}

/**
 * The tokens of one text, read front to back by the recursive-descent rules in parser.ts and
 * path.ts. It enforces the length limit up front and the nesting limit as brackets are entered,
 * so no input can exhaust the stack.
 */
export class TokenStream {
  readonly source: Source;
  private readonly tokens: readonly Token[];
  private index = 0;
  private depth = 0;

  constructor(text: string, errorType: SyntaxErrorType, subject: string) {
    this.source = { text, errorType, subject };
    if (text.length > MAX_LENGTH) {
      throw syntaxError(this.source, MAX_LENGTH, `the ${subject} is ${text.length} characters long; the limit is ${MAX_LENGTH}`);
    }
    this.tokens = tokenize(this.source);
  }

  /** The token `ahead` places after the current one (-1: the one just consumed; `eof` when past the end). */
  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] ?? last;
    if (token === undefined) throw new Error('TokenStream has no eof token');
    return token;
  }

  /** Consumes and returns the current token (never moves past `eof`). */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** An error at `token` (thrown by the caller: `throw s.error(t, …)`). */
  error(token: Token, message: string): ScimError {
    return syntaxError(this.source, token.offset, message);
  }

  /** An error at an offset inside a token. */
  errorAt(offset: number, message: string): ScimError {
    return syntaxError(this.source, offset, message);
  }

  /** Enters a `(` or `[`, refusing nesting deeper than MAX_DEPTH. */
  enter(opening: Token): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw this.error(opening, `parentheses and brackets are nested more than ${MAX_DEPTH} deep`);
    }
  }

  leave(): void {
    this.depth -= 1;
  }

  /** A token for messages: `"equals"`, or `end of filter`. */
  describe(token: Token): string {
    if (token.kind === 'eof') return `end of ${this.source.subject}`;
    const shown = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
    return token.kind === 'string' ? shown : JSON.stringify(shown);
  }
}
