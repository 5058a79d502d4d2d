/**
 * `scim-bridge init`: parse flags → read the database (catalog, then a bounded sample of the columns
 * the generator asks for) → `generate` → render commented YAML → print. Reads only; never writes to
 * the database, never creates a SQLite file, never puts a password into the file or the messages.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import type { DbClient } from '../config/raw-types.js';
import type { DataFacts, DbSchema } from '../mapping/db-schema.js';
import { openDatabase, type DbSettings } from '../sql/connect.js';
import { introspect } from '../sql/introspect.js';
import { readFacts } from '../sql/sample.js';
import { generate, type GenerateOptions } from '../generate/generate.js';
import type { Candidate } from '../generate/draft.js';
import { renderYaml, type RenderDatabase } from '../generate/render-yaml.js';
import { columnsToSample } from '../generate/sample-plan.js';
import { summaryLine } from '../generate/summary.js';
import { EXIT, type Command, type Io } from './command.js';

const USAGE = 'usage: scim-bridge init --db URL|FILE [--tables a,b] [--schema NAME] [--users TABLE] [--groups TABLE] [--out FILE [--force]]';

const HELP = `${USAGE}

Reads the tables of a live database and writes a commented starter config (YAML). It finds the
users table by its columns (a login or email, names, a password…), whatever its prefix; maps
columns by their words (given/surname/staff_code/reports_to…); reads a bounded sample of a few
columns to tell a tenant, a status enum or bot rows apart; finds groups and membership tables
without declared foreign keys, email tables, one-to-one profile tables and key-value tables.
Every guess says why; "CHECK:" marks what to confirm; credentials are never mapped; columns it
could not place are left as comments. The database is only read, never changed.

options:
  --db URL|FILE    postgres://user@host:5432/db, mysql://… (or mariadb://…), or the path of an
                   existing SQLite file. Default: $DATABASE_URL.
  --tables a,b     only consider these tables
  --schema NAME    PostgreSQL schema (default: the connection's current schema)
  --users TABLE    the table of people, when init's choice is not yours
  --groups TABLE   the table of groups, when init's choice is not yours
  --out FILE       write the YAML here instead of stdout (an existing file is kept unless --force)
  --force          overwrite --out
  -h, --help       this text

examples:
  npx scim-bridge init --db ./app.sqlite > scim.yaml
  npx scim-bridge init --db postgres://app@localhost:5432/app --schema public --out scim.yaml
  npx scim-bridge init --db mysql://root@127.0.0.1:3306/app --users xx_users --groups xx_teams
`;

interface InitOptions extends GenerateOptions {
  readonly db: string;
  /** The connection as the config should spell it. */
  readonly configConnection: string;
  readonly client: DbClient;
  readonly tables?: readonly string[];
  readonly schema?: string;
  readonly out?: string;
  readonly force: boolean;
}

/** A failure with a message for stderr and the exit code it means. */
class InitError extends Error {
  constructor(message: string, readonly code: number = EXIT.failed) { super(message); }
}

/** `init --db URL|FILE [--tables a,b] [--users T] [--groups T] [--out FILE] [--schema NAME] [--force]`. */
export const initCommand: Command = {
  name: 'init',
  summary: 'write a commented starter config by reading your database schema',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    try {
      const options = parseOptions(args, io);
      if (options === 'help') { io.stdout.write(HELP); return EXIT.ok; }
      return await init(options, io);
    } catch (error) {
      if (!(error instanceof InitError)) throw error;
      io.stderr.write(`scim-bridge init: ${error.message}\n${error.code === EXIT.usage ? `${USAGE}\n` : ''}`);
      return error.code;
    }
  },
};

const FLAGS = {
  db: { type: 'string' }, tables: { type: 'string' }, schema: { type: 'string' }, users: { type: 'string' }, groups: { type: 'string' },
  out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

function parseOptions(args: readonly string[], io: Io): InitOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], allowPositionals: false, strict: true, options: FLAGS }));
  } catch (error) {
    throw new InitError((error as Error).message, EXIT.usage);
  }
  if (values.help === true) return 'help';
  const fromEnv = values.db === undefined ? io.env['DATABASE_URL'] : undefined;
  const db = values.db ?? fromEnv;
  if (db === undefined || db === '') throw new InitError('--db is required (or set DATABASE_URL)', EXIT.usage);
  const client = clientOf(db);
  const tables = values.tables?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (tables !== undefined && tables.length === 0) throw new InitError('--tables needs at least one table name', EXIT.usage);
  if (values.schema !== undefined && client !== 'postgres') {
    throw new InitError('--schema is for PostgreSQL; for MySQL/MariaDB put the database name in the URL', EXIT.usage);
  }
  if (values.force === true && values.out === undefined) throw new InitError('--force only makes sense with --out', EXIT.usage);
  return {
    db, client, force: values.force === true,
    configConnection: fromEnv !== undefined ? '${DATABASE_URL}' : db,
    ...(tables !== undefined ? { tables } : {}),
    ...(values.schema !== undefined ? { schema: values.schema } : {}),
    ...(values.users !== undefined ? { users: values.users } : {}),
    ...(values.groups !== undefined ? { groups: values.groups } : {}),
    ...(values.out !== undefined ? { out: resolve(io.cwd, values.out) } : {}),
  };
}

function clientOf(db: string): DbClient {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(db)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'sqlite';
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  throw new InitError(`--db: unsupported URL scheme "${scheme}://" (use postgres://, mysql://, mariadb:// or a SQLite file path)`, EXIT.usage);
}

async function init(options: InitOptions, io: Io): Promise<number> {
  if (options.out !== undefined && existsSync(options.out) && !options.force) {
    throw new InitError(`${options.out} exists; pass --force to overwrite it`);
  }
  const settings = dbSettings(options, io.cwd);
  const { schema, facts } = await readDatabase(settings, options, progressLine(io));
  const result = generate(schema, facts, options);
  if (result.kind === 'noUsersTable') throw new InitError(noUsersMessage(schema, result.candidates));
  if (result.kind === 'unknownTable') throw new InitError(`${result.flag}: no table named ${result.table} in ${redact(options.db)}`);
  const yaml = renderYaml(result.draft, renderDatabase(options, settings, io.cwd));
  if (options.out === undefined) io.stdout.write(yaml);
  else writeFileSync(options.out, yaml, { flag: options.force ? 'w' : 'wx' });
  io.stderr.write(`${summaryLine(result.draft)}${options.out !== undefined ? `; wrote ${relative(io.cwd, options.out)}` : ''}\n`);
  return EXIT.ok;
}

/** The tables init looked at, each with why it is not a users table. */
function noUsersMessage(schema: DbSchema, candidates: readonly Candidate[]): string {
  const lines = candidates.map((c) => `  ${c.table}: ${c.why}`);
  return `no users-like table (one with a login or email column) among: ${schema.tables.map((t) => t.name).join(', ')}\n${lines.join('\n')}\n` +
    'name it with --users TABLE if it is there';
}

function dbSettings(options: InitOptions, cwd: string): DbSettings {
  if (options.client !== 'sqlite') {
    // mysql2 reads mysql:// URLs; mariadb:// is the same server protocol.
    const connection = options.db.replace(/^mariadb:\/\//i, 'mysql://');
    return { client: options.client, connection, ...(options.schema !== undefined ? { schema: options.schema } : {}) };
  }
  const file = resolve(cwd, options.db);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InitError(`${options.db}: no such SQLite file (init reads an existing database; it never creates one)`);
  }
  return { client: 'sqlite', connection: file };
}

/** Introspects, then samples what the generator asks for; driver failures never carry the password. */
async function readDatabase(settings: DbSettings, options: InitOptions, progress: (step?: string) => void): Promise<{ schema: DbSchema; facts: DataFacts }> {
  const knex = openDatabase(settings);
  let read: { schema: DbSchema; facts: DataFacts };
  try {
    read = await readSchemaAndFacts(knex, settings.client, options, progress);
  } catch (error) {
    throw new InitError(`cannot read the database at ${redact(options.db)}: ${scrub((error as Error).message, options.db)}`);
  } finally {
    progress();
    await knex.destroy();
  }
  const found = read.schema.tables.map((t) => t.name);
  const missing = (options.tables ?? []).filter((t) => !found.includes(t));
  if (missing.length > 0) throw new InitError(`--tables: no table named ${missing.join(', ')} in ${redact(options.db)}`);
  if (found.length === 0) throw new InitError(`no tables in ${redact(options.db)}${options.schema !== undefined ? ` (schema ${options.schema})` : ''}`);
  return read;
}

async function readSchemaAndFacts(knex: Knex, client: DbClient, options: InitOptions, progress: (step?: string) => void): Promise<{ schema: DbSchema; facts: DataFacts }> {
  const schemaOption = options.schema !== undefined ? { schema: options.schema } : {};
  progress('reading tables, columns, keys and indexes');
  // Introspection reads enum and CHECK IN values into each column's `allowed`.
  const schema = await introspect(knex, client, { ...schemaOption, ...(options.tables !== undefined ? { tables: options.tables } : {}) });
  const wanted = columnsToSample(schema, options.users);
  if (wanted.length === 0) return { schema, facts: new Map() };
  progress(`sampling ${wanted.map((w) => `${w.table} (${w.columns.join(', ')})`).join('; ')}`);
  return { schema, facts: await readFacts(knex, client, wanted, schemaOption) };
}

/**
 * On a terminal, one line on stderr that says which step a long introspection is in, with the
 * elapsed time, erased when done; nothing when stderr is a file or a pipe.
 */
function progressLine(io: Io): (step?: string) => void {
  if (!io.stderr.isTTY) return () => {};
  const started = Date.now();
  return (step) => {
    io.stderr.write(step === undefined ? '\r\x1b[K' : `\r\x1b[K${step}… (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
}

/** The `database:` section: a SQLite path is written relative to the config file. */
function renderDatabase(options: InitOptions, settings: DbSettings, cwd: string): RenderDatabase {
  let connection = options.configConnection;
  if (settings.client === 'sqlite' && connection !== '${DATABASE_URL}') {
    const rel = relative(options.out === undefined ? cwd : dirname(options.out), settings.connection);
    connection = isAbsolute(rel) || rel.startsWith('..') ? settings.connection : `.${sep}${rel}`;
  }
  return {
    client: settings.client, connection: connection.replace(/^mariadb:\/\//i, 'mysql://'),
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
  };
}

function redact(db: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(db)) return db;
  try {
    const url = new URL(db);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(the --db URL)';
  }
}

/** Drivers may echo parts of the URL; make sure the password is never among them. */
function scrub(message: string, db: string): string {
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(db)?.[1];
  if (password === undefined || password === '') return message;
  let decoded = password;
  try { decoded = decodeURIComponent(password); } catch { /* not percent-encoded: the raw form is enough */ }
  return message.split(password).join('***').split(decoded).join('***');
}
