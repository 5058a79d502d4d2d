/**
 * The dictionary: phrases of canonical words (see words.ts) → the SCIM path they suggest, best
 * phrase first. A column matches when its words, or its words without a leading owner word
 * (`user_email`, `usr_first_nm` in a users table), equal a phrase. Data plus one matcher. Pure.
 */
import type { ColumnKind, DbColumn } from '../mapping/db-schema.js';
import { splitWords } from './words.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const MANAGER_PATH = `${ENTERPRISE}:manager.value`;

export interface PathEntry {
  readonly path: string;
  /** Phrases in canonical words, best first. */
  readonly phrases: readonly string[];
  readonly kinds: readonly ColumnKind[];
}

const TEXT: readonly ColumnKind[] = ['string'];
/** Timestamps: a date-time column, or an integer holding Unix time (see epoch.ts). */
export const TIME: readonly ColumnKind[] = ['dateTime', 'integer'];

const entry = (path: string, phrases: string, kinds: readonly ColumnKind[] = TEXT): PathEntry =>
  ({ path, phrases: phrases.split(',').map((p) => p.trim()), kinds });

export const CREATED = entry('meta.created',
  'created, created at, create at, created on, created date, create date, creation date, creation time, create time, created time, ' +
  'date created, time created, date joined, joined, joined at, inserted at, registered, registered at, registration date, ' +
  'register date, created unix, creation, created timestamp, create timestamp, creation timestamp, timestamp created, date created', TIME);

export const MODIFIED = entry('meta.lastModified',
  'updated, updated at, update at, updated on, updated date, update date, update time, updated time, modified, modified at, ' +
  'modified on, last modified, date modified, time modified, modified date, changed, changed on, changed at, write date, ' +
  'last updated, last update, updated unix, updated timestamp, update timestamp, modified timestamp, timestamp updated, timestamp modified', TIME);

/** The User's paths (RFC 7643 §4.1, §4.3). userName, active and manager have their own rules. */
export const USER_ENTRIES: readonly PathEntry[] = [
  entry('emails[type eq "work"].value', 'email, email address, work email, office email, business email, corporate email, primary email, email 1'),
  entry('emails[type eq "home"].value', 'personal email, private email, home email, alternate email, alternative email, secondary email, other email, email 2'),
  entry('externalId', 'external id, external reference, external key, external uid, external user id, external identifier, saml name id, ' +
    'name id, scim id, scim external id, idp id, sso id, identity provider id, remote id'),
  entry('name.givenName', 'first name, given name, given, forename, first, christian name'),
  entry('name.familyName', 'last name, family name, surname, last, family'),
  entry('name.middleName', 'middle name, middle, middle initial'),
  entry('name.honorificPrefix', 'salutation, honorific prefix, honorific'),
  entry('displayName', 'display name, full name, shown name, name, display, real name, public name'),
  entry('nickName', 'nickname, nick name, preferred name, alias'),
  entry('title', 'title, job title, position, job, job position, designation, occupation'),
  entry('preferredLanguage', 'preferred language, language, language code, default language'),
  entry('locale', 'locale, locale code, preferred locale'),
  entry('timezone', 'timezone, time zone'),
  entry('profileUrl', 'profile url, profile link, homepage, home page, website, web, url'),
  entry('phoneNumbers[type eq "work"].value', 'phone, phone number, work phone, office phone, business phone, phone 1'),
  entry('phoneNumbers[type eq "mobile"].value', 'mobile, mobile phone, mobile number, phone 2'),
  entry('phoneNumbers[type eq "fax"].value', 'fax, fax number'),
  entry('photos[type eq "photo"].value', 'avatar url, photo url, picture url, image url, profile image url, profile picture url'),
  CREATED,
  MODIFIED,
  entry(`${ENTERPRISE}:employeeNumber`, 'employee number, staff code, staff number, payroll, payroll number, payroll id, employee code, ' +
    'personnel number, badge number, id number, employee id'),
  entry(`${ENTERPRISE}:costCenter`, 'cost center, cost code'),
  entry(`${ENTERPRISE}:organization`, 'organization, company, institution, employer, organization name, company name, firm'),
  entry(`${ENTERPRISE}:division`, 'division, business unit'),
  entry(`${ENTERPRISE}:department`, 'department, department name, section'),
];

/** The Group's paths (RFC 7643 §4.2). */
export const GROUP_ENTRIES: readonly PathEntry[] = [
  entry('displayName', 'display name, name, title, group name, team name, label, full name'),
  entry('externalId', 'external id, external reference, external key, external uid, external identifier, scim id, remote id, idp id'),
  CREATED,
  MODIFIED,
];

/** Login names: userName's first choice (then the email). */
export const LOGIN_PHRASES: readonly string[] = [
  'login', 'user name', 'login name', 'handle', 'account name', 'uid', 'screen name', 'user login', 'login id', 'sam account name',
];

/** Words a users table puts before its own columns (`user_email`, `usr_login`, `member_name`). */
export const OWNER_WORDS: ReadonlySet<string> = new Set(['user', 'member', 'person', 'account', 'employee', 'staff', 'profile', 'u']);
/** Words a groups table puts before its own columns (`group_name`, `squad_name`, `cohort_title`). */
export const GROUP_OWNER_WORDS: ReadonlySet<string> = new Set(['group', 'team', 'cohort', 'squad', 'circle', 'role', 'usergroup', 'department', 'guild']);

/** The phrase of a column's words, and the same without a leading owner word. */
export function phrasesOf(column: string, ownerWords: ReadonlySet<string> = OWNER_WORDS): readonly string[] {
  const words = splitWords(column);
  const whole = words.join(' ');
  const [first, ...rest] = words;
  const owned = first !== undefined && ownerWords.has(first) && rest.length > 0 ? rest.join(' ') : undefined;
  const flag = first === 'is' || first === 'has' ? rest.join(' ') : undefined;
  return [whole, ...(owned !== undefined ? [owned] : []), ...(flag !== undefined ? [flag] : [])];
}

/** How well a column fits an entry: the index of the first phrase it matches (lower is better), or undefined. */
export function phraseRank(column: DbColumn, entry: PathEntry, ownerWords?: ReadonlySet<string>): number | undefined {
  if (!entry.kinds.includes(column.kind)) return undefined;
  const own = phrasesOf(column.name, ownerWords);
  const rank = entry.phrases.findIndex((p) => own.includes(p));
  return rank < 0 ? undefined : rank;
}
