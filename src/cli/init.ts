/**
 * `scim-bridge init`: introspect the live database → propose a mapping → render commented YAML.
 * Reads the catalog only; never writes to the database, never creates a SQLite file, and never
 * puts a password into the file it writes or the messages it prints.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { DbClient } from '../config/raw-types.js';
import type { DbSchema } from '../mapping/db-schema.js';
import { openDatabase, type DbSettings } from '../sql/connect.js';
import { introspect } from '../sql/introspect.js';
import { EXIT, type Command, type Io } from './command.js';
import { readEnumValues, readObservedValues, type EnumValues } from './enum-values.js';
import { propose, statusToSample, summarize, type Draft, type ProposeHints } from './propose.js';
import { renderYaml, type RenderDatabase } from './render-yaml.js';

const USAGE = 'usage: scim-bridge init --db URL|FILE [--tables a,b] [--schema NAME] [--out FILE [--force]]';

const HELP = `${USAGE}

Reads the tables of a live database and writes a commented starter config (YAML) that maps
the obvious columns to SCIM (email/username → userName, first_name → name.givenName, an
active/status/disabled/deactivated_at column → active, deleted_at → soft delete, …), group
membership through a join table, a self-referencing manager_id, and child tables such as
user_phones → phoneNumbers. Every guess says why; columns it could not place are left as
comments to uncomment. The database is only read (its catalog, and the distinct values of a
status column that has no enum), never changed.

options:
  --db URL|FILE    postgres://user@host:5432/db, mysql://… (or mariadb://…), or the path of an
                   existing SQLite file. Default: $DATABASE_URL.
  --tables a,b     only consider these tables
  --schema NAME    PostgreSQL schema (default: the connection's current schema)
  --out FILE       write the YAML here instead of stdout (an existing file is kept unless --force)
  --force          overwrite --out
  -h, --help       this text

examples:
  npx scim-bridge init --db ./app.sqlite > scim.yaml
  npx scim-bridge init --db postgres://app@localhost:5432/app --schema public --out scim.yaml
  npx scim-bridge init --db mysql://root@127.0.0.1:3306/app --tables users,teams,team_members
`;

interface InitOptions {
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

/** `init --db URL|FILE [--tables a,b] [--out FILE] [--schema NAME] [--force]`. */
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

function parseOptions(args: readonly string[], io: Io): InitOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args], allowPositionals: false, strict: true,
      options: {
        db: { type: 'string' }, tables: { type: 'string' }, schema: { type: 'string' },
        out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
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
  const { schema, hints } = await readSchema(settings, options, progressLine(io));
  const result = propose(schema, hints);
  if (result.kind === 'noUsersTable') {
    throw new InitError(`no users-like table (a table named like users, or with an email or username column) among: ${result.tables.join(', ')}`);
  }
  const yaml = renderYaml(result.draft, renderDatabase(options, settings, io.cwd));
  if (options.out === undefined) io.stdout.write(yaml);
  else writeFileSync(options.out, yaml, { flag: options.force ? 'w' : 'wx' });
  io.stderr.write(`${summaryLine(result.draft)}${options.out !== undefined ? `; wrote ${relative(io.cwd, options.out)}` : ''}\n`);
  return EXIT.ok;
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

/**
 * Introspects, turning driver failures into messages that never carry the password. Reads only:
 * the catalog, the allowed values of enum-like columns, and — for a status column without such a
 * list — the distinct values its rows hold.
 */
async function readSchema(settings: DbSettings, options: InitOptions, progress: (step?: string) => void): Promise<{ schema: DbSchema; hints: ProposeHints }> {
  const knex = openDatabase(settings);
  let schema: DbSchema;
  let enumValues: EnumValues;
  let observedValues: EnumValues | undefined;
  try {
    progress('reading tables, columns, keys and indexes');
    schema = await introspect(knex, settings.client, {
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.tables !== undefined ? { tables: options.tables } : {}),
    });
    progress(`reading the allowed values of ${schema.tables.length} tables' enum-like columns`);
    enumValues = await readEnumValues(knex, settings.client, schema.tables, options.schema);
    const status = statusToSample(schema, propose(schema, { enumValues }));
    if (status !== undefined) {
      progress(`reading the values of ${status.table}.${status.column}`);
      observedValues = await readObservedValues(knex, status.table, status.column, options.schema);
    }
  } catch (error) {
    throw new InitError(`cannot read the database at ${redact(options.db)}: ${scrub((error as Error).message, options.db)}`);
  } finally {
    progress();
    await knex.destroy();
  }
  const found = schema.tables.map((t) => t.name);
  const missing = (options.tables ?? []).filter((t) => !found.includes(t));
  if (missing.length > 0) throw new InitError(`--tables: no table named ${missing.join(', ')} in ${redact(options.db)}`);
  if (found.length === 0) throw new InitError(`no tables in ${redact(options.db)}${options.schema !== undefined ? ` (schema ${options.schema})` : ''}`);
  return { schema, hints: { enumValues, ...(observedValues !== undefined ? { observedValues } : {}) } };
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

/**
 * "mapped 9 columns of users to User (+ phoneNumbers from user_phones, groups through team_members),
 * 3 of teams to Group (+ members through team_members); 1 NOT NULL column given a create-only default; 4 columns left as comments".
 */
export function summaryLine(draft: Draft): string {
  const counts = summarize(draft);
  const related = (r: Draft['user']): string => r.relations.length === 0 ? ''
    : ` (+ ${r.relations.map((x) => 'through' in x.spec ? `${x.path} through ${x.spec.through}` : `${x.path} from ${x.spec.table}`).join(', ')})`;
  const group = draft.group !== undefined ? `, ${counts.group} of ${draft.group.table} to Group${related(draft.group)}` : '';
  const defaults = draft.user.defaults.length + (draft.group?.defaults.length ?? 0);
  const filled = defaults > 0 ? `; ${defaults} NOT NULL column${defaults > 1 ? 's' : ''} given a create-only default` : '';
  return `mapped ${counts.user} columns of ${draft.user.table} to User${related(draft.user)}${group}${filled}; ${counts.commented} column${counts.commented === 1 ? '' : 's'} left as comments`;
}
