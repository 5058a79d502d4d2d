/**
 * Issue 12 §2, metrics: /metrics in Prometheus text on every database — the request counter and
 * latency histogram move, with resource, method, status and tenant labels from closed sets; the pool
 * gauges report the configured size; database error kinds are present from the start; process
 * metrics are there. Served behind the SCIM credentials, publicly, on a port of their own, or not at all.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { DIALECTS } from '../helpers/db.js';
import { TOKEN, withServer, type Harness } from '../helpers/server.js';

async function setup(knex: Knex): Promise<void> {
  await knex.schema.createTable('metric_users', (t) => {
    t.increments('id');
    t.string('email', 200).notNullable().unique();
  });
}

const YAML = `resources:
  User:
    table: metric_users
    attributes:
      userName: { column: email, uniqueness: server }
`;

/** The sample lines of one metric name (with labels), as `labels → value`. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) out.set(match[2] ?? '', Number(match[3]));
  }
  return out;
}

async function scrape(url: string, token?: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

const metricsUrl = (h: Harness) => h.server.metricsUrl ?? assert.fail('metrics are served');
const POST_201 = '{resource="User",method="POST",status="201",tenant=""}';

for (const dialect of DIALECTS) {
  describe(`${dialect}: /metrics`, () => {
    test('counter, histogram, labels, pool gauges, database error kinds and process metrics; behind auth', async () => {
      await withServer(dialect, setup, YAML, async (h) => {
        assert.equal(metricsUrl(h), `${h.server.origin}/metrics`);
        assert.equal((await scrape(metricsUrl(h))).status, 401, 'behind the same credentials as SCIM');
        assert.equal((await scrape(metricsUrl(h), 'not-the-token-at-all')).status, 401);
        assert.equal((await h.request('POST', '/Users', { userName: 'a@example.com' })).status, 201);
        assert.equal((await h.request('GET', '/Users/user-999999')).status, 404);
        assert.equal((await h.request('GET', '/Users/no-such/thing/here')).status, 404);
        const first = await scrape(metricsUrl(h), TOKEN);
        assert.equal(first.status, 200);
        assert.match(first.type, /^text\/plain; version=0\.0\.4/);
        assert.equal(samples(first.text, 'scim_bridge_http_requests_total').get(POST_201), 1);
        assert.equal(samples(first.text, 'scim_bridge_http_requests_total').get('{resource="User",method="GET",status="404",tenant=""}'), 1);
        assert.equal(samples(first.text, 'scim_bridge_http_requests_total').get('{resource="none",method="GET",status="404",tenant=""}'), 1, 'an unknown path is one bounded label, not its own');
        assert.equal(samples(first.text, 'scim_bridge_http_request_duration_seconds_count').get(POST_201), 1);
        assert.ok(samples(first.text, 'scim_bridge_http_request_duration_seconds_bucket').get('{le="+Inf",resource="User",method="POST",status="201",tenant=""}') === 1);
        assert.equal(samples(first.text, 'scim_bridge_db_pool_max').get(''), dialect === 'sqlite' ? 1 : 3, 'database.pool.max reaches the pool');
        for (const gauge of ['scim_bridge_db_pool_in_use', 'scim_bridge_db_pool_idle', 'scim_bridge_db_pool_waiting']) assert.ok(samples(first.text, gauge).has(''), gauge);
        assert.equal(samples(first.text, 'scim_bridge_db_pool_waiting').get(''), 0);
        for (const kind of ['unavailable', 'timeout', 'deadlock', 'busy', 'unique']) assert.equal(samples(first.text, 'scim_bridge_db_errors_total').get(`{kind="${kind}"}`), 0, kind);
        assert.ok(samples(first.text, 'process_cpu_user_seconds_total').has(''), 'prom-client\'s process metrics');
        assert.ok(first.text.includes('nodejs_eventloop_lag_seconds'));

        assert.equal((await h.request('POST', '/Users', { userName: 'b@example.com' })).status, 201);
        const second = await scrape(metricsUrl(h), TOKEN);
        assert.equal(samples(second.text, 'scim_bridge_http_requests_total').get(POST_201), 2, 'the counter moves');
        assert.equal(samples(second.text, 'scim_bridge_http_requests_total').get('{resource="metrics",method="GET",status="200",tenant=""}'), 1, 'scrapes are counted apart');
      }, { databaseYaml: '  pool: { min: 0, max: 3 }' });
    });
  });
}

describe('metrics: public, on a port of their own, or off', () => {
  const dialect = DIALECTS[0] ?? 'sqlite';
  test('server.metrics.public serves them without credentials on the main port', async () => {
    await withServer(dialect, setup, YAML, async (h) => {
      const open = await scrape(metricsUrl(h));
      assert.equal(open.status, 200);
      assert.ok(open.text.includes('scim_bridge_db_pool_in_use'));
      assert.equal((await h.request('GET', '/Users', undefined, { authorization: '' })).status, 401, 'SCIM still needs credentials');
    }, { extraYaml: 'server:\n  metrics: { public: true, path: /internal/metrics }' });
  });

  test('server.metrics.port serves them on their own listener, not on the main port', async () => {
    await withServer(dialect, setup, YAML, async (h) => {
      const url = metricsUrl(h);
      assert.notEqual(new URL(url).port, new URL(h.server.origin).port);
      assert.equal((await scrape(url)).status, 401, 'the same credentials unless public');
      assert.equal((await scrape(url, TOKEN)).status, 200);
      assert.equal((await scrape(`${new URL(url).origin}/Users`, TOKEN)).status, 404, 'nothing else on the metrics port');
      assert.equal((await scrape(`${h.server.origin}/metrics`, TOKEN)).status, 404, 'and no metrics on the main port');
    }, { extraYaml: 'server:\n  metrics: { port: 0 }' });
  });

  test('server.metrics.enabled: false serves none', async () => {
    await withServer(dialect, setup, YAML, async (h) => {
      assert.equal(h.server.metricsUrl, undefined);
      assert.equal((await scrape(`${h.server.origin}/metrics`, TOKEN)).status, 404);
    }, { extraYaml: 'server:\n  metrics: { enabled: false }' });
  });
});
