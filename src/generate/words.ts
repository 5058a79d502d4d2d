/**
 * Table and column names as words: `user_pass`, `userPass`, `UserPass` and `USERPASS`'s known
 * compounds all read as ["user", "password"], so the rules match words, not spellings. Pure.
 */

/**
 * Whole lower-case words written without separators, abbreviations and variant spellings, as the
 * canonical words the rules and the dictionary use. Kept small: only what real schemas spell so.
 */
const CANONICAL: Readonly<Record<string, string>> = {
  firstname: 'first name', lastname: 'last name', middlename: 'middle name', givenname: 'given name',
  familyname: 'family name', fname: 'first name', lname: 'last name', mname: 'middle name',
  username: 'user name', userid: 'user id', usergroup: 'user group', usergroups: 'user groups', groupid: 'group id',
  teamid: 'team id', fullname: 'full name', displayname: 'display name', nm: 'name', nick: 'nickname',
  emailaddress: 'email address', mail: 'email', phonenumber: 'phone number', jobtitle: 'job title',
  timecreated: 'time created', timemodified: 'time modified', createdate: 'create date', updatedate: 'update date',
  datecreated: 'date created', datemodified: 'date modified', datejoined: 'date joined', regdate: 'registration date',
  lastlogin: 'last login', lastvisit: 'last visit', idnumber: 'id number', empno: 'employee number',
  apikey: 'api key', otpkey: 'otp key', privatekey: 'private key', passwd: 'password', pwd: 'password', pass: 'password',
  tz: 'timezone', lang: 'language', dept: 'department', mgr: 'manager', emp: 'employee', tel: 'phone', telephone: 'phone',
  cell: 'mobile', addr: 'address', no: 'number', num: 'number', nbr: 'number', nr: 'number', ext: 'external',
  extern: 'external', ref: 'reference', org: 'organization', orgs: 'organizations', organisation: 'organization',
  organisations: 'organizations', centre: 'center', desc: 'description', isactive: 'is active', usr: 'user', ts: 'timestamp', dt: 'date',
};

/**
 * The words of a name: split at `_`, `-`, spaces, camelCase and PascalCase humps, acronym ends
 * (`SAMLNameId` → saml name id) and a letter followed by a digit (`phone1` → phone 1); lower-cased;
 * known compounds and abbreviations replaced by their canonical words.
 */
export function splitWords(name: string): readonly string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .flatMap((w) => (CANONICAL[w.toLowerCase()] ?? w.toLowerCase()).split(' '));
}

/** The same words joined by spaces: the form the dictionary's phrases are written in. */
export function phraseOf(name: string): string {
  return splitWords(name).join(' ');
}

/**
 * Prefixes applications put before every table (`wp_`, `jos_`, `mdl_`, `phpbb_`, `kimai2_`, Django's
 * `auth_`, Odoo's `res_`): stripped before a table's name is read as words. The schema's own shared
 * prefix is found by `schemaPrefixes`.
 */
export const KNOWN_PREFIXES: readonly string[] = [
  'xx_', 'wp_', 'app_', 'tbl_', 'tb_', 'jos_', 'mdl_', 'phpbb_', 'kimai2_', 'guacamole_', 'zerver_', 'sentry_',
  'auth_', 'res_', 'ab_', 'core_', 'oc_', 'authentik_core_',
];

/**
 * Prefixes shared by most of the schema's tables (`xx_users`, `xx_groups`, `xx_group_users`): a first
 * segment ending in `_` that at least three tables and half of them carry.
 */
export function schemaPrefixes(tables: readonly string[]): readonly string[] {
  const counts = new Map<string, number>();
  for (const name of tables) {
    const prefix = /^([A-Za-z0-9]+_)./.exec(name)?.[1]?.toLowerCase();
    if (prefix !== undefined) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const shared = [...counts].filter(([, n]) => n >= 3 && n * 2 >= tables.length).map(([p]) => p);
  return [...new Set([...shared, ...KNOWN_PREFIXES])].sort((a, b) => b.length - a.length);
}

/** `xx_user_groups` → `user_groups` (never down to nothing: `auth_` alone stays). */
export function stripPrefix(name: string, prefixes: readonly string[]): string {
  const lower = name.toLowerCase();
  const prefix = prefixes.find((p) => lower.startsWith(p) && name.length > p.length);
  return prefix === undefined ? name : name.slice(prefix.length);
}

/** users → user, people → person, categories → category, statuses → status, addresses → address. */
export function singular(word: string): string {
  if (word === 'people') return 'person';
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|us)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/** A table's words without its prefix, each singular: `kimai2_users_teams` → ["user", "team"]. */
export function tableWords(name: string, prefixes: readonly string[]): readonly string[] {
  return splitWords(stripPrefix(name, prefixes)).map(singular);
}

/** A table's head noun: the last of its words (`user_group_membership` → membership). */
export function headWord(name: string, prefixes: readonly string[]): string {
  const words = tableWords(name, prefixes);
  return words[words.length - 1] ?? name.toLowerCase();
}

/** Whether any of `words` is in `set`. */
export function hasAny(words: readonly string[], set: ReadonlySet<string>): boolean {
  return words.some((w) => set.has(w));
}

/** Whether `phrase` ("api key") occurs in `words` as consecutive words. */
export function hasPhrase(words: readonly string[], phrase: string): boolean {
  const parts = phrase.split(' ');
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (parts.every((p, j) => words[i + j] === p)) return true;
  }
  return false;
}
