/**
 * The benchmark directory as a pure function of its size: user i (1-based) has the same login,
 * names, emails and phones on every dialect and every run, so the load generator can name any
 * user without reading the database, and a cached directory is known to be the one asked for.
 */

/** Bumped whenever the shape changes, so cached directories of an older shape are rebuilt. */
export const SHAPE_VERSION = 1;
export const TEAMS = 1000;
/** The big group (the "everyone" team): its id and its size for a directory of `users`. */
export const BIG_TEAM_ID = 1000;
export const bigTeamSize = (users: number): number => Math.min(100_000, Math.floor(users / 2));

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Wei', 'Fatima', 'Ahmed', 'Yuki', 'Priya', 'Olga',
  'Chen', 'Amara', 'Lars', 'Sofia', 'Mateo', 'Aisha', 'Noah', 'Emma', 'Liam', 'Zoe', 'Ravi', 'Ingrid', 'Kofi', 'Hana'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Nakamura', 'Okafor', 'Novak', 'Kowalski', 'Haddad', 'Singh', 'Kim', 'Nguyen', 'Schmidt', 'Rossi', 'Dubois', 'Andersen', 'Silva'];
const TITLES = ['Software Engineer', 'Senior Software Engineer', 'Product Manager', 'Designer', 'Account Executive', 'Support Specialist',
  'Data Analyst', 'Engineering Manager', 'Recruiter', 'Finance Analyst', 'Director', 'Site Reliability Engineer'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Support', 'Finance', 'People', 'Legal', 'Operations', 'Product', 'Security'];

/** A 32-bit integer hash of (i, salt) mapped to [0, 1): the same user gets the same draws. */
export function draw(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const pick = <T>(list: readonly T[], i: number, salt: number): T => list[Math.floor(draw(i, salt) * list.length)] as T;

export interface User {
  readonly id: number;
  readonly login: string;
  readonly employeeRef: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly jobTitle: string;
  readonly department: string;
  readonly status: 'active' | 'suspended';
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const EPOCH = Date.UTC(2016, 0, 4, 9, 0, 0);

/** A GUID-shaped external reference (Entra sends the user's objectId as externalId). */
export function employeeRefOf(i: number): string {
  const hex = (salt: number, n: number) => Math.floor(draw(i, salt) * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(11, 8)}-${hex(12, 4)}-4${hex(13, 3)}-a${hex(14, 3)}-${hex(15, 6)}${hex(16, 6)}`;
}

export function loginOf(i: number): string {
  return `${pick(FIRST, i, 1)}.${pick(LAST, i, 2)}.${i}@example.com`.toLowerCase();
}

export function userAt(i: number): User {
  const firstName = pick(FIRST, i, 1);
  const lastName = pick(LAST, i, 2);
  const createdAt = new Date(EPOCH + Math.floor(i * 137_000 + draw(i, 3) * 60_000));
  return {
    id: i, login: loginOf(i), employeeRef: employeeRefOf(i), firstName, lastName, displayName: `${firstName} ${lastName}`,
    jobTitle: pick(TITLES, i, 4), department: pick(DEPARTMENTS, i, 5),
    status: draw(i, 6) < 0.03 ? 'suspended' : 'active',
    createdAt, updatedAt: new Date(createdAt.getTime() + Math.floor(draw(i, 7) * 400 * 86_400_000)),
  };
}

export interface Email { readonly userId: number; readonly address: string; readonly kind: 'work' | 'home'; readonly primary: boolean }
export interface Phone { readonly userId: number; readonly number: string; readonly kind: 'work' | 'mobile' }

/** Every user has a work email (their login); about 30% also a home address. */
export function emailsOf(i: number): Email[] {
  const work: Email = { userId: i, address: loginOf(i), kind: 'work', primary: true };
  if (draw(i, 8) >= 0.3) return [work];
  return [work, { userId: i, address: `${pick(FIRST, i, 1)}${i}@mail.example.net`.toLowerCase(), kind: 'home', primary: false }];
}

/** About 70% have a work phone and 40% a mobile. */
export function phonesOf(i: number): Phone[] {
  const digits = (salt: number) => String(Math.floor(draw(i, salt) * 1e7)).padStart(7, '0');
  return [
    ...(draw(i, 9) < 0.7 ? [{ userId: i, number: `+1 415 ${digits(10).slice(0, 3)} ${digits(10).slice(3)}`, kind: 'work' as const }] : []),
    ...(draw(i, 17) < 0.4 ? [{ userId: i, number: `+1 628 ${digits(18).slice(0, 3)} ${digits(18).slice(3)}`, kind: 'mobile' as const }] : []),
  ];
}

export interface Team { readonly id: number; readonly name: string; readonly externalRef: string; readonly first: number; readonly size: number }

/**
 * 1,000 teams. The last is the big group (users 1..bigTeamSize); the others have 10 to
 * min(10,000, users/10) members, log-uniformly, as a contiguous run of user ids from a random start.
 */
export function teamsOf(users: number): Team[] {
  const largest = Math.max(10, Math.min(10_000, Math.floor(users / 10)));
  return Array.from({ length: TEAMS }, (_, k) => {
    const id = k + 1;
    if (id === BIG_TEAM_ID) return { id, name: 'Everyone', externalRef: employeeRefOf(-id), first: 1, size: bigTeamSize(users) };
    const size = Math.min(users, Math.round(10 * (largest / 10) ** draw(-id, 20)));
    const first = 1 + Math.floor(draw(-id, 21) * (users - size + 1));
    return { id, name: `${pick(DEPARTMENTS, -id, 22)} team ${id}`, externalRef: employeeRefOf(-id), first, size };
  });
}

/** The users the member-add workload may add to the big group: none of them is a member. */
export function outsidersOfBigTeam(users: number): { first: number; count: number } {
  const size = bigTeamSize(users);
  return { first: size + 1, count: users - size };
}
