/**
 * The promise of issue 7, on four schemas nobody designed for SCIM and every dialect:
 * `init` → `check` → `check --simulate okta|entra` (database byte-for-byte unchanged) → serve the
 * generated config (only the token, and the tenant id, set through the environment) → Okta's
 * provisioning sequence, with the deprovisioning checked in the column, and a group push where a
 * Group is mapped (members added through the join table init maps). NOT NULL columns SCIM has no attribute for (Django's password, Rails' slug) are
 * filled by the `defaults:` init writes, checked in the created rows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { idToColumn } from '../../src/plan/ids.js';
import type { MembershipRelation } from '../../src/mapping/relations.js';
import { relationsOf } from '../../src/mapping/types.js';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db.js';
import { oktaUser } from '../fixtures/app-users.js';
import { FIXTURES, checksum, type FixtureSchema } from './fixture-schemas.js';

const ENV = { SCIM_TOKEN: 'fixture-token-0123456789abcdef', SCIM_ACCOUNT_ID: '1' };

function capture(cwd: string): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => { out += t; } }, stderr: { write: (t: string) => { err += t; } }, env: ENV, cwd }, out: () => out, err: () => err };
}

async function runInit(db: TestDb, dir: string): Promise<string> {
  const cap = capture(dir);
  const args = ['init', '--db', db.settings.connection, '--out', 'scim.yaml', ...(db.settings.schema !== undefined ? ['--schema', db.settings.schema] : [])];
  assert.equal(await main(args, cap.io), 0, cap.err());
  return join(dir, 'scim.yaml');
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON

/**
 * Okta's group push (create, find, rename, add the user as a member, delete) on the generated
 * Group mapping; the membership is checked in the join table, and through the User's groups.
 */
async function pushGroup(call: Call, server: RunningServer, fixture: FixtureSchema, db: TestDb, userId: string): Promise<void> {
  const group = server.mapping.resources.find((r) => r.name === 'Group');
  if (group === undefined) return;
  const pushed = await call('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Okta Pushed', members: [] });
  assert.equal(pushed.status, 201, pushed.text);
  const id = pushed.body.id as string;
  const found = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Okta Pushed"')}`);
  assert.equal(found.body.totalResults, 1, found.text);
  const renamed = await call('PATCH', `/Groups/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { id, displayName: 'Okta Renamed' } }] });
  // With members mapped, a group PATCH answers 204 No Content (RFC 7644 §3.5.2).
  assert.ok([200, 204].includes(renamed.status), renamed.text);
  const row = await db.knex(group.table).where(group.id.column.name, idToColumn(group.id, id) as string | number).first();
  if (fixture.groupDefaults) assert.ok(fixture.groupDefaults(row), `the group row holds its defaults: ${JSON.stringify(row)}`);
  const members = relationsOf(group).find((r): r is MembershipRelation => r.kind === 'membership');
  assert.ok(members, 'init maps members on the Group');
  const added = await call('PATCH', `/Groups/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] });
  assert.ok([200, 204].includes(added.status), added.text);
  const user = server.mapping.resources.find((r) => r.name === 'User');
  assert.ok(user);
  const joined = await db.knex(members.through)
    .where(members.ownColumn.name, idToColumn(group.id, id) as string | number)
    .andWhere(members.otherColumn.name, idToColumn(user.id, userId) as string | number);
  assert.equal(joined.length, 1, `one ${members.through} row for the new member`);
  const listed = await call('GET', `/Groups/${id}`);
  assert.deepEqual(listed.body.members?.map((m: { value: string }) => m.value), [userId], listed.text);
  const groups = await call('GET', `/Users/${userId}?attributes=groups`);
  assert.ok(groups.body.groups?.some((g: { value: string }) => g.value === id), groups.text);
  if (group.delete.mode !== 'forbid') assert.equal((await call('DELETE', `/Groups/${id}`)).status, 204);
}

async function okta(file: string, fixture: FixtureSchema, db: TestDb): Promise<void> {
  const server = await startServer(loadConfig(file, ENV), { host: '127.0.0.1', port: 0 });
  const call: Call = async (method, path, body) => {
    const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${ENV.SCIM_TOKEN}`, 'content-type': 'application/scim+json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
  };
  try {
    const userName = 'jane.doe@example.com';
    const find = await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    assert.equal(find.status, 200, find.text);
    assert.equal(find.body.totalResults, 0);
    const created = await call('POST', '/Users', oktaUser(userName, { displayName: 'Jane Doe' }));
    if (fixture.simulateFailsAt?.step === 'create the user') {
      assert.notEqual(created.status, 201, 'this schema cannot take a create until its NOT NULL columns get defaults');
      return;
    }
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal((await call('GET', `/Users/${id}`)).status, 200);
    const put = await call('PUT', `/Users/${id}`, { ...oktaUser(userName), id, displayName: 'Jane Q. Doe', name: { givenName: 'Jane', familyName: 'Doe' } });
    assert.equal(put.status, 200, put.text);
    const user = server.mapping.resources.find((r) => r.name === 'User');
    assert.ok(user);
    const key = idToColumn(user.id, id);
    const row = async () => db.knex(fixture.usersTable).where(user.id.column.name, key as string | number).first();
    const off = await call('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.active, false);
    assert.ok(fixture.inactive(await row()), 'the column says inactive');
    const on = await call('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: true } }] });
    assert.equal(on.body.active, true, on.text);
    assert.ok(!fixture.inactive(await row()), 'the column says active again');
    if (fixture.userDefaults) assert.ok(fixture.userDefaults(await row()), 'the created row holds its defaults, untouched by PUT and PATCH');
    await pushGroup(call, server, fixture, db, id);
  } finally {
    await server.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: init → check → simulate → serve → Okta, on schemas nobody designed for SCIM`, () => {
    for (const fixture of FIXTURES) {
      test(fixture.name, async () => {
        const db = await createTestDb(dialect);
        const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-e2e-'));
        try {
          await fixture.create(db.knex, dialect);
          const file = await runInit(db, dir);

          const checked = capture(dir);
          assert.equal(await main(['check', '--config', 'scim.yaml'], checked.io), 0, checked.err());
          assert.match(checked.out(), /✓ User: \d+ in table /);
          if (fixture.warning) assert.match(checked.err(), fixture.warning);
          else assert.doesNotMatch(checked.err(), /warning/);

          const before = await checksum(db);
          for (const idp of ['okta', 'entra']) {
            const sim = capture(dir);
            const code = await main(['check', '--config', 'scim.yaml', '--samples', '0', '--simulate', idp], sim.io);
            const failing = fixture.simulateFailsAt;
            assert.equal(code, failing ? 1 : 0, `${idp}:\n${sim.out()}\n${sim.err()}`);
            assert.match(sim.out(), /rolled back: nothing was kept/);
            if (failing) {
              assert.match(sim.out(), new RegExp(`✗ +\\d+\\. ${failing.step}`));
              assert.match(sim.out(), failing.cause);
            } else {
              assert.doesNotMatch(sim.out(), /✗/);
              assert.match(sim.out(), /✓ +\d+\. deprovision/);
              // The group push adds the simulated user as a member; mapped emails are written and read back.
              if (/Group: \d+ in table/.test(checked.out())) assert.match(sim.out(), /✓ +\d+\. add the user as a member/);
              if (/"emails"/.test(sim.out()) || /emails/.test(checked.out())) assert.match(sim.out(), /✓ +\d+\. change the work email|emails are not mapped/);
            }
            assert.deepEqual(await checksum(db), before, `${idp} left nothing behind`);
          }
          await okta(file, fixture, db);
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await db.cleanup();
        }
      });
    }
  });
}
