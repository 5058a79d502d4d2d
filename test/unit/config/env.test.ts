import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigErrors } from '../../../src/errors.js';
import { expandString } from '../../../src/config/env.js';
import { parseConfigText } from '../../../src/config/load.js';

const FILE = '/etc/scim/config.yaml';

/** A minimal valid config with `extra` lines appended under `server:` (line 6 onwards). */
function config(...server: string[]): string {
  return [
    'database:',
    '  client: postgres',
    '  connection: postgres://u:${PW}@db:5432/app',
    'resources: { User: { table: users, attributes: { userName: email } } }',
    ...(server.length > 0 ? ['server:', ...server] : []),
  ].join('\n');
}

describe('expandString', () => {
  it('replaces a whole value, embedded references and several per string', () => {
    const env = { A: 'x', B: 'y' };
    assert.deepEqual(expandString('${A}', env), { value: 'x', problems: [] });
    assert.deepEqual(expandString('p://${A}:${B}@h/${A}', env), { value: 'p://x:y@h/x', problems: [] });
  });

  it('takes the default when the variable is unset or empty, like the shell', () => {
    assert.equal(expandString('${PORT:-8080}', {}).value, '8080');
    assert.equal(expandString('${PORT:-8080}', { PORT: '' }).value, '8080');
    assert.equal(expandString('${PORT:-8080}', { PORT: '9090' }).value, '9090');
    assert.equal(expandString('${X:-}', {}).value, '');
    assert.equal(expandString('${X:-a:-b c}', {}).value, 'a:-b c');
  });

  it('keeps a set-but-empty variable without default as ""', () => {
    assert.deepEqual(expandString('${EMPTY}', { EMPTY: '' }), { value: '', problems: [] });
  });

  it('writes a literal "${" for "$${" and leaves other dollars alone', () => {
    assert.equal(expandString('$${HOME} costs $5 and $$', { HOME: '/root' }).value, '${HOME} costs $5 and $$');
    assert.equal(expandString('$${A}${A}', { A: 'x' }).value, '${A}x');
  });

  it('reports every missing variable, not just the first', () => {
    const { problems } = expandString('${A}/${B}', {});
    assert.deepEqual(problems.map((p) => p.problem), ['environment variable A is not set', 'environment variable B is not set']);
    assert.equal(problems[0]?.hint, 'export A=… or write ${A:-default}');
  });

  it('reports malformed and unterminated references', () => {
    assert.match(expandString('${not valid}', {}).problems[0]?.problem ?? '', /not a valid variable reference/);
    assert.match(expandString('${}', {}).problems[0]?.problem ?? '', /not a valid variable reference/);
    assert.match(expandString('abc ${OPEN', {}).problems[0]?.problem ?? '', /unterminated/);
  });
});

describe('env expansion in the config file', () => {
  it('expands values and keeps numeric expansions as strings until the schema coerces them', () => {
    const loaded = parseConfigText(
      config('  port: ${PORT:-8080}', '  host: "${HOST}"', '  basePath: /$${literal}'),
      FILE,
      { PW: 's3cr:et #x', HOST: '127.0.0.1' },
    );
    assert.equal(loaded.raw.database.connection, 'postgres://u:s3cr:et #x@db:5432/app');
    assert.equal(loaded.raw.server?.port, 8080);
    assert.equal(loaded.raw.server?.host, '127.0.0.1');
    assert.equal(loaded.raw.server?.basePath, '/${literal}');
  });

  it('does not turn a whole-value expansion into a number where a string is wanted', () => {
    const loaded = parseConfigText(config('  host: ${HOST}'), FILE, { PW: 'p', HOST: '10' });
    assert.equal(loaded.raw.server?.host, '10');
  });

  it('reports a missing variable at the scalar line:column with the fix', () => {
    assert.throws(
      () => parseConfigText(config('  port: 1', '  host: "${SCIM_HOST}"'), FILE, {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigErrors);
        assert.deepEqual(
          e.errors.map((x) => [x.position.file, x.position.line, x.position.column, x.path, x.problem, x.hint]),
          [
            [FILE, 3, 15, 'database.connection', 'environment variable PW is not set', 'export PW=… or write ${PW:-default}'],
            [FILE, 7, 9, 'server.host', 'environment variable SCIM_HOST is not set', 'export SCIM_HOST=… or write ${SCIM_HOST:-default}'],
          ],
        );
        return true;
      },
    );
  });

  it('reports a missing variable inside a flow sequence at the item', () => {
    const text = [config(), 'auth:', '  bearer: [ "${SCIM_TOKEN}" ]'].join('\n');
    assert.throws(
      () => parseConfigText(text, FILE, { PW: 'p' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigErrors);
        assert.equal(e.errors.length, 1, 'the empty token is not reported a second time by the schema');
        const [only] = e.errors;
        assert.deepEqual([only?.position.line, only?.position.column, only?.path], [6, 13, 'auth.bearer[0]']);
        assert.equal(only?.problem, 'environment variable SCIM_TOKEN is not set');
        assert.match(only?.message ?? '', /fix: export SCIM_TOKEN=… or write \$\{SCIM_TOKEN:-default\}/);
        return true;
      },
    );
  });

  it('does not expand map keys', () => {
    const text = config().replace('userName: email', '"${K}": email');
    const loaded = parseConfigText(text, FILE, { PW: 'p', K: 'userName' });
    assert.deepEqual(Object.keys(loaded.raw.resources['User']?.attributes ?? {}), ['${K}']);
  });
});
