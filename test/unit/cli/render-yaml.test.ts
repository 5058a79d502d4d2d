import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseDocument } from 'yaml';
import { propose, type Draft } from '../../../src/cli/propose.js';
import { renderYaml } from '../../../src/cli/render-yaml.js';
import type { DbSchema } from '../../../src/mapping/db-schema.js';
import { DJANGO, MULTI_TENANT, RAILS, UUID_STATUS } from './propose-fixtures.js';

function draftOf(schema: DbSchema): Draft {
  const result = propose(schema);
  if (result.kind !== 'draft') throw new Error('expected a draft');
  return result.draft;
}

const SQLITE = { client: 'sqlite', connection: './app.sqlite' } as const;

describe('renderYaml', () => {
  test('starts with the yaml-language-server $schema comment and parses without errors', () => {
    const text = renderYaml(draftOf(RAILS), SQLITE);
    assert.equal(text.split('\n')[0], '# yaml-language-server: $schema=./node_modules/scim-bridge/config/scim-bridge.schema.json');
    const doc = parseDocument(text);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(doc.warnings, []);
  });

  test('database, server and auth sections; the token comes from the environment', () => {
    const config = parse(renderYaml(draftOf(RAILS), SQLITE));
    assert.deepEqual(config.database, { client: 'sqlite', connection: './app.sqlite' });
    assert.deepEqual(config.server, { port: '${PORT:-8080}', basePath: '/scim/v2' });
    assert.deepEqual(config.auth, { bearer: ['${SCIM_TOKEN}'] });
  });

  test('the Rails draft renders as the config it stands for', () => {
    const config = parse(renderYaml(draftOf(RAILS), SQLITE));
    assert.deepEqual(config.resources, {
      User: {
        table: 'users', id: 'id', delete: { soft: 'deleted_at' },
        defaults: { encrypted_password: '!', sign_in_count: 0 },
        attributes: {
          userName: { column: 'email', required: true },
          'emails[type eq "work"].value': 'email',
          'name.givenName': 'first_name',
          'name.familyName': 'last_name',
          'meta.created': 'created_at',
          'meta.lastModified': 'updated_at',
        },
      },
    });
  });

  test('unmapped columns are commented-out lines; reasons are trailing comments; secrets only in a note', () => {
    const text = renderYaml(draftOf(RAILS), SQLITE);
    const uuid = renderYaml(draftOf(UUID_STATUS), SQLITE);
    assert.match(uuid, /^ {6}# "\?": \w+ {3}\(/m);
    assert.match(text, /^ {6}name\.givenName: first_name # guessed from column name first_name$/m);
    assert.match(text, /# deliberately not mapped .*: encrypted_password, reset_password_token/);
    // A credential column is never an attribute's column; at most it gets an unusable create-only default.
    assert.doesNotMatch(text, /^\s*[^#\s].*: encrypted_password/m);
  });

  test('uncommenting an offered line yields a valid attribute', () => {
    // Without the foreign key, manager_id is only offered.
    const noFk: DbSchema = { tables: UUID_STATUS.tables.map((t) => ({ ...t, foreignKeys: [] })) };
    const text = renderYaml(draftOf(noFk), SQLITE);
    assert.match(text, /# urn:\S+:manager\.value: manager_id {3}\(uuid, nullable\) — not a foreign key to users/);
    const config = parse(text.replace(/# (urn:\S+:manager\.value: manager_id)\s.*$/m, '$1'));
    assert.equal(config.resources.User.attributes['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'], 'manager_id');
  });

  test('with the foreign key, manager_id is mapped', () => {
    const config = parse(renderYaml(draftOf(UUID_STATUS), SQLITE));
    assert.equal(config.resources.User.attributes['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'], 'manager_id');
  });

  test('maps keep "true"/"false" as string keys and SCIM values typed; CHECK comments precede guesses', () => {
    const mt = parse(renderYaml(draftOf(MULTI_TENANT), SQLITE));
    assert.deepEqual(mt.resources.User.attributes.active, { column: 'disabled', map: { true: false, false: true } });
    const text = renderYaml(draftOf(UUID_STATUS), SQLITE);
    assert.deepEqual(parse(text).resources.User.attributes.active, { column: 'status', map: { true: 'active', false: 'inactive' } });
    assert.match(text, /# CHECK: the values your application stores.*\n\s+active: \{ column: status/);
  });

  test('the Group maps members and the User groups, both through the join table', () => {
    const text = renderYaml(draftOf(DJANGO), SQLITE);
    const config = parse(text);
    const join = { through: 'auth_user_groups', group: 'group_id', member: 'user_id' };
    assert.deepEqual(config.resources.Group, { table: 'auth_group', id: 'id', attributes: { displayName: { column: 'name', required: true }, members: join } });
    assert.deepEqual(config.resources.User.attributes.groups, join);
    assert.match(text, /^ {6}members: \{ through: auth_user_groups, group: group_id, member: user_id \} # join table auth_user_groups/m);
  });

  test('a password in the URL never reaches the file: ${DATABASE_URL} with a redacted hint', () => {
    const text = renderYaml(draftOf(RAILS), { client: 'postgres', connection: 'postgres://app:s3cr%2Fet@db.internal:5432/app' });
    assert.doesNotMatch(text, /s3cr/);
    assert.equal(parse(text).database.connection, '${DATABASE_URL}');
    assert.match(text, /DATABASE_URL=postgres:\/\/app:\*\*\*@db\.internal:5432\/app/);
  });

  test('a URL without a password and a schema are kept as given', () => {
    const config = parse(renderYaml(draftOf(RAILS), { client: 'postgres', connection: 'postgres://app@db/app', schema: 'crm' }));
    assert.deepEqual(config.database, { client: 'postgres', connection: 'postgres://app@db/app', schema: 'crm' });
  });
});
