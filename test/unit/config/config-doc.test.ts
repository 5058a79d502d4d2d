/** docs/config.md is generated from the JSON Schema; a schema change without regenerating it fails here. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

it('docs/config.md is up to date with config/scim-bridge.schema.json', () => {
  const script = fileURLToPath(new URL('../../../scripts/gen-config-doc.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stderr}run: node scripts/gen-config-doc.mjs`);
});
