import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { childTables } from '../../../src/generate/child-tables.js';
import { keyValueTables, proposeKeyValue } from '../../../src/generate/key-value.js';
import { proposeJoins, sideTables } from '../../../src/generate/joins.js';
import { viewOf } from '../../../src/generate/schema-view.js';
import { KIMAI, ODOO, SHAPES } from './apps.js';
import { CHILD_TABLES, RAILS, cols, facts, fk, table } from './fixtures.js';
import { appDraft, attr, draftOf, mapping, relations } from './helpers.js';

describe('child tables: emails and phones in their own table', () => {
  test('no foreign key, a primary flag, NOT NULL timestamps and flags, a lower-cased copy', () => {
    assert.deepEqual(relations(appDraft(SHAPES).user)['emails'], {
      table: 'person_email', key: 'uid', fields: { value: 'email', primary: 'is_primary' },
      defaults: { is_activated: true, created_unix: '$now' }, derived: { lower_email: { from: 'value', transform: 'lower' } },
    });
  });
  test('value, type and primary columns by their words; generic value names only where the table says', () => {
    const { user } = draftOf(CHILD_TABLES);
    const r = relations(user);
    assert.deepEqual(r['emails'], { table: 'user_emails', key: 'user_id', fields: { value: 'email_address', type: 'email_type', primary: 'preferred' } });
    assert.deepEqual(r['phoneNumbers'], { table: 'phones', key: 'owner_id', fields: { value: 'number', type: 'label' } });
    const tables = [...user.relations.map((x) => ('table' in x.spec ? x.spec.table : '')), ...user.offered.map((o) => (typeof o.value === 'object' && 'table' in o.value ? o.value.table : ''))];
    for (const t of ['user_profiles', 'user_roles', 'invoices']) assert.ok(!tables.includes(t), t);
  });
  test('a second table for the same attribute is offered; a NOT NULL text column gets "" with a CHECK', () => {
    const { user } = draftOf(CHILD_TABLES);
    assert.deepEqual(user.offered.map((o) => [o.path, o.reason]), [['phoneNumbers', '— another candidate for phoneNumbers (keep one)']]);
    const entitlements = user.relations.find((r) => r.path === 'entitlements');
    assert.deepEqual(entitlements?.spec, { table: 'user_entitlements', key: 'user_id', fields: { value: 'value' }, defaults: { granted_by: '' } });
    assert.match(entitlements?.check ?? '', /empty granted_by/);
  });
  test('the users table already maps emails: the column form stays, the table is offered with why', () => {
    const schema = { tables: [...RAILS.tables, table('user_emails', cols('id:integer!', 'user_id:integer!', 'address:string!', 'kind:string!'), { foreignKeys: [fk('user_id', 'users')] })] };
    const { user } = draftOf(schema);
    assert.equal(attr(user, 'emails[type eq "work"].value')?.column, 'email');
    assert.match(user.offered[0]?.reason ?? '', /emails already comes from users\.email.*not both/);
  });
  test('a table that also points elsewhere is not a list of the user\'s values', () => {
    const users = table('users', cols('id:integer!', 'login:string!'));
    const orgs = table('orgs', cols('id:integer!', 'name:string!'));
    const orgUser = table('org_user', cols('id:integer!', 'org_id:integer!', 'user_id:integer!', 'role:string!'));
    assert.deepEqual(childTables(viewOf({ tables: [users, orgs, orgUser] }), users, new Set(), new Map()).relations, []);
  });
});

describe('one-to-one side tables: join', () => {
  test('the side row points at the user with a unique owner column: join on { id: user_id }', () => {
    const sides = sideTables(viewOf(CHILD_TABLES), CHILD_TABLES.tables.find((t) => t.name === 'users')!);
    assert.deepEqual(sides.map((s) => [s.table.name, s.on]), [['user_profiles', { column: 'id', sideColumn: 'user_id' }]]);
    const { user } = draftOf(CHILD_TABLES);
    assert.deepEqual(user.join.map((j) => [j.table, j.on]), [['user_profiles', { column: 'id', sideColumn: 'user_id' }]]);
    assert.equal(mapping(user)['phoneNumbers[type eq "work"].value'], 'user_profiles.phone');
  });
  test('the user points at its own row (Odoo res_partner: names and email there): join on { partner_id: id }, no default into partner_id', () => {
    const { user } = appDraft(ODOO);
    assert.deepEqual(user.join.map((j) => [j.table, j.on]), [['res_partner', { column: 'partner_id', sideColumn: 'id' }]]);
    assert.equal(mapping(user)['displayName'], 'res_partner.name');
    assert.equal(mapping(user)['emails[type eq "work"].value'], 'res_partner.email');
    assert.ok(!user.defaults.some((d) => d.column === 'partner_id'));
  });
  test('a nullable link to something that is not a person\'s other half (an avatar upload) is never joined', () => {
    const users = table('users', cols('id:integer!', 'login:string!', 'avatar_id:integer'), { foreignKeys: [fk('avatar_id', 'uploads')] });
    const uploads = table('uploads', cols('id:integer!', 'url:string!', 'filename'));
    const sample = facts({ users: { sampled: 3, columns: { avatar_id: [[1, 1], [2, 1], [3, 1]] } } });
    assert.deepEqual(sideTables(viewOf({ tables: [users, uploads] }, sample), users), []);
  });
  test('a side table that adds nothing is not joined; bots and sessions never are', () => {
    const users = table('users', cols('id:integer!', 'login:string!', 'full_name'));
    const bots = table('bots', cols('user_id:integer!', 'display_name', 'description'), { primaryKey: ['user_id'] });
    const extra = table('user_extras', cols('user_id:integer!', 'shoe_size:integer'), { primaryKey: ['user_id'] });
    const view = viewOf({ tables: [users, bots, extra] });
    const sides = sideTables(view, users);
    assert.deepEqual(sides.map((s) => s.table.name), ['user_extras']);
    assert.deepEqual(proposeJoins(view, sides, new Set(['userName', 'displayName'])).joins, []);
  });
});

describe('key-value tables', () => {
  test('Kimai user_preferences: the sampled keys language and timezone become keyed attributes', () => {
    const m = mapping(appDraft(KIMAI).user);
    assert.deepEqual(m['timezone'], { table: 'kimai2_user_preferences', key: 'user_id', where: { name: 'timezone' }, column: 'value' });
    assert.deepEqual(m['preferredLanguage'], { table: 'kimai2_user_preferences', key: 'user_id', where: { name: 'language' }, column: 'value' });
  });
  test('meta tables: first_name, last_name and nickname keys; a path the users table maps is offered instead', () => {
    const users = table('site_users', cols('id:integer!', 'user_login:string!', 'user_email:string!', 'display_name'), { uniques: [['user_login']] });
    const meta = table('site_usermeta', cols('umeta_id:integer!', 'user_id:integer!=', 'meta_key', 'meta_value'), { primaryKey: ['umeta_id'] });
    const sample = facts({ site_usermeta: { sampled: 30, columns: { meta_key: [['nickname', 5], ['first_name', 5], ['last_name', 5], ['description', 5], ['display_name', 5], ['rich_editing', 5]] } } });
    const view = viewOf({ tables: [users, meta] }, sample);
    const kv = keyValueTables(view, users, new Set());
    assert.deepEqual(kv.map((k) => [k.table.name, k.owner, k.key, k.value]), [['site_usermeta', 'user_id', 'meta_key', 'meta_value']]);
    const proposal = proposeKeyValue(view, kv, new Set(['displayName']));
    assert.deepEqual(proposal.attributes.map((a) => [a.path, a.keyed?.where]), [
      ['name.givenName', { meta_key: 'first_name' }], ['name.familyName', { meta_key: 'last_name' }], ['nickName', { meta_key: 'nickname' }],
    ]);
    assert.deepEqual(proposal.offered.map((o) => o.path), ['displayName']);
  });
  test('rows keyed by a field id (Moodle user_info_data): a note, since the names live in another table', () => {
    const users = table('mdl_user', cols('id:integer!', 'username:string!'));
    const data = table('mdl_user_info_data', cols('id:integer!', 'userid:integer!', 'fieldid:integer!', 'data:string!'));
    const view = viewOf({ tables: [users, data, table('mdl_user_info_field', cols('id:integer!', 'shortname:string!'))] });
    assert.match(proposeKeyValue(view, keyValueTables(view, users, new Set()), new Set()).notes[0] ?? '', /keyed by a number \(fieldid\).*where: \{ fieldid: <key> \}, column: data/);
  });
  test('without a sample of its keys, a note says how to map one', () => {
    const users = table('users', cols('id:integer!', 'login:string!'));
    const attrs = table('user_attribute', cols('id:integer!', 'user_id:integer!', 'name:string!', 'value'));
    const view = viewOf({ tables: [users, attrs] });
    assert.match(proposeKeyValue(view, keyValueTables(view, users, new Set()), new Set()).notes[0] ?? '', /where: \{ name: <key> \}, column: value/);
  });
});

describe('an email table with a primary flag beside users.email', () => {
  const users = table('users', cols('id:integer!', 'login:string!', 'email:string!', 'backup_email'), { uniques: [['login']] });
  const emails = table('email_address', cols('id:integer!', 'uid:integer!', 'email:string!', 'is_primary:boolean!', 'created_at:dateTime!'));
  test('emails map through the table (every address, the primary flagged); users.email follows the primary address', () => {
    const { user } = draftOf({ tables: [users, emails] });
    assert.deepEqual(relations(user)['emails'], { table: 'email_address', key: 'uid', fields: { value: 'email', primary: 'is_primary' }, defaults: { created_at: '$now' } });
    assert.equal(attr(user, 'emails[type eq "work"].value'), undefined);
    assert.deepEqual(user.derived.map((d) => [d.column, d.from]), [['email', 'emails[primary eq true].value']]);
    assert.deepEqual(user.unmapped.map((c) => c.column), ['backup_email']);
  });
  test('without a primary flag the column form stays and the table is offered', () => {
    const plain = table('email_address', cols('id:integer!', 'uid:integer!', 'email:string!'));
    const { user } = draftOf({ tables: [users, plain] });
    assert.equal(attr(user, 'emails[type eq "work"].value')?.column, 'email');
    assert.equal(user.offered[0]?.path, 'emails');
  });
});
