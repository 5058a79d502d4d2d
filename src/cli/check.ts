/**
 * `scim-bridge check --config FILE [--simulate okta|entra]`: validates the config (file:line:column
 * and a fix for each problem), compiles it against the live database, reads up to three rows of
 * each resource through the real app and prints them as SCIM JSON, prints what the mapping
 * supports, warns about columns a SCIM create cannot fill, and optionally replays an IdP's
 * provisioning sequence inside a rolled-back transaction. Exit 0 only when all of it passed.
 */
import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../config/load.js';
import { bindTenant, usesTenants } from '../mapping/tenant.js';
import { formatIndexAdvice, indexAdvice } from './index-advice.js';
import type { Mapping } from '../mapping/types.js';
import { prepare } from '../server.js';
import { introspect } from '../sql/introspect.js';
import { dialectFor } from '../sql/dialects/index.js';
import { dataWarnings } from './check-data.js';
import { mappingHazards } from './check-hazards.js';
import { formatSupport, supportOf, tableWarnings } from './check-report.js';
import { paintFor, type Paint } from './colour.js';
import { EXIT, type Command, type Io } from './command.js';
import { startLocalApp } from './local-app.js';
import { reportFailure } from './report.js';
import { simulate } from './simulate.js';
import { IDPS, type IdpName } from './simulate-steps.js';

const USAGE = 'usage: scim-bridge check --config FILE [--simulate okta|entra] [--samples N] [--tenant VALUE]';

const HELP = `${USAGE}

Proves a config against the live database without serving anything:
  1. validates the file (each problem as file:line:column with a fix) and every mapped table and column;
  2. reads up to three rows of each resource through the mapping and prints them as SCIM JSON;
  3. prints what the mapping supports (filterable and sortable attributes, ETags, PATCH, delete);
  4. warns about NOT NULL columns without a default that no attribute fills (creates would fail).
With --simulate, it then replays the requests Okta or Microsoft Entra ID send when provisioning
(find, create, read, update, deprovision, reactivate, group push) against your tables inside one
transaction that is rolled back: it prints each request, its status and the columns it would write.

options:
  --config FILE            the YAML mapping (write one with "scim-bridge init")
  --simulate okta|entra    replay that identity provider's provisioning sequence (nothing is kept)
  --samples N              rows to print per resource (default 3, 0 for none)
  --tenant VALUE           with tenants (a scope naming $tenant): check what this tenant sees
                           (default: the first tenant of auth.tenants)
  -h, --help               this text

exit codes: 0 everything passed (warnings may be printed), 1 a check or a simulated step failed,
2 the command line was wrong.

examples:
  SCIM_TOKEN=$(openssl rand -hex 32) npx scim-bridge check --config scim.yaml
  npx scim-bridge check --config scim.yaml --simulate okta
  npx scim-bridge check --config scim.yaml --simulate entra --samples 0
`;

interface CheckOptions { readonly file: string; readonly simulate?: IdpName; readonly samples: number; readonly tenant?: string }

export const checkCommand: Command = {
  name: 'check',
  summary: 'prove a config against the live database; --simulate okta|entra replays an IdP (rolled back)',
  help: HELP,
  async run(args, io) {
    const options = parseOptions(args, io);
    if (typeof options === 'string') { io.stderr.write(`scim-bridge check: ${options}\n${USAGE}\n`); return EXIT.usage; }
    return check(options, io);
  },
};

function parseOptions(args: readonly string[], io: Io): CheckOptions | string {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], strict: true, options: { config: { type: 'string' }, simulate: { type: 'string' }, samples: { type: 'string' }, tenant: { type: 'string' } } }));
  } catch (error) {
    return (error as Error).message;
  }
  if (values.config === undefined) return '--config is required';
  if (values.simulate !== undefined && !(IDPS as readonly string[]).includes(values.simulate)) return `--simulate must be one of ${IDPS.join(', ')}`;
  const samples = values.samples === undefined ? 3 : Number(values.samples);
  if (!Number.isInteger(samples) || samples < 0 || samples > 100) return '--samples must be a whole number from 0 to 100';
  return {
    file: resolve(io.cwd, values.config), samples,
    ...(values.simulate !== undefined ? { simulate: values.simulate as IdpName } : {}),
    ...(values.tenant !== undefined ? { tenant: values.tenant } : {}),
  };
}

/**
 * With tenants, the mapping one tenant sees (`--tenant`, else the first of auth.tenants); a value
 * that looks like a number is taken as one. A message when no tenant can be chosen.
 */
function tenantView(mapping: Mapping, given: string | undefined): { mapping: Mapping; tenant?: string | number } | string {
  if (!usesTenants(mapping)) return given === undefined ? { mapping } : '--tenant: no scope names $tenant in this config';
  const tenant = given === undefined ? mapping.auth.tenants?.[0]?.tenant : /^-?\d+$/.test(given) ? Number(given) : given;
  if (tenant === undefined) return 'scopes name $tenant: say which tenant to check with --tenant VALUE';
  return { mapping: bindTenant(mapping, tenant), tenant };
}

/** Runs every check; returns the exit code. */
export async function check(options: CheckOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdout, io.env);
  const err = paintFor(io.stderr, io.env);
  let prepared: { mapping: Mapping; knex: Knex };
  try {
    prepared = await prepare(loadConfig(options.file, io.env));
  } catch (error) {
    return reportFailure(error, io);
  }
  const { knex } = prepared;
  const viewed = tenantView(prepared.mapping, options.tenant);
  if (typeof viewed === 'string') {
    io.stderr.write(`scim-bridge check: ${viewed}\n`);
    await knex.destroy();
    return EXIT.usage;
  }
  const { mapping, tenant } = viewed;
  try {
    if (tenant !== undefined) io.stdout.write(`checking as tenant ${JSON.stringify(tenant)}: what its credentials see and write\n`);
    const db = await introspect(knex, mapping.database.client, mapping.database.schema !== undefined ? { schema: mapping.database.schema } : {});
    io.stdout.write(`${out.green('✓')} ${relative(io.cwd, options.file) || options.file}: valid; every mapped table and column exists in the ${mapping.database.client} database\n\n`);
    let ok = await printSamples(prepared.mapping, knex, options.samples, io, out, err, tenant);
    io.stdout.write(`${formatSupport(mapping, supportOf(mapping))}\n`);
    const warnings = [...tableWarnings(mapping, db), ...mappingHazards(mapping, db), ...(await dataWarnings(mapping, knex, dialectFor(mapping.database.client), db))];
    for (const w of warnings) io.stderr.write(`${err.yellow('warning')}: ${w.resource}: ${w.message}\n`);
    io.stdout.write(formatIndexAdvice(await indexAdvice(mapping, knex, dialectFor(mapping.database.client), db), { ok: out.green('✓'), bad: out.yellow('!') }));
    if (options.simulate !== undefined) ok = (await simulate(mapping, knex, db, { idp: options.simulate, write: (t) => io.stdout.write(t), paint: out, ...(tenant !== undefined ? { tenant, served: prepared.mapping } : {}) })) && ok;
    if (!ok) io.stderr.write(`${err.red('check failed')}: see the ✗ lines above\n`);
    return ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    return reportFailure(error, io);
  } finally {
    await knex.destroy();
  }
}

/** GET /<Resources>?count=N through the real app, printed as SCIM JSON; false if a read failed. */
async function printSamples(mapping: Mapping, knex: Knex, count: number, io: Io, out: Paint, err: Paint, tenant?: string | number): Promise<boolean> {
  const app = await startLocalApp(mapping, knex, tenant);
  let ok = true;
  try {
    for (const r of mapping.resources) {
      const response = await app.request('GET', `${r.endpoint}?count=${count}`);
      if (response.status !== 200) {
        ok = false;
        const cause = app.takeErrors()[0]?.split('\n')[0];
        io.stderr.write(`${err.red('✗')} reading ${r.name} (table ${r.table}) failed: ${response.status} ${String(response.body?.detail ?? '')}${cause ? `\n  cause: ${cause}` : ''}\n`);
        continue;
      }
      const resources = (response.body.Resources ?? []) as unknown[];
      io.stdout.write(`${out.green('✓')} ${r.name}: ${response.body.totalResults} in table ${r.table}${count > 0 ? `; the first ${resources.length} as a client sees them:` : ''}\n`);
      for (const resource of resources) io.stdout.write(`${indent(JSON.stringify(resource, null, 2))}\n`);
      io.stdout.write('\n');
    }
  } finally {
    await app.close();
  }
  return ok;
}

const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');
