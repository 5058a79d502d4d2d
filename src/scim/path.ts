/**
 * Attribute paths outside filters: PATCH `path` (RFC 7644 §3.5.2), `sortBy` (§3.4.2.3) and the
 * `attributes` / `excludedAttributes` lists (§3.4.2.5). All reuse the filter lexer and the parser's
 * `attrPath` and `valuePath` rules, so positions and messages match the filter's.
 *
 * URNs: a path starting with `urn:` carries a schema URI, which is everything before the last `:`
 * (an ATTRNAME never contains `:`). So `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`
 * is `{ uri: 'urn:…:enterprise:2.0:User', name: 'manager', sub: 'value' }`. A path naming a whole
 * schema, such as `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`, parses by the same
 * rule as `{ uri: 'urn:…:enterprise:2.0', name: 'User' }`: callers that accept a bare schema URN
 * (a PATCH path naming an extension) check `${uri}:${name}` against their known schemas first.
 */
import type { AttrPath, PatchPath } from './filter/ast.js';
import { TokenStream } from './filter/lexer.js';
import type { SyntaxErrorType } from './filter/lexer.js';
import { attrPath, checkAttrName, valuePath } from './filter/parser.js';

/**
 * One `attrPath` (`userName`, `name.givenName`, `urn:…:User:department`), for `sortBy` and single
 * list items. `errorType` picks the scimType of the 400: `invalidPath` by default; list and sort
 * parameters may prefer `invalidValue` or `invalidFilter`.
 */
export function parseAttrPath(text: string, errorType: SyntaxErrorType = 'invalidPath'): AttrPath {
  const s = new TokenStream(text, errorType, 'attribute path');
  const path = attrPath(s);
  expectEnd(s, 'end of attribute path');
  return path;
}

/**
 * A comma-separated list of attrPaths (`attributes=userName, name.givenName`); whitespace around
 * items is ignored. A blank text is the empty list; an empty item (`a,,b`, `a,`) is an error.
 */
export function parseAttrPathList(text: string, errorType: SyntaxErrorType = 'invalidPath'): AttrPath[] {
  const s = new TokenStream(text, errorType, 'attribute list');
  if (s.peek().kind === 'eof') return [];
  const paths = [attrPath(s)];
  while (s.peek().kind === ',') {
    s.next();
    paths.push(attrPath(s));
  }
  expectEnd(s, '"," or end of attribute list');
  return paths;
}

/**
 * RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`. Errors are ScimError invalidPath (400)
 * with the 1-based position.
 *
 * - `name.givenName` → `{ attrPath: {name:'name', sub:'givenName'} }`
 * - `members[value eq "2819c223"]` → `{ attrPath: {name:'members'}, filter }`
 * - `emails[type eq "work"].value` → `{ attrPath: {name:'emails'}, filter, subAttr: 'value' }`
 *
 * `subAttr` only ever follows a filter; a path with both a sub-attribute and a filter with a
 * subAttr (`a.b[…].c`) is refused, as that would be three levels deep.
 */
export function parsePatchPath(text: string): PatchPath {
  const s = new TokenStream(text, 'invalidPath', 'path');
  if (s.peek().kind === 'eof') throw s.error(s.peek(), 'the path is empty');
  const path = attrPath(s);
  if (s.peek().kind !== '[') {
    expectEnd(s, '"[" or end of path');
    return { attrPath: path };
  }
  const { filter } = valuePath(s, path);
  if (s.peek().kind !== '.') {
    expectEnd(s, '"." followed by a sub-attribute, or end of path');
    return { attrPath: path, filter };
  }
  const subAttr = subAttrAfterFilter(s, path);
  expectEnd(s, 'end of path');
  return { attrPath: path, filter, subAttr };
}

/** `subAttr = "." ATTRNAME` directly after `]`, written without spaces. */
function subAttrAfterFilter(s: TokenStream, path: AttrPath): string {
  const close = s.peek(-1);
  const dot = s.next();
  const name = s.next();
  if (path.sub !== undefined) throw s.error(dot, `"${path.name}.${path.sub}[…]" cannot have a further sub-attribute`);
  if (dot.offset !== close.end) throw s.error(dot, `expected "." right after "]", without spaces`);
  if (name.kind !== 'word' || name.offset !== dot.end) {
    throw s.error(name, `expected a sub-attribute name right after ".", found ${s.describe(name)}`);
  }
  const extra = name.text.indexOf('.');
  if (extra >= 0) throw s.errorAt(name.offset + extra, 'a value path takes at most one sub-attribute after "]"');
  checkAttrName(s, name.text, name.offset);
  return name.text;
}

function expectEnd(s: TokenStream, expected: string): void {
  const t = s.peek();
  if (t.kind !== 'eof') throw s.error(t, `expected ${expected}, found ${s.describe(t)}`);
}
