/**
 * Errors as typed values.
 *
 * `ScimError` is already the wire format of RFC 7644 §3.12: the HTTP edge serialises it as is.
 * `ConfigError` names a place in the config file and a fix; the CLI prints it and refuses to start.
 * Anything else that is thrown is a bug: the edge answers 500 without detail and logs it.
 */

/** RFC 7644 §3.12, Table 9: the scimType values and the status each goes with. */
export const SCIM_TYPE_STATUS = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
  // RFC 9865 §4: cursor errors
  invalidCursor: 400,
  expiredCursor: 400,
  invalidCount: 400,
} as const;

export type ScimType = keyof typeof SCIM_TYPE_STATUS;

/** Status codes that carry no scimType (RFC 7644 §3.12 lists them in Table 8; 429 is RFC 6585 §4). */
export type PlainStatus = 304 | 401 | 403 | 404 | 405 | 406 | 412 | 413 | 415 | 429 | 500 | 501 | 503;

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;
  /** Extra response headers (WWW-Authenticate on 401, Retry-After on 503). */
  readonly headers: Readonly<Record<string, string>>;

  private constructor(status: number, scimType: ScimType | undefined, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.headers = headers;
  }

  /** A 400/409/403 whose status is fixed by the scimType (RFC 7644 Table 9). */
  static of(scimType: ScimType, detail: string): ScimError {
    return new ScimError(SCIM_TYPE_STATUS[scimType], scimType, detail);
  }

  static status(status: PlainStatus, detail: string, headers: Record<string, string> = {}): ScimError {
    return new ScimError(status, undefined, detail, headers);
  }

  static notFound(resourceType: string, id: string): ScimError {
    return ScimError.status(404, `${resourceType} "${id}" not found`);
  }

  /** The body of RFC 7644 §3.12. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(this.status),
    };
    if (this.scimType !== undefined) body['scimType'] = this.scimType;
    body['detail'] = this.detail;
    return body;
  }
}

/** Where in a config file something is. Lines and columns are 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem with a config file: where, what, and how to fix it. */
export class ConfigError extends Error {
  readonly position: SourcePosition;
  /** The YAML path, e.g. `resources.User.attributes.userName.column`. */
  readonly path: string;
  readonly problem: string;
  readonly hint: string;

  constructor(position: SourcePosition, path: string, problem: string, hint: string) {
    super(`${position.file}:${position.line}:${position.column}: ${path ? `${path}: ` : ''}${problem}${hint ? `\n  fix: ${hint}` : ''}`);
    this.name = 'ConfigError';
    this.position = position;
    this.path = path;
    this.problem = problem;
    this.hint = hint;
  }
}

/** Several config problems at once; the server prints all of them and does not start. */
export class ConfigErrors extends Error {
  readonly errors: readonly ConfigError[];
  constructor(errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigErrors';
    this.errors = errors;
  }
}
