/**
 * The application's tables (named nothing like SCIM) as DDL per dialect, the indexes a deployment
 * would have, and the rows of a directory as streams of value arrays for the bulk loaders.
 */
import { TEAMS, emailsOf, phonesOf, teamsOf, userAt } from './shape.js';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** How one dialect's driver takes a timestamp and a boolean. */
export interface Encoders { readonly time: (d: Date) => unknown; readonly bool: (b: boolean) => unknown }

export interface TableLoad { readonly table: string; readonly columns: readonly string[]; readonly count: number; rows(): Iterable<unknown[]> }

const T = { sqlite: 'datetime', postgres: 'timestamptz', mysql: 'datetime(3)' } as const;
const KEY = { sqlite: 'integer primary key', postgres: 'serial primary key', mysql: 'int auto_increment primary key' } as const;
const BOOL = { sqlite: 'boolean', postgres: 'boolean', mysql: 'tinyint(1)' } as const;

/** CREATE TABLE statements; foreign keys are inline except on PostgreSQL, where they follow the load. */
export function createTables(d: Dialect): string[] {
  const fk = (table: string) => (d === 'postgres' ? '' : ` references ${table}(id)`);
  const tail = d === 'mysql' ? ' engine=InnoDB default charset=utf8mb4' : '';
  return [
    `create table users (id ${KEY[d]}, login varchar(255) not null, employee_ref varchar(64), first_name varchar(100), last_name varchar(100),
      display_name varchar(200), job_title varchar(100), department varchar(100), status varchar(20) not null default 'active',
      created_at ${T[d]}, updated_at ${T[d]})${tail}`,
    `create table user_emails (id ${KEY[d]}, user_id integer not null${fk('users')}, address varchar(255) not null, kind varchar(20),
      is_primary ${BOOL[d]} not null default ${d === 'postgres' ? 'false' : '0'})${tail}`,
    `create table user_phones (id ${KEY[d]}, user_id integer not null${fk('users')}, number varchar(40) not null, kind varchar(20))${tail}`,
    `create table teams (id ${KEY[d]}, name varchar(200) not null, external_ref varchar(64), created_at ${T[d]}, updated_at ${T[d]})${tail}`,
    `create table team_members (team_id integer not null${fk('teams')}, user_id integer not null${fk('users')},
      created_at ${T[d]} ${d === 'mysql' ? 'default current_timestamp(3)' : 'default current_timestamp'}, primary key (team_id, user_id))${tail}`,
    'create table bench_meta (shape integer not null, users integer not null, complete integer not null)',
  ];
}

/**
 * The indexes a deployment would have: a case-insensitive unique login where the dialect can
 * index an expression (MariaDB cannot: a plain unique index, which its case-insensitive collation
 * makes case-insensitive), the external reference, child-table owners, membership keys.
 */
export function createIndexes(d: Dialect): string[] {
  const lower = (column: string) => (d === 'mysql' ? column : `lower(${column})`);
  const indexes = [
    `create unique index users_login_key on users (${lower('login')})`,
    'create index users_employee_ref on users (employee_ref)',
    'create index user_emails_user_id on user_emails (user_id)',
    `create index user_emails_address on user_emails (${lower('address')})`,
    'create index user_phones_user_id on user_phones (user_id)',
    'create index team_members_user_id on team_members (user_id)',
    `create unique index teams_name_key on teams (${lower('name')})`,
    'create index teams_external_ref on teams (external_ref)',
  ];
  if (d !== 'postgres') return indexes;
  return [...indexes,
    'alter table user_emails add foreign key (user_id) references users (id)',
    'alter table user_phones add foreign key (user_id) references users (id)',
    'alter table team_members add foreign key (team_id) references teams (id)',
    'alter table team_members add foreign key (user_id) references users (id)',
    ...['users', 'user_emails', 'user_phones', 'teams'].map((t) => `select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`),
  ];
}

function* range(from: number, to: number): Iterable<number> {
  for (let i = from; i <= to; i++) yield i;
}

/** The directory's rows, table by table, in an order the foreign keys accept. */
export function tableLoads(users: number, e: Encoders): TableLoad[] {
  const teams = teamsOf(users);
  return [
    { table: 'users', columns: ['id', 'login', 'employee_ref', 'first_name', 'last_name', 'display_name', 'job_title', 'department', 'status', 'created_at', 'updated_at'],
      count: users,
      *rows() {
        for (const i of range(1, users)) {
          const u = userAt(i);
          yield [u.id, u.login, u.employeeRef, u.firstName, u.lastName, u.displayName, u.jobTitle, u.department, u.status, e.time(u.createdAt), e.time(u.updatedAt)];
        }
      } },
    { table: 'user_emails', columns: ['id', 'user_id', 'address', 'kind', 'is_primary'], count: Math.round(users * 1.3),
      *rows() { let id = 0; for (const i of range(1, users)) for (const m of emailsOf(i)) yield [++id, m.userId, m.address, m.kind, e.bool(m.primary)]; } },
    { table: 'user_phones', columns: ['id', 'user_id', 'number', 'kind'], count: Math.round(users * 1.1),
      *rows() { let id = 0; for (const i of range(1, users)) for (const p of phonesOf(i)) yield [++id, p.userId, p.number, p.kind]; } },
    { table: 'teams', columns: ['id', 'name', 'external_ref', 'created_at', 'updated_at'], count: TEAMS,
      *rows() { for (const t of teams) yield [t.id, t.name, t.externalRef, e.time(new Date(Date.UTC(2016, 0, 1))), e.time(new Date(Date.UTC(2024, 5, 1)))]; } },
    { table: 'team_members', columns: ['team_id', 'user_id'], count: teams.reduce((n, t) => n + t.size, 0),
      *rows() { for (const t of teams) for (const i of range(t.first, t.first + t.size - 1)) yield [t.id, i]; } },
  ];
}
