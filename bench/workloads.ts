/**
 * The workloads, as the identity providers send them. A route is one request shape (one traced
 * statement template for the raw handler, one fixed body for bare Koa); a workload is a
 * sequence of requests over one or more routes. Requests are a function of their sequence
 * number k, so every variant of a rep sends the same requests.
 */
import { BASE_PATH } from './config.js';
import { BIG_TEAM_ID, draw, employeeRefOf, loginOf, outsidersOfBigTeam, userAt } from './directory/shape.js';
import type { Params } from './raw/template.js';

export interface RequestSpec {
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path of the SCIM request (with the base path and query string). */
  readonly path: string;
  readonly body?: string;
  /** The values the raw handler substitutes into the traced statements. */
  readonly params: Params;
}

export interface Context {
  readonly users: number;
  /** Entra's `emails[type eq "work"].value eq` spelling, or the RFC 7644 equivalent when the engine refuses it. */
  emailSpelling: 'entra' | 'rfc';
  /** Makes POSTed userNames unique across runs. */
  readonly nonce: string;
}

export interface LoadWorkload {
  readonly kind: 'load';
  readonly name: string;
  readonly title: string;
  /** Writes: 10 connections by default, and the directory is reset after each run. */
  readonly writes: boolean;
  /** Also measured against the raw handler running the engine's write statements alone. */
  readonly writesFloor?: true;
  /** Connections for this workload whatever the options say (one client reading the big group). */
  readonly connections?: number;
  readonly routes: readonly string[];
  request(ctx: Context, k: number): RequestSpec;
}

export interface WalkWorkload {
  readonly kind: 'walk';
  readonly name: string;
  readonly title: string;
  readonly mode: 'startIndex' | 'cursor';
  readonly routes: readonly string[];
}

export type Workload = LoadWorkload | WalkWorkload;

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const q = (filter: string) => encodeURIComponent(filter);
/** A user drawn uniformly (and deterministically) from the directory. */
const anyUser = (ctx: Context, k: number) => 1 + Math.floor(draw(k, 99) * ctx.users);

/** The k-th user of a walk through the directory that visits every user once per pass (7919 is prime). */
function activeUser(ctx: Context, k: number): number {
  let i = 1 + ((k * 7919) % ctx.users);
  while (userAt(i).status !== 'active') i = (i % ctx.users) + 1;
  return i;
}

const byUserName = (i: number): RequestSpec => ({ route: 'username', method: 'GET', params: { userName: loginOf(i) },
  path: `${BASE_PATH}/Users?filter=${q(`userName eq "${loginOf(i)}"`)}&startIndex=1&count=100` });
const byExternalId = (i: number): RequestSpec => ({ route: 'externalid', method: 'GET', params: { externalId: employeeRefOf(i) },
  path: `${BASE_PATH}/Users?filter=${q(`externalId eq "${employeeRefOf(i)}"`)}` });
const byEmail = (ctx: Context, i: number): RequestSpec => ({ route: 'email', method: 'GET', params: { email: loginOf(i) },
  path: `${BASE_PATH}/Users?filter=${q(ctx.emailSpelling === 'entra' ? `emails[type eq "work"].value eq "${loginOf(i)}"` : `emails[type eq "work" and value eq "${loginOf(i)}"]`)}` });
const getBigGroup = (): RequestSpec => ({ route: 'group-get', method: 'GET', params: { group: BIG_TEAM_ID }, path: `${BASE_PATH}/Groups/group-${BIG_TEAM_ID}` });
const getUser = (i: number): RequestSpec => ({ route: 'get', method: 'GET', params: { id: i }, path: `${BASE_PATH}/Users/user-${i}` });

/** Okta's deactivation body; once every user has been deactivated, the next pass reactivates (each request changes the row). */
function patchActive(ctx: Context, k: number): RequestSpec {
  const active = Math.floor(k / ctx.users) % 2 === 1;
  const i = activeUser(ctx, k);
  return { route: 'patch', method: 'PATCH', params: { id: i }, path: `${BASE_PATH}/Users/user-${i}`,
    body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] }) };
}

/** Okta's create body (its SCIM 2.0 guide), with a userName no run has used. */
function postUser(ctx: Context, k: number): RequestSpec {
  const userName = `new.hire.${ctx.nonce}.${k}@example.org`;
  return { route: 'post', method: 'POST', params: { userName }, path: `${BASE_PATH}/Users`,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'New', familyName: 'Hire' },
      emails: [{ primary: true, value: userName, type: 'work' }], displayName: 'New Hire', locale: 'en-US', externalId: `00u${ctx.nonce}${k}`,
      groups: [], password: '1mz050nq', active: true }) };
}

/**
 * 100 users who are not members of the big group, a different 100 each request; when they run
 * out, the next pass removes them again (Okta's one remove per member), then adds, and so on.
 */
function memberChange(ctx: Context, k: number): RequestSpec {
  const outsiders = outsidersOfBigTeam(ctx.users);
  const batches = Math.max(1, Math.floor(outsiders.count / 100));
  const first = outsiders.first + (k % batches) * 100;
  const members = Array.from({ length: 100 }, (_, j) => first + j);
  const adding = Math.floor(k / batches) % 2 === 0;
  const Operations = adding
    ? [{ op: 'add', path: 'members', value: members.map((m) => ({ value: `user-${m}` })) }]
    : members.map((m) => ({ op: 'remove', path: `members[value eq "user-${m}"]` }));
  return { route: adding ? 'member-add' : 'member-remove', method: 'PATCH', params: { group: BIG_TEAM_ID, members },
    path: `${BASE_PATH}/Groups/group-${BIG_TEAM_ID}`, body: JSON.stringify({ schemas: [PATCH_OP], Operations }) };
}

/** Out of every 20 requests: 9 userName, 2 externalId, 1 email lookups, 4 GETs, 3 deactivations, 1 create. */
const MIX = ['username', 'get', 'patch', 'username', 'externalid', 'username', 'get', 'username', 'patch', 'email',
  'username', 'get', 'post', 'username', 'externalid', 'username', 'get', 'username', 'patch', 'username'] as const;

function mixed(ctx: Context, k: number): RequestSpec {
  const slot = MIX[k % MIX.length] as (typeof MIX)[number];
  const round = Math.floor(k / MIX.length);
  switch (slot) {
    case 'username': return byUserName(anyUser(ctx, k));
    case 'externalid': return byExternalId(anyUser(ctx, k));
    case 'email': return byEmail(ctx, anyUser(ctx, k));
    case 'get': return getUser(anyUser(ctx, k));
    case 'patch': return patchActive(ctx, round * 3 + (k % 7));
    case 'post': return postUser(ctx, k);
  }
}

export const WORKLOADS: readonly Workload[] = [
  { kind: 'load', name: 'username', title: 'Okta userName eq (existence check)', writes: false, routes: ['username'], request: (ctx, k) => byUserName(anyUser(ctx, k)) },
  { kind: 'load', name: 'externalid', title: 'Entra externalId eq', writes: false, routes: ['externalid'], request: (ctx, k) => byExternalId(anyUser(ctx, k)) },
  { kind: 'load', name: 'email', title: 'Entra emails[type eq "work"].value eq', writes: false, routes: ['email'], request: (ctx, k) => byEmail(ctx, anyUser(ctx, k)) },
  { kind: 'load', name: 'get', title: 'GET /Users/{id}', writes: false, routes: ['get'], request: (ctx, k) => getUser(anyUser(ctx, k)) },
  { kind: 'load', name: 'patch', writesFloor: true, title: 'PATCH active=false (Okta)', writes: true, routes: ['patch'], request: patchActive },
  { kind: 'load', name: 'post', writesFloor: true, title: 'POST /Users (Okta)', writes: true, routes: ['post'], request: postUser },
  { kind: 'load', name: 'member-add', writesFloor: true, title: 'add 100 members to the big group', writes: true, routes: ['member-add', 'member-remove'], request: memberChange },
  { kind: 'load', name: 'group-get', title: 'GET the big group with every member (one client)', writes: false, connections: 1, routes: ['group-get'], request: getBigGroup },
  { kind: 'walk', name: 'walk-index', title: 'Okta import: startIndex walk, count=100', mode: 'startIndex', routes: ['walk-index-first', 'walk-index'] },
  { kind: 'walk', name: 'walk-cursor', title: 'RFC 9865 cursor walk, count=100', mode: 'cursor', routes: ['walk-cursor-first', 'walk-cursor'] },
  { kind: 'load', name: 'mix', title: 'mix (9 userName, 2 externalId, 1 email, 4 GET, 3 PATCH, 1 POST per 20)', writes: true,
    routes: ['username', 'externalid', 'email', 'get', 'patch', 'post'], request: mixed },
];

/** A user of the directory with distinctive values (id ≥ 100, active) for tracing. */
export function sampleUser(ctx: Context): number {
  return activeUser(ctx, 1);
}

/** The sample request of each route (the walk routes are sampled by walk.ts, which knows cursors). */
export function sampleRequest(ctx: Context, route: string): RequestSpec | undefined {
  const i = sampleUser(ctx);
  switch (route) {
    case 'username': return byUserName(i);
    case 'externalid': return byExternalId(i);
    case 'email': return byEmail(ctx, i);
    case 'get': return getUser(i);
    case 'patch': return patchActive(ctx, 1);
    case 'post': return postUser(ctx, 1_000_000_007);
    case 'member-add': return memberChange(ctx, 1);
    case 'group-get': return getBigGroup();
    default: return undefined;
  }
}
