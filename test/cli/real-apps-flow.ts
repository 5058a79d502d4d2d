/**
 * What the real-applications test does to a served mapping, as the identity providers do it: the
 * Okta and Entra user sequences, a group push with a member from each, and reads of the seeded
 * rows. Sources: Okta "SCIM 2.0 provisioning" (find by userName with startIndex/count, POST, PUT the
 * whole user, PATCH {active:false}); Microsoft "Develop a SCIM endpoint" (find by userName, POST,
 * PATCH with capitalised ops and "False", group POST then PATCH add members).
 */
import assert from 'node:assert/strict';
import type { CreatedRows, SeededPerson } from '../fixtures/apps/app-fixture.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- SCIM JSON, read freely
export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json; text: string }>;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The person an IdP provisions, shaped like the app's logins (an email, or a plain username). */
export interface Provisioned {
  readonly userName: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
}

/** Logins that are emails get an email userName; others a plain, lower-case one. */
export function provisioned(idp: 'okta' | 'entra', people: readonly SeededPerson[]): Provisioned {
  const byEmail = people.every((p) => p.userName.includes('@'));
  const email = `${idp}.user@example.com`;
  return { userName: byEmail ? email : `${idp}.user`, email, givenName: idp === 'okta' ? 'Olive' : 'Eric', familyName: idp === 'okta' ? 'Okta' : 'Entra' };
}

const find = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

function userBody(p: Provisioned, active = true): Json {
  return {
    schemas: [USER], userName: p.userName, active, displayName: `${p.givenName} ${p.familyName}`,
    name: { givenName: p.givenName, familyName: p.familyName, formatted: `${p.givenName} ${p.familyName}` },
    emails: [{ value: p.email, type: 'work', primary: true }],
  };
}

function ok(r: { status: number; text: string }, status: number | number[], what: string): void {
  const expected = Array.isArray(status) ? status : [status];
  assert.ok(expected.includes(r.status), `${what}: expected ${expected.join(' or ')}, got ${r.status} ${r.text.slice(0, 500)}`);
}

/** Okta: find, create, read, find again, PUT the whole user, deactivate, reactivate. Returns the SCIM id. */
export async function oktaUser(call: Call, p: Provisioned): Promise<string> {
  const none = await call('GET', `${find(p.userName)}&startIndex=1&count=100`);
  ok(none, 200, 'find');
  assert.equal(none.body.totalResults, 0, 'not there yet');
  const created = await call('POST', '/Users', userBody(p));
  ok(created, 201, 'POST /Users');
  const id = created.body.id as string;
  assert.equal(created.body.active, true, 'created active');
  ok(await call('GET', `/Users/${id}`), 200, 'GET');
  const found = await call('GET', `${find(p.userName.toUpperCase())}&startIndex=1&count=100`);
  assert.equal(found.body.totalResults, 1, `found in another case: ${found.text.slice(0, 300)}`);
  const put = await call('PUT', `/Users/${id}`, { ...userBody(p), id, displayName: `${p.givenName} Q. ${p.familyName}` });
  ok(put, 200, 'PUT');
  await setActive(call, id, false, 'okta');
  await setActive(call, id, true, 'okta');
  return id;
}

/** Entra: find, create, PATCH with Replace ops, deactivate with "False" (left deactivated). */
export async function entraUser(call: Call, p: Provisioned): Promise<string> {
  const none = await call('GET', find(p.userName));
  ok(none, 200, 'find');
  assert.equal(none.body.totalResults, 0, 'not there yet');
  const created = await call('POST', '/Users', { ...userBody(p), externalId: `entra-${p.userName}` });
  ok(created, 201, 'POST /Users');
  const id = created.body.id as string;
  const patched = await call('PATCH', `/Users/${id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'Replace', path: 'displayName', value: `${p.givenName} E. ${p.familyName}` }, { op: 'Replace', path: 'name.givenName', value: p.givenName }],
  });
  ok(patched, 200, 'PATCH Replace');
  await setActive(call, id, false, 'entra');
  return id;
}

async function setActive(call: Call, id: string, active: boolean, idp: 'okta' | 'entra'): Promise<void> {
  const op = idp === 'okta' ? { op: 'replace', value: { active } } : { op: 'Replace', path: 'active', value: active ? 'True' : 'False' };
  const r = await call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [op] });
  ok(r, 200, `PATCH active=${active}`);
  assert.equal(r.body.active, active, `the response says active=${active}`);
  const read = await call('GET', `/Users/${id}`);
  assert.equal(read.body.active, active, `a fresh GET says active=${active}`);
  const filtered = await call('GET', `/Users?filter=${encodeURIComponent(`active eq ${active} and id eq "${id}"`)}`);
  assert.equal(filtered.body.totalResults, 1, `active eq ${active} finds it: ${filtered.text.slice(0, 300)}`);
}

/** Okta's group push: create empty, add the member, rename. Entra: create, PATCH Add members. Returns the group id. */
export async function pushGroup(call: Call, idp: 'okta' | 'entra', displayName: string, memberId: string): Promise<string> {
  const created = await call('POST', '/Groups', { schemas: [GROUP], displayName, members: [] });
  ok(created, 201, 'POST /Groups');
  const id = created.body.id as string;
  const add = idp === 'okta'
    ? { op: 'add', path: 'members', value: [{ value: memberId }] }
    : { op: 'Add', path: 'members', value: [{ value: memberId }] };
  ok(await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [add] }), [200, 204], 'PATCH add member');
  if (idp === 'okta') {
    const renamed = await call('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id, displayName: `${displayName} Renamed` } }] });
    ok(renamed, [200, 204], 'PATCH rename');
  }
  const read = await call('GET', `/Groups/${id}`);
  ok(read, 200, 'GET group');
  assert.deepEqual((read.body.members ?? []).map((m: Json) => m.value), [memberId], `the member is listed: ${read.text.slice(0, 300)}`);
  const groups = await call('GET', `/Users/${memberId}?attributes=groups`);
  if (groups.body.groups !== undefined) assert.ok(groups.body.groups.some((g: Json) => g.value === id), 'the user lists the group');
  return id;
}

/** Every user SCIM serves, by userName (lower-cased), with active. */
export async function servedUsers(call: Call): Promise<Map<string, boolean | undefined>> {
  const r = await call('GET', '/Users?count=1000');
  ok(r, 200, 'GET /Users');
  return new Map((r.body.Resources as Json[]).map((u) => [String(u.userName).toLowerCase(), u.active as boolean | undefined]));
}

export async function servedGroups(call: Call): Promise<string[]> {
  const r = await call('GET', '/Groups?count=1000&excludedAttributes=members');
  ok(r, 200, 'GET /Groups');
  return (r.body.Resources as Json[]).map((g) => String(g.displayName));
}

export type { CreatedRows };
