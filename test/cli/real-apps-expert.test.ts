/**
 * The engine on real applications' schemas, through mappings written by hand the way an expert
 * would (test/fixtures/apps/mappings/<app>.yaml, the recipes of docs/recipes.md): the same steps as
 * real-apps.test.ts from `check` on. Where this passes and the init run does not, the gap is init's.
 */
import { describe, test } from 'node:test';
import { existsSync } from 'node:fs';
import { DIALECTS } from '../helpers/db.js';
import { APPS } from '../fixtures/apps/index.js';
import { runApp } from './real-apps-run.js';

/** `<app>.<dialect>.yaml` where a dialect spells the names otherwise, else `<app>.yaml`. */
const mappingFile = (app: string, dialect: string): string | undefined =>
  [`${app}.${dialect}.yaml`, `${app}.yaml`].map((f) => new URL(`../fixtures/apps/mappings/${f}`, import.meta.url).pathname).find((f) => existsSync(f));

for (const app of APPS) {
  if (mappingFile(app.name, 'sqlite') === undefined) continue;
  describe(`${app.name}: the hand-written mapping → check → simulate → serve → Okta and Entra → invariants`, () => {
    for (const dialect of DIALECTS.filter((d) => app.dialects.includes(d))) {
      test(dialect, { timeout: 240_000 }, async () => {
        await runApp(app, dialect, { kind: 'file', file: mappingFile(app.name, dialect) as string }, app.expertGaps);
      });
    }
  });
}
