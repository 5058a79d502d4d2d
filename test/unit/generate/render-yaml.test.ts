import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { parseConfigText } from '../../../src/config/load.js';
import { renderYaml } from '../../../src/generate/render-yaml.js';
import { APPS } from './apps.js';
import { CHILD_TABLES, DEMO, DJANGO, MULTI_TENANT, RAILS, UUID_STATUS } from './fixtures.js';
import { appDraft, draftOf } from './helpers.js';

const SQLITE = { client: 'sqlite', connection: './app.sqlite' } as const;
const ENV = { SCIM_TOKEN: 'x'.repeat(32), SCIM_ORG_ID: '1', SCIM_REALM_ID: '1', SCIM_ACCOUNT_ID: '1', SCIM_COMPANY_ID: '1' };

describe('renderYaml', () => {
  test('the $schema comment first; parses without errors or warnings', () => {
    const text = renderYaml(draftOf(RAILS), SQLITE);
    assert.equal(text.split('\n')[0], '# yaml-language-server: $schema=./node_modules/scim-bridge/config/scim-bridge.schema.json');
    const doc = parseDocument(text);
    assert.deepEqual([doc.errors, doc.warnings], [[], []]);
  });
  test('the Rails draft renders as the config it stands for', () => {
    assert.deepEqual(parse(renderYaml(draftOf(RAILS), SQLITE)).resources, {
      User: {
        table: 'users', id: 'id', delete: { soft: 'deleted_at' }, defaults: { encrypted_password: '!', sign_in_count: 0 },
        attributes: {
          userName: { column: 'email', required: true }, 'emails[type eq "work"].value': 'email', 'name.givenName': 'first_name',
          'name.familyName': 'last_name', 'meta.created': 'created_at', 'meta.lastModified': 'updated_at',
        },
      },
    });
  });
  test('reasons trail each line; CHECK lines precede guesses; credentials only in a note; unmapped columns commented out', () => {
    const text = renderYaml(draftOf(RAILS), SQLITE);
    assert.match(text, /^ {6}name\.givenName: first_name # guessed from column name first_name$/m);
    assert.match(text, /# not mapped: credential .*: encrypted_password, reset_password_token/);
    assert.doesNotMatch(text, /^\s*[^#\s].*: encrypted_password\b(?!: "!")/m);
    assert.match(renderYaml(draftOf(UUID_STATUS), SQLITE), /^ {6}# "\?": avatar {3}\(bytea, nullable\)$/m);
    assert.match(renderYaml(draftOf(UUID_STATUS), SQLITE), /# CHECK: the values your application stores.*\n\s+active: \{ column: status/);
  });
  test('scope, join, derived, also, epoch and key-value attributes render as the mapping language spells them', () => {
    const shapes = parse(renderYaml(appDraft(APPS['SHAPES']!), SQLITE)).resources.User;
    assert.deepEqual(shapes.derived, { lower_login: { from: 'userName', transform: 'lower' } });
    assert.deepEqual(shapes.join, { account: { on: { account_id: 'id' } } });
    assert.deepEqual(shapes.attributes.active.also, [{ column: 'prohibit_login', map: { true: false, false: true } }, { column: 'suspended_till', inactiveWhile: 'future' }]);
    assert.deepEqual(shapes.attributes['meta.created'], { column: 'created_unix', epoch: 'seconds' });
    const grafana = parse(renderYaml(appDraft(APPS['GRAFANA']!), SQLITE)).resources.User;
    assert.deepEqual(grafana.scope, { org_id: '$tenant', is_service_account: [false, null] });
    const kimai = parse(renderYaml(appDraft(APPS['KIMAI']!), SQLITE)).resources.User;
    assert.deepEqual(kimai.attributes.timezone, { table: 'kimai2_user_preferences', key: 'user_id', where: { name: 'timezone' }, column: 'value' });
  });
  test('an offered line, uncommented, is a valid mapping', () => {
    const text = renderYaml(draftOf(CHILD_TABLES), SQLITE);
    const line = /^( {6})# (phoneNumbers: \{ table: user_mobiles, key: user_id, fields: \{ value: mobile \} \}) {3}— another candidate/m;
    assert.match(text, line);
    const edited = text.replace(/^ {6}phoneNumbers: \{ table: phones.*$/m, '').replace(line, '$1$2 #');
    assert.deepEqual(parse(edited).resources.User.attributes.phoneNumbers, { table: 'user_mobiles', key: 'user_id', fields: { value: 'mobile' } });
  });
  test('a password in the URL never reaches the file', () => {
    const text = renderYaml(draftOf(RAILS), { client: 'postgres', connection: 'postgres://app:s3cr%2Fet@db.internal:5432/app' });
    assert.doesNotMatch(text, /s3cr/);
    assert.equal(parse(text).database.connection, '${DATABASE_URL}');
    assert.match(text, /DATABASE_URL=postgres:\/\/app:\*\*\*@db\.internal:5432\/app/);
  });
  test('a URL without a password and a schema are kept as given', () => {
    assert.deepEqual(parse(renderYaml(draftOf(RAILS), { client: 'postgres', connection: 'postgres://app@db/app', schema: 'crm' })).database,
      { client: 'postgres', connection: 'postgres://app@db/app', schema: 'crm' });
  });
});

describe('round trip: every generated YAML validates against the JSON Schema', () => {
  const drafts = {
    RAILS: draftOf(RAILS), DJANGO: draftOf(DJANGO), MULTI_TENANT: draftOf(MULTI_TENANT), UUID_STATUS: draftOf(UUID_STATUS),
    DEMO: draftOf(DEMO), CHILD_TABLES: draftOf(CHILD_TABLES),
    ...Object.fromEntries(Object.entries(APPS).map(([name, app]) => [name, appDraft(app)])),
  };
  for (const [name, draft] of Object.entries(drafts)) {
    test(name, () => {
      const text = renderYaml(draft, SQLITE);
      const loaded = parseConfigText(text, join(process.cwd(), 'scim.yaml'), ENV);
      assert.equal(loaded.raw.resources['User']?.table, draft.user.table);
    });
  }
});
