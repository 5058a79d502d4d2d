/** Hand-written DbSchema fixtures for the propose tests: what introspect would return. */
import type { ColumnKind, DbColumn, DbForeignKey, DbSchema, DbTable } from '../../../src/mapping/db-schema.js';

const TYPE: Record<ColumnKind, string> = {
  string: 'varchar(255)', integer: 'integer', decimal: 'numeric', boolean: 'boolean', dateTime: 'timestamp',
  date: 'date', uuid: 'uuid', json: 'jsonb', binary: 'bytea', other: 'text[]',
};

/** `name:kind` or `name:kind!` (not null); an integer `id` is auto-increment, as in every ORM. */
function cols(...specs: string[]): DbColumn[] {
  return specs.map((spec) => {
    const [name = '', rest = 'string'] = spec.split(':');
    const kind = rest.replace('!', '') as ColumnKind;
    const serial = name === 'id' && kind === 'integer';
    return { name, kind, dataType: TYPE[kind], nullable: !rest.endsWith('!'), hasDefault: serial, autoIncrement: serial };
  });
}

function table(name: string, columns: DbColumn[], extra: Partial<DbTable> = {}): DbTable {
  return { name, columns, primaryKey: ['id'], uniques: [], foreignKeys: [], ...extra };
}

const fk = (column: string, refTable: string): DbForeignKey => ({ columns: [column], refTable, refColumns: ['id'] });

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
