/**
 * The stages import one way (STYLE.md §1): the pure stages — config, mapping, scim, plan, render and
 * the init generator (generate) —
 * import neither knex nor koa, nor the stages after them (sql, http, cli). A lint rule would say
 * the same; no linter is installed, so this test does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PURE = ['config', 'mapping', 'scim', 'plan', 'render', 'generate'];
const FORBIDDEN = [/from 'knex'/, /from 'koa'/, /from '@koa\/router'/, /from 'koa-bodyparser'/, /from '\.\.\/(sql|http|cli)\//, /from '\.\.\/server\.js'/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

for (const stage of PURE) {
  test(`src/${stage} imports neither knex nor koa nor a later stage`, () => {
    const offenders = files(join('src', stage)).flatMap((file) => {
      const imports = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('import '));
      return imports.filter((line) => FORBIDDEN.some((pattern) => pattern.test(line))).map((line) => `${file}: ${line}`);
    });
    assert.deepEqual(offenders, []);
  });
}
