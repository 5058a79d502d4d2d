/**
 * The request sequences Okta and Microsoft Entra ID send when provisioning, as data: the same
 * shapes the HTTP suite replays (test/http/okta-sequence.test.ts), built for the user's own
 * mapping. Sources: Okta "SCIM 2.0 provisioning" guide; Microsoft "Tutorial: develop a SCIM
 * endpoint" (request examples), including Entra's capitalised ops and string booleans.
 */
import { relationsOf, type ResourceMapping } from '../mapping/types.js';
import type { LocalResponse } from './local-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SCIM JSON

export type IdpName = 'okta' | 'entra';
export const IDPS: readonly IdpName[] = ['okta', 'entra'];

/** What the steps share: the bodies to send and the ids the server hands back. */
export interface RunState {
  readonly user: Json;
  readonly userName: string;
  readonly group?: Json;
  /** The displayName the rename step writes (fits the column). */
  readonly groupRename?: string;
  /** The work email the email step writes (undefined: the mapping has no emails). */
  readonly email?: string;
  userId?: string;
  groupId?: string;
}

export interface Step {
  readonly title: string;
  readonly resource: 'User' | 'Group';
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path(s: RunState): string;
  body?(s: RunState): unknown;
  readonly expect: number;
  /** Checks a response with the expected status; records ids; returns a problem, if any. */
  verify?(r: LocalResponse, s: RunState): string | undefined;
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const q = (filter: string): string => encodeURIComponent(filter);
const quote = (v: string): string => JSON.stringify(v);

const found = (n: number) => (r: LocalResponse): string | undefined =>
  r.body?.totalResults === n ? undefined : `expected totalResults ${n}, got ${JSON.stringify(r.body?.totalResults)}`;

const activeIs = (want: boolean) => (r: LocalResponse): string | undefined =>
  r.body?.active === want ? undefined : `the response says active=${JSON.stringify(r.body?.active)}, not ${want}`;

const userPath = (s: RunState): string => `/Users/${encodeURIComponent(s.userId ?? '')}`;
const groupPath = (s: RunState): string => `/Groups/${encodeURIComponent(s.groupId ?? '')}`;

function captured(key: 'userId' | 'groupId') {
  return (r: LocalResponse, s: RunState): string | undefined => {
    if (typeof r.body?.id !== 'string') return 'the response has no id';
    s[key] = r.body.id;
    return undefined;
  };
}

/** Okta changes names on PUT: the whole resource, name and displayName edited. */
function edited(s: RunState): Json {
  const body: Json = { ...s.user, id: s.userId };
  if (body['name'] !== undefined) body['name'] = { ...body['name'], givenName: 'Simone' };
  if (body['displayName'] !== undefined) body['displayName'] = 'Simone Ulation';
  return body;
}

function userSteps(idp: IdpName): Step[] {
  const find = (n: number, title: string): Step => ({
    title, resource: 'User', method: 'GET', expect: 200, verify: found(n),
    path: (s) => `/Users?filter=${q(`userName eq ${quote(s.userName)}`)}${idp === 'okta' ? '&startIndex=1&count=100' : ''}`,
  });
  const active = (value: boolean): Step => ({
    title: value ? 'reactivate (active=true)' : 'deprovision (active=false)', resource: 'User', method: 'PATCH', expect: 200,
    path: userPath, verify: activeIs(value),
    body: () => ({
      schemas: [PATCH_OP],
      Operations: idp === 'okta'
        ? [{ op: 'replace', value: { active: value } }]
        : [{ op: 'Replace', path: 'active', value: value ? 'True' : 'False' }],
    }),
  });
  const update: Step = idp === 'okta'
    ? { title: 'update profile (PUT the whole user)', resource: 'User', method: 'PUT', expect: 200, path: userPath, body: edited }
    : { title: 'update profile (PATCH with Entra "Replace" ops)', resource: 'User', method: 'PATCH', expect: 200, path: userPath, body: entraReplace };
  return [
    find(0, 'find the user by userName (not there yet)'),
    { title: 'create the user', resource: 'User', method: 'POST', path: () => '/Users', body: (s) => s.user, expect: 201, verify: captured('userId') },
    { title: 'read it back', resource: 'User', method: 'GET', path: userPath, expect: 200 },
    find(1, 'find the user by userName'),
    update, active(false), active(true),
  ];
}

/**
 * The IdP changes the work email (Entra: a Replace on `emails[type eq "work"].value`; Okta sends
 * the same through its profile push). The response must carry it: an email the mapping drops would
 * be lost without an error.
 */
function emailStep(idp: IdpName): Step {
  return {
    title: 'change the work email', resource: 'User', method: 'PATCH', expect: 200, path: userPath,
    body: (s) => ({ schemas: [PATCH_OP], Operations: [{ op: idp === 'okta' ? 'replace' : 'Replace', path: 'emails[type eq "work"].value', value: s.email }] }),
    verify: (r, s) => {
      const emails = (r.body?.emails ?? []) as { value?: string }[];
      return emails.some((e) => String(e.value).toLowerCase() === String(s.email).toLowerCase()) ? undefined : `the response's emails do not carry ${String(s.email)}: the mapping dropped it`;
    },
  };
}

/** Entra's update: one capitalised Replace per changed attribute, paths written out. */
function entraReplace(s: RunState): Json {
  const ops: Json[] = [];
  if (s.user['displayName'] !== undefined) ops.push({ op: 'Replace', path: 'displayName', value: 'Simone Ulation' });
  if (s.user['name']?.givenName !== undefined) ops.push({ op: 'Replace', path: 'name.givenName', value: 'Simone' });
  if (s.user['title'] !== undefined) ops.push({ op: 'Replace', path: 'title', value: 'Staff Engineer' });
  if (ops.length === 0 && s.user['externalId'] !== undefined) ops.push({ op: 'Replace', path: 'externalId', value: `${String(s.user['externalId'])}-2` });
  if (ops.length === 0) ops.push({ op: 'Replace', path: 'active', value: 'True' });
  return { schemas: [PATCH_OP], Operations: ops };
}

function groupSteps(idp: IdpName, group: ResourceMapping): Step[] {
  const renamed = (s: RunState): string => s.groupRename ?? 'renamed';
  // A Group with members mapped answers PATCH with 204 No Content (RFC 7644 §3.5.2), as Okta and Entra accept.
  const patched = relationsOf(group).some((r) => r.kind === 'membership' && r.name === 'members') ? 204 : 200;
  const steps: Step[] = [
    { title: 'push a group', resource: 'Group', method: 'POST', path: () => '/Groups', body: (s) => ({ ...s.group, members: [] }), expect: 201, verify: captured('groupId') },
    {
      title: 'find the group by displayName', resource: 'Group', method: 'GET', expect: 200, verify: found(1),
      path: (s) => `/Groups?filter=${q(`displayName eq ${quote(String(s.group?.['displayName']))}`)}`,
    },
    {
      title: 'add the user as a member', resource: 'Group', method: 'PATCH', expect: patched, path: groupPath,
      body: (s) => ({ schemas: [PATCH_OP], Operations: [{ op: idp === 'okta' ? 'add' : 'Add', path: 'members', value: [{ value: s.userId }] }] }),
    },
    {
      title: 'the group lists its member', resource: 'Group', method: 'GET', expect: 200, path: groupPath,
      verify: (r, s) => (((r.body?.members ?? []) as { value?: string }[]).some((m) => m.value === s.userId) ? undefined : `members do not include ${String(s.userId)}`),
    },
    {
      title: 'rename the group', resource: 'Group', method: 'PATCH', expect: patched, path: groupPath,
      body: (s) => ({
        schemas: [PATCH_OP],
        Operations: idp === 'okta' ? [{ op: 'replace', value: { id: s.groupId, displayName: renamed(s) } }] : [{ op: 'Replace', path: 'displayName', value: renamed(s) }],
      }),
    },
  ];
  if (group.delete.mode !== 'forbid') steps.push({ title: 'delete the group', resource: 'Group', method: 'DELETE', path: groupPath, expect: 204 });
  return steps;
}

/** The sequence for one IdP; the email step when emails are mapped; group steps only when a Group resource is mapped. */
export function stepsFor(idp: IdpName, user: ResourceMapping, group: ResourceMapping | undefined): Step[] {
  const steps = userSteps(idp);
  if (mapsEmails(user)) steps.splice(5, 0, emailStep(idp));
  return [...steps, ...(group ? groupSteps(idp, group) : [])];
}

export function mapsEmails(user: ResourceMapping): boolean {
  return user.attributes.some((a) => a.name === 'emails') || relationsOf(user).some((r) => r.name === 'emails');
}
