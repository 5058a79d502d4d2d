/**
 * Issue 11 §4: SIGTERM under keep-alive load. A real `scim-bridge serve` process (the CLI's main,
 * as bin/ runs it) serves clients that keep their connections open and send request after request,
 * plus one that stays idle. After SIGTERM: every request sent is answered, the answers say
 * `Connection: close`, a new connection is refused, and the process exits 0 within the grace
 * period — the idle connection does not hold it open.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DIALECTS, createTestDb } from '../helpers/db.js';
import { TOKEN, databaseYaml } from '../helpers/server.js';
import { TEAMS_YAML, createTeamsApp, seedPeople } from '../fixtures/app-groups.js';

const CLIENTS = 8;
const GRACE_MS = 5000;

interface Answer { readonly start: number; readonly end: number; readonly status: number; readonly close: boolean }

function get(agent: Agent, url: string): Promise<Answer> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ start, end: Date.now(), status: res.statusCode ?? 0, close: res.headers.connection === 'close' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One keep-alive client: requests until told `Connection: close`, then tries a new connection once. */
async function client(url: string, answers: Answer[], errors: string[], refused: string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; ; i++) {
      const answer = await get(agent, `${url}/Users?count=50&startIndex=${1 + (i % 5) * 50}`);
      answers.push(answer);
      if (answer.close) break;
    }
    await get(new Agent(), `${url}/Users?count=1`).then(() => errors.push('a new connection was accepted after SIGTERM'),
      (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? refused.push(error.code) : errors.push(String(error))));
  } catch (error) {
    errors.push(`a request was not answered: ${String(error)}`);
  } finally {
    agent.destroy();
  }
}

function startServe(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli/serve-main.ts', 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const url = /serving SCIM 2\.0 at (\S+)/.exec(line)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: graceful shutdown`, () => {
    test('SIGTERM under keep-alive load: every request answered with Connection: close, exit 0 within the grace period', async () => {
      const db = await createTestDb(dialect);
      const dir = mkdtempSync(join(tmpdir(), 'scim-bridge-shutdown-'));
      let child: ChildProcess | undefined;
      try {
        await createTeamsApp(db.knex);
        await seedPeople(db.knex, 300);
        const file = join(dir, 'scim.yaml');
        writeFileSync(file, `${databaseYaml(db)}\nserver:\n  host: 127.0.0.1\n  port: 0\n  shutdownTimeout: ${GRACE_MS}\nauth:\n  bearer: [ "${TOKEN}" ]\n${TEAMS_YAML}\n`);
        const started = await startServe(file);
        child = started.child;
        const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
        const answers: Answer[] = [];
        const errors: string[] = [];
        const refused: string[] = [];
        const idle = new Agent({ keepAlive: true });
        await get(idle, `${started.url}/Users?count=1`); // its connection then stays open and idle
        const loops = Array.from({ length: CLIENTS }, () => client(started.url, answers, errors, refused));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const signalledAt = Date.now();
        child.kill('SIGTERM');
        const code = await exited;
        const exitMs = Date.now() - signalledAt;
        await Promise.all(loops);
        idle.destroy();
        const inFlight = answers.filter((a) => a.start < signalledAt && a.end >= signalledAt).length;
        const after = answers.filter((a) => a.end >= signalledAt);
        process.stdout.write(`# shutdown ${dialect}: ${answers.length} answered (${inFlight} in flight at SIGTERM, ${after.length} after it), ${refused.length} new connections refused, exit ${code} after ${exitMs} ms (grace ${GRACE_MS} ms)\n`);
        assert.deepEqual(errors, []);
        assert.equal(code, 0);
        assert.ok(exitMs < GRACE_MS, `exited after ${exitMs} ms`);
        assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.filter((a) => a.status !== 200)));
        assert.ok(inFlight > 0, 'some requests were in flight at SIGTERM, and were answered');
        assert.equal(refused.length, CLIENTS, 'each client, told Connection: close, found the listener closed');
      } finally {
        if (child && child.exitCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        await db.cleanup();
      }
    });
  });
}

describe('drainable (src/shutdown.ts)', () => {
  test('a request that is not answered within the grace period is cut off: forced, on time', async () => {
    const { createServer } = await import('node:http');
    const { drainable } = await import('../../src/shutdown.js');
    const server = createServer(() => { /* never answers */ });
    const drain = drainable(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const hung = get(new Agent({ keepAlive: true }), `http://127.0.0.1:${port}/`).then(() => 'answered', () => 'cut off');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const start = Date.now();
    const result = await drain(300, 0);
    assert.deepEqual(result, { forced: true });
    assert.ok(Date.now() - start < 300 + 500);
    assert.equal(await hung, 'cut off');
  });

  test('an idle kept-alive connection is closed after the linger, not after its keep-alive timeout', async () => {
    const { createServer } = await import('node:http');
    const { drainable } = await import('../../src/shutdown.js');
    const server = createServer((_req, res) => res.end('ok'));
    const drain = drainable(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const agent = new Agent({ keepAlive: true });
    await get(agent, `http://127.0.0.1:${port}/`);
    const start = Date.now();
    assert.deepEqual(await drain(5000, 200), { forced: false });
    const ms = Date.now() - start;
    assert.ok(ms >= 150 && ms < 1000, `${ms} ms`);
    agent.destroy();
  });
});
