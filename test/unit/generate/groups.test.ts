import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCandidates } from '../../../src/generate/groups.js';
import { findMembership } from '../../../src/generate/membership.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import type { DbTable } from '../../../src/mapping/db-schema.js';
import { GRAFANA, JOOMLA, KIMAI, LEGACY, MATTERMOST, MOODLE, ODOO, PHPBB, SHAPES, ZULIP } from './apps.js';
import { cols, table } from './fixtures.js';
import { appDraft, relations } from './helpers.js';

const users = table('users', cols('id:integer!', 'login:string!', 'email'), { uniques: [['login']] });
const membership = (groupTable: DbTable, join: DbTable) => findMembership(viewOf({ tables: [users, groupTable, join] }), users, groupTable)?.members;

describe('membership tables without declared foreign keys', () => {
  const groups = table('groups', cols('id:integer!', 'name:string!'));
  test('group_users, groups_users, users_groups, user_group_membership: by column names', () => {
    for (const name of ['group_users', 'groups_users', 'users_groups', 'user_group_membership']) {
      assert.deepEqual(membership(groups, table(name, cols('group_id:integer!', 'user_id:integer!'), { primaryKey: [] })), { through: name, group: 'group_id', member: 'user_id' }, name);
    }
  });
  test('gid/uid (Odoo), member_id, userId/groupId', () => {
    assert.deepEqual(membership(groups, table('rel', cols('gid:integer!', 'uid:integer!'), { primaryKey: [] })), { through: 'rel', group: 'gid', member: 'uid' });
    assert.deepEqual(membership(groups, table('members', cols('id:integer!', 'group_id:integer!', 'member_id:integer!'))), { through: 'members', group: 'group_id', member: 'member_id' });
    assert.deepEqual(membership(groups, table('userGroups', cols('id:integer!', 'userId:integer', 'groupId:integer'))), { through: 'userGroups', group: 'groupId', member: 'userId' });
  });
  test('a type mismatch is not a reference', () => {
    assert.equal(membership(groups, table('group_users', cols('group_id:string!', 'user_id:integer!'), { primaryKey: [] })), undefined);
  });
  test('NOT NULL timestamps get $now; the tenant the group row carries is copied with $owner', () => {
    const team = table('team', cols('id:integer!', 'org_id:integer!', 'name:string!'));
    const join = table('team_member', cols('id:integer!', 'org_id:integer!', 'team_id:integer!', 'user_id:integer!', 'created:dateTime!', 'updated:dateTime!'));
    assert.deepEqual(membership(team, join), { through: 'team_member', group: 'team_id', member: 'user_id', defaults: { org_id: '$owner.org_id', created: '$now', updated: '$now' } });
  });
});

describe('groups on real shapes', () => {
  const through = (d: ReturnType<typeof appDraft>) => [d.group?.table, relations(d.group!)['members']];
  test('Grafana team through team_member (not org_user), with $owner.org_id and timestamps', () => {
    assert.deepEqual(through(appDraft(GRAFANA)), ['team', { through: 'team_member', group: 'team_id', member: 'user_id', defaults: { org_id: '$owner.org_id', created: '$now', updated: '$now' } }]);
  });
  test('phpBB groups, Joomla usergroups through user_usergroup_map, Kimai teams, Moodle cohorts, Zulip usergroups', () => {
    assert.deepEqual(through(appDraft(PHPBB)), ['phpbb_groups', { through: 'phpbb_user_group', group: 'group_id', member: 'user_id', where: { user_pending: 0 } }]);
    assert.deepEqual(through(appDraft(JOOMLA)), ['jos_usergroups', { through: 'jos_user_usergroup_map', group: 'group_id', member: 'user_id' }]);
    assert.deepEqual(through(appDraft(KIMAI)), ['kimai2_teams', { through: 'kimai2_users_teams', group: 'team_id', member: 'user_id' }]);
    assert.deepEqual(through(appDraft(MOODLE)), ['mdl_cohort', { through: 'mdl_cohort_members', group: 'cohortid', member: 'userid' }]);
    assert.deepEqual(through(appDraft(ZULIP)), ['zerver_usergroup', { through: 'zerver_usergroupmembership', group: 'user_group_id', member: 'user_profile_id' }]);
  });
  test('a membership named after neither side: squad_people (squad_id, person_id) on a legacy schema', () => {
    assert.deepEqual(through(appDraft(LEGACY)), ['tbl_squad', { through: 'tbl_squad_people', group: 'squad_id', member: 'person_id' }]);
  });
  test('Mattermost UserGroups / GroupMembers: only live rows (DeleteAt = 0) are memberships, and adding a member writes 0', () => {
    assert.deepEqual(relations(appDraft(MATTERMOST).group!)['members'], { through: 'GroupMembers', group: 'GroupId', member: 'UserId', where: { DeleteAt: 0 } });
  });
  test('a pending join request is not a membership (phpBB user_pending), nor a removed row', () => {
    const groups = table('groups', cols('id:integer!', 'name:string!'));
    const join = table('user_group', cols('group_id:integer!', 'user_id:integer!', 'user_pending:integer!=', 'deleted_at:dateTime'), { primaryKey: [] });
    assert.deepEqual(membership(groups, join)?.where, { user_pending: 0, deleted_at: null });
  });
  test('Grafana: user_id names `user`, not `org_user` (which it only shares a head noun with)', () => {
    const user = table('user', cols('id:integer!', 'login:string!'));
    const orgUser = table('org_user', cols('id:integer!', 'org_id:integer!', 'user_id:integer!'));
    const team = table('team', cols('id:integer!', 'name:string!'));
    const member = table('team_member', cols('id:integer!', 'team_id:integer!', 'user_id:integer!'));
    assert.equal(findMembership(viewOf({ tables: [orgUser, user, team, member] }), user, team)?.members.member, 'user_id');
  });
  test('the User\'s readOnly groups carry no defaults (its $owner would be the users table)', () => {
    const spec = relations(appDraft(GRAFANA).user)['groups'] as Record<string, unknown>;
    assert.equal(spec['defaults'], undefined);
  });
  test('the User gets groups from the same table, readOnly', () => {
    const { user } = appDraft(GRAFANA);
    assert.match(user.relations.find((r) => r.path === 'groups')?.reason ?? '', /readOnly/);
  });
  test('a groups table without a name column (Odoo res_groups with a json name) is not a Group', () => {
    assert.equal(appDraft(ODOO).group, undefined);
  });
  test('roles rank last among group names; a tenant table is never a group', () => {
    const view = viewOf(SHAPES.schema);
    assert.deepEqual(groupCandidates(view, SHAPES.schema.tables[0]!, new Set()).map((t) => t.name), ['team']);
  });
});
