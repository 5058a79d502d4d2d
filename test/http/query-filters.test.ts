/**
 * RFC 7644 §3.4.2.2's own example filters, on a three-user fixture, through the HTTP list
 * endpoint on every dialect; and bad filters, which are always 400 invalidFilter (never a 500,
 * never an empty list).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { createPeople, PEOPLE_YAML, toRow, type Person } from '../fixtures/query-users.js';

const base: Person = { user_name: '', external_id: null, given_name: null, family_name: null, display_name: null, job_title: null, work_email: null,
  home_email: null, active: null, emp_no: null, department: null, cost_center: null, created_at: null, updated_at: null, deleted: false };
const USERS: Person[] = [
  { ...base, user_name: 'bjensen', family_name: "O'Malley", job_title: 'Tour Guide', work_email: 'bjensen@example.com', updated_at: '2011-05-13T04:42:34.000Z' },
  { ...base, user_name: 'Jsmith', family_name: 'Smith', work_email: 'j@example.org', updated_at: '2011-05-13T04:42:35.000Z' },
  { ...base, user_name: 'alice', family_name: 'Jones', job_title: '', home_email: 'alice@example.com', updated_at: '2011-05-13T04:42:33.000Z' },
];
const seed = (client: string) => async (knex: Knex) => { await createPeople(knex); await knex('people').insert(USERS.map((u, i) => toRow(client, u, i))); };

/** RFC 7644 §3.4.2.2 examples (userType/ims/schemas are not mapped here; see BAD) → expected user numbers. */
const RFC_EXAMPLES: readonly [string, number[]][] = [
  ['userName eq "bjensen"', [1]],
  ['name.familyName co "O\'Malley"', [1]],
  ['userName sw "J"', [2]],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', [2]],
  ['title pr', [1]],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', [2]],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', [1, 2]],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', [3]],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', [1, 3]],
  ['title pr and userName ne "Employee"', [1]],
  ['emails co "example.com" or emails.value co "example.org"', [1, 2, 3]],
  ['not (emails co "example.com" or emails.value co "example.org")', []],
  ['emails.type eq "work"', [1, 2]],
  ['emails[type eq "work" and value co "@example.com"]', [1]],
  ['emails[type eq "work" and value co "@example.com"] or emails[type eq "home" and value co "@example.com"]', [1, 3]],
  ['USERNAME EQ "BJENSEN"', [1]],
];

const BAD: readonly string[] = [
  'title pr and userType eq "Employee"', // unmapped attribute
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  'nosuch eq "x"', 'userName eq', 'userName eq "x" and', 'userName equals "x"', 'userName eq x',
  '((userName eq "x")', 'userName eq "x")', 'emails[type eq "work"', 'emails[type eq "work"]]', '"x" eq userName',
  'active eq "yes"', 'userName gt true', 'meta.lastModified gt "not a date"', 'meta.lastModified co "2011"',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber co "1"', 'userName eq 1', 'id gt "x"',
  'meta.version eq "x"', 'emails[value[type eq "a"]]', 'userName eq "\\x"', '',
  `userName eq "${'x'.repeat(10_000)}"`,
  `${'('.repeat(5000)}userName pr${')'.repeat(5000)}`,
  `${'('.repeat(60)}userName pr${')'.repeat(60)}`,
  `${'not ('.repeat(60)}userName pr${')'.repeat(60)}`,
  Array.from({ length: 1200 }, () => 'userName pr').join(' or '),
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: RFC 7644 §3.4.2.2 filter examples and bad filters`, () => {
    test('examples evaluate as the RFC says; bad filters are 400 invalidFilter', { timeout: 60_000 }, async () => {
      await withServer(dialect, seed(dialect), PEOPLE_YAML, async ({ request }) => {
        const all = (await request('GET', '/Users')).body.Resources.map((r: { id: string }) => r.id) as string[];
        for (const [filter, expected] of RFC_EXAMPLES) {
          const res = await request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
          assert.equal(res.status, 200, `${filter}: ${res.text}`);
          assert.deepEqual(res.body.Resources.map((r: { id: string }) => r.id), expected.map((n) => all[n - 1]), filter);
        }
        for (const filter of BAD) {
          const url = `/Users?filter=${encodeURIComponent(filter)}`;
          // Node refuses request heads over 16 KiB itself (431) before any SCIM code runs; POST carries any length.
          const viaGet = url.length > 16_000 ? [] : [await request('GET', url)];
          for (const res of [...viaGet, await request('POST', '/Users/.search', { filter })]) {
            assert.equal(res.status, 400, `${filter.slice(0, 80)}: ${res.text.slice(0, 200)}`);
            assert.equal(res.body.scimType, 'invalidFilter', filter.slice(0, 80));
          }
        }
      });
    });
  });
}
