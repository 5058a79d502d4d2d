/**
 * Hand-built DbSchema and DataFacts for the generator's tests: what introspection and the sample
 * would return for tables shaped like real applications' (names, types, NOT NULL, uniques and the
 * foreign keys the ORM declares — often none). Each shape says which application it is modelled on.
 */
import type { ColumnFacts, ColumnKind, DataFacts, DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable, TableFacts } from '../../../src/mapping/db-schema.js';

const TYPE: Record<ColumnKind, string> = {
  string: 'varchar(255)', integer: 'integer', decimal: 'numeric', boolean: 'boolean', dateTime: 'timestamp',
  date: 'date', uuid: 'uuid', json: 'jsonb', binary: 'bytea', other: 'text[]',
};

/**
 * `name:kind` or `name:kind!` (NOT NULL), `name:kind!=` (NOT NULL with a database default); an
 * integer `id` is auto-increment, as in every ORM.
 */
export function cols(...specs: string[]): DbColumn[] {
  return specs.map((spec) => {
    const [name = '', rest = 'string'] = spec.split(':');
    const kind = rest.replace(/[!=]/g, '') as ColumnKind;
    const serial = name === 'id' && kind === 'integer';
    return { name, kind, dataType: TYPE[kind], nullable: !rest.includes('!'), hasDefault: serial || rest.includes('='), autoIncrement: serial };
  });
}

export function table(name: string, columns: DbColumn[], extra: Partial<DbTable> = {}): DbTable {
  return { name, columns, primaryKey: ['id'], uniques: [], foreignKeys: [], ...extra };
}

export const fk = (column: string, refTable: string, refColumn = 'id'): DbForeignKey => ({ columns: [column], refTable, refColumns: [refColumn] });

/** A unique index: plain column names, or `lower(col)`. */
export function uniqueIndex(name: string, ...keys: string[]): DbIndex {
  return {
    name, unique: true, partial: false,
    keys: keys.map((k) => {
      const folded = /^(lower|upper)\((\w+)\)$/.exec(k);
      return folded ? { column: folded[2] ?? '', fold: folded[1] as 'lower' | 'upper', expression: k } : { column: k };
    }),
  };
}

/** Sampled facts: table → column → [value, count][] (NULLs counted from the null entries). */
export function facts(spec: Record<string, { sampled: number; columns: Record<string, readonly (readonly [string | number | boolean | null, number])[]> }>): DataFacts {
  const out = new Map<string, TableFacts>();
  for (const [t, { sampled, columns }] of Object.entries(spec)) {
    const map = new Map<string, ColumnFacts>();
    for (const [c, values] of Object.entries(columns)) {
      const nulls = values.filter(([v]) => v === null).reduce((n, [, k]) => n + k, 0);
      map.set(c, { values: values.map(([value, count]) => ({ value, count })), distinct: values.filter(([v]) => v !== null).length, nulls });
    }
    out.set(t, { sampled, more: false, columns: map });
  }
  return out;
}

/** Rails + Devise: encrypted_password, deleted_at (paranoia), timestamps. */
export const RAILS: DbSchema = {
  tables: [
    table('users', cols('id:integer!', 'email:string!', 'encrypted_password:string!', 'reset_password_token', 'first_name',
      'last_name', 'sign_in_count:integer!', 'deleted_at:dateTime', 'created_at:dateTime!', 'updated_at:dateTime!'),
    { uniques: [['email'], ['reset_password_token']] }),
  ],
};

/** Django's contrib.auth tables. */
export const DJANGO: DbSchema = {
  tables: [
    table('auth_group', cols('id:integer!', 'name:string!'), { uniques: [['name']] }),
    table('auth_group_permissions', cols('id:integer!', 'group_id:integer!', 'permission_id:integer!'),
      { foreignKeys: [fk('group_id', 'auth_group'), fk('permission_id', 'auth_permission')] }),
    table('auth_permission', cols('id:integer!', 'name:string!', 'codename:string!')),
    table('auth_user', cols('id:integer!', 'password:string!', 'last_login:dateTime', 'is_superuser:boolean!', 'username:string!',
      'first_name:string!', 'last_name:string!', 'email:string!', 'is_staff:boolean!', 'is_active:boolean!', 'date_joined:dateTime!'),
    { uniques: [['username']] }),
    table('auth_user_groups', cols('id:integer!', 'user_id:integer!', 'group_id:integer!'),
      { foreignKeys: [fk('group_id', 'auth_group'), fk('user_id', 'auth_user')], uniques: [['user_id', 'group_id']] }),
  ],
};

/** A SaaS app: accounts are the customers, members their users, teams their groups. */
export const MULTI_TENANT: DbSchema = {
  tables: [
    table('accounts', cols('id:integer!', 'name:string!', 'plan:string!')),
    table('members', cols('id:integer!', 'account_id:integer!', 'email:string!', 'full_name', 'disabled:boolean!',
      'deactivated_at:dateTime', 'inserted_at:dateTime!'),
    { uniques: [['account_id', 'email']], foreignKeys: [fk('account_id', 'accounts')] }),
    table('memberships', cols('id:integer!', 'team_id:integer!', 'member_id:integer!'),
      { foreignKeys: [fk('member_id', 'members'), fk('team_id', 'teams')] }),
    table('teams', cols('id:integer!', 'account_id:integer!', 'name:string!', 'external_id'),
      { foreignKeys: [fk('account_id', 'accounts')] }),
  ],
};

/** uuid keys, a status enum, a self-referencing manager, enterprise columns. */
export const UUID_STATUS: DbSchema = {
  tables: [
    table('users', cols('id:uuid!', 'login:string!', 'email:string', 'status:string!', 'display_name', 'locale', 'timezone',
      'manager_id:uuid', 'cost_center', 'employee_number', 'is_deleted:boolean!', 'avatar:binary'),
    { foreignKeys: [{ columns: ['manager_id'], refTable: 'users', refColumns: ['id'] }] }),
  ],
};

/** The demo's tables (src/cli/demo-data.ts): a status text column, a self-referencing manager, user_phones, teams. */
export const DEMO: DbSchema = {
  tables: [
    table('team_members', cols('team_id:integer!', 'user_id:integer!'),
      { primaryKey: ['team_id', 'user_id'], foreignKeys: [fk('team_id', 'teams'), fk('user_id', 'users')] }),
    table('teams', cols('id:integer!', 'name:string!', 'external_id', 'created_at:dateTime', 'updated_at:dateTime'), { uniques: [['name']] }),
    table('user_phones', cols('id:integer!', 'user_id:integer!', 'number:string!', 'kind', 'is_primary:boolean!'),
      { foreignKeys: [fk('user_id', 'users')] }),
    table('users', cols('id:integer!', 'email:string!', 'personal_email', 'first_name', 'last_name', 'display_name', 'job_title',
      'department', 'manager_id:integer', 'external_id', 'status:string!', 'password_digest', 'created_at:dateTime', 'updated_at:dateTime',
      'deleted_at:dateTime'),
    { uniques: [['email']], foreignKeys: [fk('manager_id', 'users')] }),
  ],
};

/** Tables around users that look like lists of a user's things, and some that only look so. */
export const CHILD_TABLES: DbSchema = {
  tables: [
    table('users', cols('id:integer!', 'login:string!', 'reports_to:integer'), { uniques: [['login']], foreignKeys: [fk('reports_to', 'users')] }),
    // A list of emails (users has no email column): value ← email_address, type ← email_type, primary ← preferred.
    table('user_emails', cols('id:integer!', 'user_id:integer!', 'email_address:string!', 'email_type', 'preferred:boolean'),
      { foreignKeys: [fk('user_id', 'users')] }),
    // `number` is generic, but the table says phone; `label` is the type.
    table('phones', cols('id:integer!', 'owner_id:integer!', 'number:string!', 'label'), { foreignKeys: [fk('owner_id', 'users')] }),
    // A second phone table: another candidate, offered.
    table('user_mobiles', cols('id:integer!', 'user_id:integer!', 'mobile:string!'), { foreignKeys: [fk('user_id', 'users')] }),
    // user_id is unique: one row per user, an extension of users rather than a list.
    table('user_profiles', cols('id:integer!', 'user_id:integer!', 'phone'), { uniques: [['user_id']], foreignKeys: [fk('user_id', 'users')] }),
    // Two foreign keys: a join to roles, not a list of role names.
    table('user_roles', cols('id:integer!', 'user_id:integer!', 'role_id:integer!', 'role'), { foreignKeys: [fk('user_id', 'users'), fk('role_id', 'roles')] }),
    table('roles', cols('id:integer!', 'name:string!')),
    // `number` in a table whose name says nothing about phones: not a phone.
    table('invoices', cols('id:integer!', 'user_id:integer!', 'number:string!'), { foreignKeys: [fk('user_id', 'users')] }),
    // Entitlements with a NOT NULL column no field fills: offered with the reason.
    table('user_entitlements', cols('id:integer!', 'user_id:integer!', 'value:string!', 'granted_by:string!'), { foreignKeys: [fk('user_id', 'users')] }),
  ],
};
