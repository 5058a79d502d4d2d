/**
 * Issue 10's measure, on real applications' published schemas (test/fixtures/apps/): for each
 * app and dialect, `init` writes the mapping (nothing edited but the token and, for multi-tenant
 * apps, the tenant value given through the environment) → `check` passes without warnings →
 * `check --simulate okta|entra` passes and leaves the database byte-for-byte unchanged → the
 * server serves exactly the seeded people (not the bots, service accounts, system rows or other
 * tenants' people), the disabled person reads active=false → Okta's and Entra's user sequences and
 * group pushes with a member succeed → the application's own invariants hold in SQL.
 * REAL_APPS_REPORT=<file> appends one JSON line per app and dialect (the table in the closing note).
 */
import { describe, test } from 'node:test';
import { DIALECTS } from '../helpers/db.js';
import { APPS } from '../fixtures/apps/index.js';
import { runApp } from './real-apps-run.js';

for (const app of APPS) {
  describe(`${app.name} (${app.stack}): init → check → simulate → serve → Okta and Entra → invariants`, () => {
    for (const dialect of DIALECTS.filter((d) => app.dialects.includes(d))) {
      test(dialect, { timeout: 240_000 }, async (t) => {
        t.diagnostic(await runApp(app, dialect, { kind: 'init' }, app.gaps));
      });
    }
  });
}
