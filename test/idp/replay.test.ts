/**
 * Recorded identity-provider traffic (STYLE §9): every test/idp/<idp>/*.json is
 * `{description, source, steps: [{method, path, body?, status, expect?}]}`, replayed in order
 * through a real server on every dialect. `{id}` in a path or body is the id of the resource
 * the first 201 created; `expect` is a partial match (objects by key, everything else exactly).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { DIALECTS } from '../helpers/db.js';
import { withServer } from '../helpers/server.js';
import { createAppUsersExtended, extendedUsersYaml } from '../fixtures/app-users.js';

interface Step { readonly method: string; readonly path: string; readonly body?: unknown; readonly status: number; readonly expect?: unknown }
interface Recording { readonly description: string; readonly source: string; readonly steps: readonly Step[] }

const DIR = new URL('./', import.meta.url);
const RECORDINGS = ['okta', 'entra'].flatMap((idp) => readdirSync(new URL(`${idp}/`, DIR)).filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: `${idp}/${f}`, recording: JSON.parse(readFileSync(new URL(`${idp}/${f}`, DIR), 'utf8')) as Recording })));

/** `expected` is contained in `actual`: objects key by key, anything else deep-equal. */
function contains(actual: unknown, expected: unknown, at: string): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object', `${at}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) contains((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
  } else {
    assert.deepEqual(actual, expected, at);
  }
}

const withId = (value: unknown, id: string): unknown => JSON.parse(JSON.stringify(value).replaceAll('{id}', id));

for (const dialect of DIALECTS) {
  describe(`${dialect}: recorded IdP requests`, () => {
    for (const { name, recording } of RECORDINGS) {
      test(`${name}: ${recording.description}`, async () => {
        await withServer(dialect, createAppUsersExtended, extendedUsersYaml(), async (h) => {
          let id = '{id}';
          for (const [i, step] of recording.steps.entries()) {
            const res = await h.request(step.method, step.path.replaceAll('{id}', id), step.body === undefined ? undefined : withId(step.body, id));
            const where = `${name} step ${i + 1} (${step.method} ${step.path})`;
            assert.equal(res.status, step.status, `${where}: ${res.text}`);
            if (res.status === 201 && id === '{id}') id = res.body.id as string;
            if (step.expect !== undefined) contains(res.body, withId(step.expect, id), where);
          }
        });
      });
    }
  });
}

test('every recording names its source', () => {
  assert.ok(RECORDINGS.length >= 10);
  for (const { name, recording } of RECORDINGS) assert.match(recording.source, /^https:\/\//, name);
});
