/**
 * The column-name heuristics behind `init`, as data: for each SCIM path, the column names that
 * suggest it (in order of preference), the column kinds that fit, and how to map the value.
 */
import type { ColumnKind, DbColumn } from '../mapping/db-schema.js';
import type { RawMapValue } from '../config/raw-types.js';

/** What a matching column contributes to the attribute besides `column`. */
export interface RuleOutcome {
  readonly required?: boolean;
  readonly map?: Readonly<Record<string, RawMapValue>>;
  /** Appended to "guessed from column name X". */
  readonly why?: string;
  /** A question for the reader, rendered as a `# CHECK:` comment above the attribute. */
  readonly check?: string;
}

export interface Candidate {
  readonly names: readonly string[];
  readonly kinds: readonly ColumnKind[];
  readonly outcome?: (column: DbColumn) => RuleOutcome;
}

/** One SCIM path and its candidates, best first; the first column that matches wins. */
export interface PathRule {
  readonly path: string;
  readonly candidates: readonly Candidate[];
}

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const TEXT: readonly ColumnKind[] = ['string'];
const TIME: readonly ColumnKind[] = ['dateTime'];
const FLAG: readonly ColumnKind[] = ['boolean', 'integer'];

/** Text columns that usually hold a user's state ("active", "deprovisioned", …). */
export const STATUS_COLUMNS = ['status', 'state', 'account_status', 'user_status'];

export const USERNAME_COLUMNS = ['username', 'user_name', 'login', 'userName', 'login_name'];
export const EMAIL_COLUMNS = ['email', 'email_address', 'mail', 'e_mail', 'work_email'];

/** A flag stored as a boolean, or as an integer 1/0 where the database has no boolean. */
function flag(column: DbColumn, inverted: boolean): RuleOutcome {
  const [on, off]: [RawMapValue, RawMapValue] = column.kind === 'boolean' ? [true, false] : [1, 0];
  if (!inverted && column.kind === 'boolean') return {};
  return {
    map: inverted ? { true: off, false: on } : { true: on, false: off },
    why: inverted ? '(inverted: true in the column means inactive)' : '(stored as 1/0)',
  };
}

function simple(path: string, names: readonly string[], kinds: readonly ColumnKind[] = TEXT): PathRule {
  return { path, candidates: [{ names, kinds }] };
}

export const META_RULES: readonly PathRule[] = [
  simple('meta.created', ['created_at', 'created', 'inserted_at', 'date_joined', 'created_on', 'creation_date', 'create_time'], TIME),
  simple('meta.lastModified', ['updated_at', 'modified_at', 'updated', 'modified', 'updated_on', 'last_modified', 'update_time'], TIME),
];

/** The User heuristics (RFC 7643 §4.1 core attributes, §4.3 enterprise extension). */
export const USER_RULES: readonly PathRule[] = [
  {
    path: 'userName',
    candidates: [
      { names: USERNAME_COLUMNS, kinds: TEXT, outcome: () => ({ required: true }) },
      { names: EMAIL_COLUMNS, kinds: TEXT, outcome: () => ({ required: true }) },
    ],
  },
  simple('emails[type eq "work"].value', EMAIL_COLUMNS),
  simple('emails[type eq "home"].value', ['personal_email', 'home_email', 'private_email']),
  simple('externalId', ['external_id', 'externalid', 'external_key', 'scim_external_id']),
  simple('name.givenName', ['first_name', 'given_name', 'firstname', 'givenname', 'fname']),
  simple('name.familyName', ['last_name', 'family_name', 'surname', 'lastname', 'familyname', 'lname']),
  simple('name.middleName', ['middle_name', 'middlename']),
  simple('displayName', ['display_name', 'full_name', 'name', 'displayname', 'fullname']),
  simple('nickName', ['nickname', 'nick_name']),
  simple('title', ['title', 'job_title', 'jobtitle']),
  simple('userType', ['user_type', 'usertype']),
  simple('preferredLanguage', ['preferred_language', 'language']),
  simple('locale', ['locale']),
  simple('timezone', ['timezone', 'time_zone', 'tz']),
  simple('profileUrl', ['profile_url', 'profileurl']),
  simple('phoneNumbers[type eq "work"].value', ['phone', 'phone_number', 'work_phone', 'telephone']),
  simple('phoneNumbers[type eq "mobile"].value', ['mobile', 'mobile_phone', 'cell_phone']),
  {
    path: 'active',
    candidates: [
      { names: ['active', 'enabled', 'is_active', 'is_enabled'], kinds: FLAG, outcome: (c) => flag(c, false) },
      {
        names: ['disabled', 'archived', 'is_disabled', 'suspended', 'is_suspended', 'is_archived', 'blocked', 'locked'],
        kinds: FLAG, outcome: (c) => flag(c, true),
      },
      {
        names: STATUS_COLUMNS, kinds: TEXT,
        outcome: () => ({
          map: { true: 'active', false: 'inactive' },
          check: "the values your application stores for active and deactivated users " +
            "(inactive? deprovisioned? disabled? suspended?)",
        }),
      },
      {
        names: ['deactivated_at', 'disabled_at', 'suspended_at', 'archived_at', 'locked_at'], kinds: TIME,
        outcome: () => ({ map: { true: null, false: '$now' }, why: '(null = active; deactivating stamps the time)' }),
      },
    ],
  },
  ...META_RULES,
  simple(`${ENTERPRISE}:employeeNumber`, ['employee_number', 'employee_no', 'employee_id', 'employee_num']),
  simple(`${ENTERPRISE}:costCenter`, ['cost_center', 'costcenter', 'cost_centre']),
  simple(`${ENTERPRISE}:organization`, ['organization', 'organisation', 'company']),
  simple(`${ENTERPRISE}:division`, ['division']),
  simple(`${ENTERPRISE}:department`, ['department', 'dept']),
];

/** The Group heuristics (RFC 7643 §4.2). */
export const GROUP_RULES: readonly PathRule[] = [
  {
    path: 'displayName',
    candidates: [{
      names: ['display_name', 'name', 'title', 'group_name', 'team_name', 'label'], kinds: TEXT,
      outcome: () => ({ required: true }),
    }],
  },
  simple('externalId', ['external_id', 'externalid', 'external_key', 'scim_external_id']),
  ...META_RULES,
];

/** Tables whose name says "these are the users", best first. */
export const USER_TABLES = [
  'users', 'user', 'accounts', 'account', 'members', 'member', 'people', 'person',
  'auth_user', 'employees', 'employee', 'app_users', 'app_user',
];

/** Tables whose name says "these are groups", best first. */
export const GROUP_TABLES = [
  'groups', 'group', 'teams', 'team', 'auth_group', 'organizations', 'organisations', 'orgs',
  'user_groups', 'departments',
];

/** Never mapped: SCIM must not read or write credentials. */
export const PASSWORD_COLUMNS = [
  'password', 'encrypted_password', 'password_digest', 'hashed_password', 'password_hash',
  'crypted_password', 'password_salt', 'salt',
];

/** Columns that usually partition rows by customer. */
export const TENANT_COLUMNS = ['tenant_id', 'account_id', 'organization_id', 'organisation_id', 'org_id', 'company_id', 'workspace_id'];

export const SOFT_DELETE_COLUMNS: readonly Candidate[] = [
  { names: ['deleted_at', 'discarded_at', 'removed_at'], kinds: TIME },
  { names: ['is_deleted', 'deleted'], kinds: FLAG },
];

/** A manager reference in the enterprise extension (RFC 7643 §4.3). */
export const MANAGER_PATH = `${ENTERPRISE}:manager.value`;
export const MANAGER_COLUMNS = ['manager_id', 'manager', 'manager_user_id', 'reports_to', 'reports_to_id', 'supervisor_id', 'supervisor'];

/**
 * A multi-valued User attribute (RFC 7643 §4.1.2) kept in a child table: the table's name words
 * that suggest it, and the columns that can hold its `value` — `names` in any child table,
 * `genericNames` (number, address, value, …) only when the table's name says what they are.
 */
export interface ChildRule {
  readonly path: string;
  readonly table: RegExp;
  readonly names: readonly string[];
  readonly genericNames: readonly string[];
  readonly kinds: readonly ColumnKind[];
}

export const CHILD_RULES: readonly ChildRule[] = [
  { path: 'phoneNumbers', table: /phone|tel|mobile/i, names: ['phone', 'phone_number', 'mobile', 'mobile_number', 'telephone'], genericNames: ['number', 'value'], kinds: TEXT },
  { path: 'emails', table: /mail/i, names: ['email', 'email_address', 'mail'], genericNames: ['address', 'value'], kinds: TEXT },
  { path: 'ims', table: /(^|_)ims?($|_)|messenger|chat/i, names: ['im', 'im_handle', 'im_address'], genericNames: ['handle', 'address', 'username', 'value'], kinds: TEXT },
  { path: 'photos', table: /photo|avatar|picture/i, names: ['photo_url', 'avatar_url', 'picture_url'], genericNames: ['url', 'value', 'photo'], kinds: TEXT },
  { path: 'entitlements', table: /entitlement/i, names: ['entitlement'], genericNames: ['value', 'name', 'code'], kinds: TEXT },
  { path: 'roles', table: /role/i, names: ['role', 'role_name'], genericNames: ['value', 'name', 'code'], kinds: TEXT },
  { path: 'x509Certificates', table: /cert/i, names: ['certificate', 'x509_certificate'], genericNames: ['value', 'pem', 'der', 'cert'], kinds: ['string', 'binary'] },
];

/** A child row's other sub-attributes: its label (`type`), its primary flag, its display text. */
export const CHILD_TYPE_COLUMNS: Candidate = { names: ['type', 'kind', 'label', 'category'], kinds: TEXT };
export const CHILD_PRIMARY_COLUMNS: Candidate = { names: ['is_primary', 'primary', 'preferred', 'is_preferred', 'is_default'], kinds: ['boolean'] };
export const CHILD_DISPLAY_COLUMNS: Candidate = { names: ['display', 'display_name'], kinds: TEXT };

/** Whether a column's name (case-insensitively) is one of `names` and its kind one of `kinds`. */
export function matches(column: DbColumn, candidate: Candidate): boolean {
  const name = column.name.toLowerCase();
  return candidate.names.some((n) => n.toLowerCase() === name) && candidate.kinds.includes(column.kind);
}
