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
 * Words that schemas glue together without a separator once the humps are gone: PostgreSQL folds
 * an unquoted `CreateAt` to `createat` and `LastPasswordUpdate` to `lastpasswordupdate`. A glued
 * name is split only when every piece is one of these (or a compound above), so ordinary words stay
 * whole. Kept to the words the rules read: times, audit, flags, identity, credentials.
 */
const VOCABULARY: ReadonlySet<string> = new Set([
  'at', 'on', 'by', 'id', 'is', 'has', 'create', 'created', 'update', 'updated', 'delete', 'deleted', 'modify', 'modified', 'change',
  'changed', 'added', 'last', 'first', 'current', 'time', 'date', 'stamp', 'timestamp', 'timestamps', 'access', 'login', 'logout', 'visit',
  'seen', 'active', 'activated', 'enabled', 'disabled', 'verified', 'confirmed', 'locked', 'blocked', 'suspended', 'archived',
  'deactivated', 'expire', 'expires', 'expired', 'allow', 'allowed', 'failed', 'attempts', 'password', 'picture', 'icon', 'email',
  'remote', 'auth', 'data', 'service', 'notify', 'props', 'mfa', 'secret', 'used', 'user', 'team', 'group', 'member', 'owner', 'parent',
  'name', 'display', 'nickname', 'position', 'locale', 'timezone', 'language', 'role', 'roles', 'type', 'source', 'reference',
  'marketing', 'bot', 'invite', 'open', 'scheme', 'company', 'domains', 'constrained', 'cloud', 'limits', 'description', 'count',
  'reset', 'require', 'provider', 'key', 'token', 'hash', 'salt', 'api', 'external', 'internal', 'system', 'guest', 'admin', 'default',
  'primary', 'public', 'private', 'phone', 'mobile', 'address', 'verify', 'approved', 'removed', 'pending',
]);

/** Shortest split of a glued lower-case word into vocabulary words (compounds of 3+ letters too), or undefined. */
function unglue(word: string): readonly string[] | undefined {
  if (word.length < 5 || VOCABULARY.has(word)) return undefined;
  const piece = (p: string): boolean => VOCABULARY.has(p) || (p.length >= 3 && CANONICAL[p] !== undefined);
  const best: (readonly string[] | undefined)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    for (let start = Math.max(0, end - 14); start <= end - 2; start++) {
      const before = best[start];
      const p = word.slice(start, end);
      if (before !== undefined && piece(p) && (best[end] === undefined || before.length + 1 < (best[end]?.length ?? 0))) best[end] = [...before, p];
    }
  }
  const found = best[word.length];
  return found !== undefined && found.length > 1 ? found : undefined;
}

/** One token as canonical words: a known compound, else a glued name split by the vocabulary, else itself. */
function canonicalWords(token: string): readonly string[] {
  const lower = token.toLowerCase();
  const known = CANONICAL[lower];
  if (known !== undefined) return known.split(' ');
  const pieces = unglue(lower);
  return pieces === undefined ? [lower] : pieces.flatMap((p) => (CANONICAL[p] ?? p).split(' '));
}

/**
 * The words of a name: split at `_`, `-`, spaces, camelCase and PascalCase humps, acronym ends
 * (`SAMLNameId` → saml name id) and a letter followed by a digit (`phone1` → phone 1); lower-cased;
 * known compounds and abbreviations replaced by their canonical words; names glued by case folding
 * (`createat`, `emailverified`) split by the vocabulary.
 */
export function splitWords(name: string): readonly string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .flatMap(canonicalWords);
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
