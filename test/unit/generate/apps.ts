/**
 * Tables shaped like real applications' (from their published migrations, columns that add nothing
 * left out), with a bounded sample where the rule needs data. None of the applications held out as
 * the honest measure of issue 10 is modelled here; the failure shapes that issue lists are rebuilt
 * from its description (SHAPES below), not from those schemas.
 */
import type { DataFacts, DbSchema } from '../../../src/mapping/db-schema.js';
import { cols, facts, fk, table, uniqueIndex } from './fixtures.js';

export interface App { readonly schema: DbSchema; readonly facts: DataFacts }

/** Grafana (Go, xorm): `user` (a reserved word), org_id, service accounts, team/team_member without foreign keys. */
export const GRAFANA: App = {
  schema: { tables: [
    table('org', cols('id:integer!', 'version:integer!', 'name:string!', 'created:dateTime!', 'updated:dateTime!'), { uniques: [['name']] }),
    table('user', cols('id:integer!', 'version:integer!', 'login:string!', 'email:string!', 'name', 'password', 'salt', 'rands', 'company',
      'org_id:integer!', 'is_admin:boolean!', 'email_verified:boolean', 'theme', 'created:dateTime!', 'updated:dateTime!', 'help_flags1:integer!=',
      'last_seen_at:dateTime', 'is_disabled:boolean!=', 'is_service_account:boolean=', 'uid'), { uniques: [['login'], ['email'], ['uid']] }),
    table('team', cols('id:integer!', 'name:string!', 'org_id:integer!', 'created:dateTime!', 'updated:dateTime!', 'uid', 'email'), { uniques: [['org_id', 'name'], ['org_id', 'uid']] }),
    table('team_member', cols('id:integer!', 'org_id:integer!', 'team_id:integer!', 'user_id:integer!', 'external:boolean', 'permission:integer', 'created:dateTime!', 'updated:dateTime!'),
      { uniques: [['org_id', 'team_id', 'user_id']] }),
    table('org_user', cols('id:integer!', 'org_id:integer!', 'user_id:integer!', 'role:string!', 'created:dateTime!', 'updated:dateTime!'), { uniques: [['org_id', 'user_id']] }),
  ] },
  facts: facts({ user: { sampled: 4, columns: {
    org_id: [[1, 4]], is_service_account: [[false, 3], [true, 1]], is_disabled: [[false, 3], [true, 1]], is_admin: [[false, 3], [true, 1]],
  } } }),
};

/** phpBB: `phpbb_` prefix, username_clean (the lower-cased login), user_type (0 normal, 1 inactive, 2 ignore, 3 founder), user_regdate in Unix seconds. */
export const PHPBB: App = {
  schema: { tables: [
    table('phpbb_users', cols('user_id:integer!', 'user_type:integer!=', 'group_id:integer!=', 'username:string!', 'username_clean:string!',
      'user_password:string!=', 'user_email:string!=', 'user_regdate:integer!=', 'user_lang:string!=', 'user_timezone:string!=', 'user_actkey:string!='),
    { primaryKey: ['user_id'], uniques: [['username_clean']] }),
    table('phpbb_groups', cols('group_id:integer!', 'group_type:integer!=', 'group_name:string!', 'group_desc:string!'), { primaryKey: ['group_id'] }),
    table('phpbb_user_group', cols('group_id:integer!=', 'user_id:integer!=', 'group_leader:integer!=', 'user_pending:integer!='), { primaryKey: [] }),
  ] },
  facts: facts({ phpbb_users: { sampled: 6, columns: { user_type: [[2, 3], [0, 2], [3, 1]], user_regdate: [[1700000000, 6]], group_id: [[6, 3], [2, 2], [5, 1]] } } }),
};

/** Joomla: `jos_` prefix, `block` (an inverted flag), otpKey/otep, usergroups through user_usergroup_map. */
export const JOOMLA: App = {
  schema: { tables: [
    table('jos_users', cols('id:integer!', 'name:string!', 'username:string!', 'email:string!', 'password:string!', 'block:integer!=', 'sendEmail:integer=',
      'registerDate:dateTime!', 'lastvisitDate:dateTime', 'activation:string!=', 'params:string!', 'otpKey:string!=', 'otep:string!=', 'requireReset:integer!='),
    { uniques: [['username'], ['email']] }),
    table('jos_usergroups', cols('id:integer!', 'parent_id:integer!=', 'lft:integer!=', 'rgt:integer!=', 'title:string!'), { uniques: [['parent_id', 'title']] }),
    table('jos_user_usergroup_map', cols('user_id:integer!=', 'group_id:integer!='), { primaryKey: ['user_id', 'group_id'] }),
  ] },
  facts: facts({ jos_users: { sampled: 3, columns: { block: [[0, 2], [1, 1]] } } }),
};

/** Moodle: `mdl_` prefix, abbreviated words (firstname, idnumber, timecreated), suspended, deleted, cohorts, user_info_data keyed by field id. */
export const MOODLE: App = {
  schema: { tables: [
    table('mdl_user', cols('id:integer!', 'auth:string!=', 'confirmed:integer!=', 'deleted:integer!=', 'suspended:integer!=', 'mnethostid:integer!=',
      'username:string!=', 'password:string!=', 'idnumber:string!=', 'firstname:string!', 'lastname:string!', 'email:string!', 'phone1:string!=',
      'phone2:string!=', 'institution:string!=', 'department:string!=', 'lang:string!=', 'timezone:string!=', 'secret:string!=',
      'timecreated:integer!=', 'timemodified:integer!=', 'middlename:string'), { uniques: [['mnethostid', 'username']] }),
    table('mdl_cohort', cols('id:integer!', 'contextid:integer!', 'name:string!', 'idnumber', 'timecreated:integer!', 'timemodified:integer!')),
    table('mdl_cohort_members', cols('id:integer!', 'cohortid:integer!=', 'userid:integer!=', 'timeadded:integer!=')),
  ] },
  facts: facts({ mdl_user: { sampled: 3, columns: { suspended: [[0, 2], [1, 1]], deleted: [[0, 3]], timecreated: [[1700000000, 3]], mnethostid: [[1, 3]] } } }),
};

/** Odoo: res_users points at its own res_partner row (names and email live there), res_groups_users_rel(gid, uid), company_id. */
export const ODOO: App = {
  schema: { tables: [
    table('res_company', cols('id:integer!', 'name:string!', 'partner_id:integer!'), { foreignKeys: [fk('partner_id', 'res_partner')] }),
    table('res_partner', cols('id:integer!', 'name:string', 'email:string', 'phone', 'mobile', 'company_id:integer', 'active:boolean', 'function'), { foreignKeys: [fk('company_id', 'res_company')] }),
    table('res_users', cols('id:integer!', 'company_id:integer!', 'partner_id:integer!', 'active:boolean=', 'login:string!', 'password', 'share:boolean', 'totp_secret', 'create_date:dateTime', 'write_date:dateTime'),
      { uniques: [['login']], foreignKeys: [fk('company_id', 'res_company'), fk('partner_id', 'res_partner')] }),
    table('res_groups', cols('id:integer!', 'name:json!', 'category_id:integer')),
    table('res_groups_users_rel', cols('gid:integer!', 'uid:integer!'), { primaryKey: ['gid', 'uid'], foreignKeys: [fk('gid', 'res_groups'), fk('uid', 'res_users')] }),
  ] },
  facts: facts({ res_users: { sampled: 4, columns: { company_id: [[1, 4]], partner_id: [[3, 1], [7, 1], [8, 1], [9, 1]], active: [[true, 3], [false, 1]] } } }),
};

/** Zulip: zerver_userprofile in a realm (tenant), is_bot, an api_key, groups in zerver_usergroup, unique on upper(email) within the realm. */
export const ZULIP: App = {
  schema: { tables: [
    table('zerver_realm', cols('id:integer!', 'name:string!', 'string_id:string!'), { uniques: [['string_id']] }),
    table('zerver_userprofile', cols('id:integer!', 'password', 'last_login:dateTime', 'email:string!', 'delivery_email:string!', 'is_active:boolean!',
      'is_bot:boolean!', 'bot_type:integer', 'bot_owner_id:integer', 'full_name:string!', 'realm_id:integer!', 'api_key:string!', 'date_joined:dateTime!', 'role:integer!', 'timezone:string!'),
    {
      foreignKeys: [fk('realm_id', 'zerver_realm'), fk('bot_owner_id', 'zerver_userprofile')],
      indexes: [uniqueIndex('upper_userprofile_email_idx', 'realm_id', 'upper(email)')],
    }),
    table('zerver_usergroup', cols('id:integer!', 'name:string!', 'realm_id:integer!', 'description:string!', 'is_system_group:boolean!'), { foreignKeys: [fk('realm_id', 'zerver_realm')] }),
    table('zerver_usergroupmembership', cols('id:integer!', 'user_group_id:integer!', 'user_profile_id:integer!'),
      { foreignKeys: [fk('user_group_id', 'zerver_usergroup'), fk('user_profile_id', 'zerver_userprofile')] }),
  ] },
  facts: facts({ zerver_userprofile: { sampled: 5, columns: { realm_id: [[2, 4], [1, 1]], is_bot: [[false, 3], [true, 2]], bot_owner_id: [[null, 3], [1, 2]], role: [[400, 3], [100, 2]] } } }),
};

/** Metabase: core_user.type ('personal', 'internal', 'api-key'), permissions_group / permissions_group_membership. */
export const METABASE: App = {
  schema: { tables: [
    table('core_user', cols('id:integer!', 'email:string!', 'first_name:string', 'last_name:string', 'password:string', 'password_salt:string',
      'date_joined:dateTime!', 'last_login:dateTime', 'is_superuser:boolean!=', 'is_active:boolean!=', 'reset_token', 'updated_at:dateTime', 'locale', 'type:string!='),
    { indexes: [uniqueIndex('idx_uniq_user_lower_email', 'lower(email)')] }),
    table('permissions_group', cols('id:integer!', 'name:string!'), { uniques: [['name']] }),
    table('permissions_group_membership', cols('id:integer!', 'user_id:integer!', 'group_id:integer!', 'is_group_manager:boolean!='),
      { foreignKeys: [fk('user_id', 'core_user'), fk('group_id', 'permissions_group')] }),
  ] },
  facts: facts({ core_user: { sampled: 5, columns: { type: [['personal', 3], ['internal', 1], ['api-key', 1]], is_active: [[true, 4], [false, 1]] } } }),
};

/** Kimai: `kimai2_` prefix, enabled, system_account, totp_secret, users_teams, user_preferences (key-value). */
export const KIMAI: App = {
  schema: { tables: [
    table('kimai2_users', cols('id:integer!', 'username:string!', 'email:string!', 'password:string!', 'alias', 'enabled:boolean!', 'registration_date:dateTime',
      'title', 'avatar', 'roles:json!', 'api_token', 'auth', 'totp_secret', 'totp_enabled:boolean!=', 'system_account:boolean!=', 'account'),
    { uniques: [['username'], ['email']] }),
    table('kimai2_teams', cols('id:integer!', 'name:string!', 'color'), { uniques: [['name']] }),
    table('kimai2_users_teams', cols('id:integer!', 'user_id:integer!', 'team_id:integer!', 'teamlead:boolean!='),
      { foreignKeys: [fk('user_id', 'kimai2_users'), fk('team_id', 'kimai2_teams')], uniques: [['user_id', 'team_id']] }),
    table('kimai2_user_preferences', cols('id:integer!', 'user_id:integer', 'name:string!', 'value'), { foreignKeys: [fk('user_id', 'kimai2_users')], uniques: [['user_id', 'name']] }),
  ] },
  facts: facts({
    kimai2_users: { sampled: 3, columns: { enabled: [[true, 2], [false, 1]], system_account: [[false, 3]] } },
    kimai2_user_preferences: { sampled: 9, columns: { name: [['timezone', 3], ['language', 3], ['hourly_rate', 3]] } },
  }),
};

/** Mattermost: PascalCase, Unix milliseconds (CreateAt), DeleteAt = 0, Position, Nickname, MfaSecret; UserGroups / GroupMembers. */
export const MATTERMOST: App = {
  schema: { tables: [
    table('Users', cols('Id:string!', 'CreateAt:integer', 'UpdateAt:integer', 'DeleteAt:integer', 'Username:string', 'Password', 'AuthData', 'AuthService',
      'Email:string', 'EmailVerified:boolean', 'Nickname', 'FirstName', 'LastName', 'Position', 'Roles:string', 'Locale', 'MfaActive:boolean', 'MfaSecret', 'RemoteId'),
    { primaryKey: ['Id'], uniques: [['Username'], ['Email'], ['AuthData']] }),
    table('UserGroups', cols('Id:string!', 'Name', 'DisplayName:string!', 'Source:string!', 'RemoteId', 'CreateAt:integer', 'UpdateAt:integer', 'DeleteAt:integer'),
      { primaryKey: ['Id'], uniques: [['Name']] }),
    table('GroupMembers', cols('GroupId:string!', 'UserId:string!', 'CreateAt:integer', 'DeleteAt:integer!'), { primaryKey: ['GroupId', 'UserId'] }),
  ] },
  facts: facts({ Users: { sampled: 3, columns: { CreateAt: [[1700000000000, 3]], DeleteAt: [[0, 2], [1700000001000, 1]] } } }),
};

/**
 * The failure shapes issue 10 lists, rebuilt from its words: a per-user `account_id` pointing at the
 * user's own account row; an integer status 1 active / 2 registered / 3 locked; a "prohibit login"
 * flag beside a suspension timestamp; emails in their own table (no foreign key, a primary flag,
 * NOT NULL timestamps, a lower-cased copy); a login with a lower-cased copy; groups as typed rows of
 * the users table; a TOTP secret and an oddly named password.
 */
export const SHAPES: App = {
  schema: { tables: [
    table('person', cols('id:integer!', 'login:string!', 'lower_login:string!', 'full_name', 'kind:integer!', 'status:integer!', 'prohibit_login:boolean!',
      'suspended_till:dateTime', 'account_id:integer!', 'totp_seed', 'secret_word', 'created_unix:integer!', 'updated_unix:integer!'),
    { indexes: [uniqueIndex('person_lower_login', 'lower(login)')] }),
    table('account', cols('id:integer!', 'note', 'avatar_url')),
    table('person_email', cols('id:integer!', 'uid:integer!', 'email:string!', 'lower_email:string!', 'is_primary:boolean!', 'is_activated:boolean!', 'created_unix:integer!')),
    table('team', cols('id:integer!', 'org_id:integer!', 'name:string!', 'lower_name:string!')),
    table('team_user', cols('id:integer!', 'org_id:integer!', 'team_id:integer!', 'uid:integer!')),
  ] },
  facts: facts({
    person: { sampled: 6, columns: { kind: [[0, 5], [1, 1]], status: [[1, 4], [2, 1], [3, 1]], account_id: [[11, 1], [12, 1], [13, 1], [14, 1], [15, 1], [16, 1]], created_unix: [[1700000000, 6]] } },
    person_email: { sampled: 6, columns: {} },
  }),
};

/** A legacy schema: abbreviations, a primary key named like a tenant, a self-referencing manager without FK, a membership named after neither side. */
export const LEGACY: App = {
  schema: { tables: [
    table('tbl_staff', cols('org_id:integer!', 'usr_login:string!', 'fname', 'lname', 'shown_name', 'office_email', 'private_email', 'staff_code', 'dept', 'position',
      'supervisor_id:integer', 'external_ref', 'tel', 'cell', 'tz', 'lang', 'is_enabled:boolean!=', 'pwd', 'ts_created:dateTime'),
    { primaryKey: ['org_id'], uniques: [['usr_login']] }),
    table('tbl_squad', cols('id:integer!', 'squad_name:string!')),
    table('tbl_squad_people', cols('squad_id:integer!', 'person_id:integer!'), { primaryKey: ['squad_id', 'person_id'] }),
  ] },
  facts: facts({ tbl_staff: { sampled: 3, columns: { is_enabled: [[true, 2], [false, 1]] } } }),
};

/** Authentik: type ('internal', 'external', 'service_account', 'internal_service_account') on a Django user table. */
export const AUTHENTIK: App = {
  schema: { tables: [
    table('authentik_core_user', cols('id:integer!', 'password:string!', 'last_login:dateTime', 'username:string!', 'first_name:string!', 'last_name:string!',
      'email:string!', 'is_active:boolean!', 'date_joined:dateTime!', 'uuid:uuid!', 'name:string!', 'path:string!', 'type:string!', 'attributes:json!'),
    { uniques: [['username'], ['uuid']] }),
  ] },
  facts: facts({ authentik_core_user: { sampled: 6, columns: { type: [['internal', 3], ['external', 1], ['service_account', 1], ['internal_service_account', 1]], is_active: [[true, 6]] } } }),
};

/** Wiki.js-style camelCase tables: users with isSystem (the guest row), groups, userGroups. */
export const WIKI: App = {
  schema: { tables: [
    table('users', cols('id:integer!', 'email:string!', 'name:string!', 'providerKey:string!', 'password', 'tfaSecret', 'isSystem:boolean!', 'isActive:boolean!',
      'jobTitle', 'location', 'timezone:string!', 'createdAt:string!', 'updatedAt:string!'), { uniques: [['providerKey', 'email']] }),
    table('groups', cols('id:integer!', 'name:string!', 'isSystem:boolean!', 'createdAt:string!', 'updatedAt:string!')),
    table('userGroups', cols('id:integer!', 'userId:integer', 'groupId:integer'), { foreignKeys: [fk('userId', 'users'), fk('groupId', 'groups')] }),
  ] },
  facts: facts({ users: { sampled: 3, columns: { isSystem: [[false, 2], [true, 1]], isActive: [[true, 3]] } } }),
};

/** A single-table design: users and organisations in one table (type 0 person, 1 organisation), membership in org_user. */
export const SINGLE_TABLE: App = {
  schema: { tables: [
    table('account', cols('id:integer!', 'name:string!', 'lower_name:string!', 'full_name', 'email:string!', 'passwd', 'type:string!', 'is_active:boolean!', 'created:dateTime!'),
      { uniques: [['lower_name']] }),
    table('org_user', cols('id:integer!', 'uid:integer!', 'org_id:integer!', 'is_public:boolean!')),
  ] },
  facts: facts({ account: { sampled: 5, columns: { type: [['user', 3], ['group', 2]], is_active: [[true, 4], [false, 1]] } } }),
};

export const APPS: Readonly<Record<string, App>> = { GRAFANA, PHPBB, JOOMLA, MOODLE, ODOO, ZULIP, METABASE, KIMAI, MATTERMOST, SHAPES, LEGACY, AUTHENTIK, WIKI, SINGLE_TABLE };
