/**
 * The demo's schema and rows: what an application's tables typically look like — users with a
 * status column and a self-referencing manager, their phone numbers, teams and team members.
 */
import type { Knex } from 'knex';

export async function createDemoSchema(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 255).notNullable().unique();
    t.string('personal_email', 255);
    t.string('first_name', 100);
    t.string('last_name', 100);
    t.string('display_name', 200);
    t.string('job_title', 100);
    t.string('department', 100);
    t.integer('manager_id').unsigned().nullable().references('id').inTable('users');
    t.string('external_id', 100);
    t.string('status', 20).notNullable().defaultTo('active');
    t.string('password_digest', 100);
    t.dateTime('created_at');
    t.dateTime('updated_at');
    t.dateTime('deleted_at');
  });
  await knex.schema.createTable('user_phones', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.string('number', 50).notNullable();
    t.string('kind', 20);
    t.boolean('is_primary').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('teams', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable().unique();
    t.string('external_id', 100);
    t.dateTime('created_at');
    t.dateTime('updated_at');
  });
  await knex.schema.createTable('team_members', (t) => {
    t.integer('team_id').unsigned().notNullable().references('id').inTable('teams');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.primary(['team_id', 'user_id']);
  });
  // The indexes the IdPs' lookups need (`check` lists them): userName and group names compare
  // case-insensitively, so their indexes are on lower() — on MariaDB the unique indexes above
  // serve, their *_ci collation folding case; Entra also looks up by externalId and by member.
  const folded = (knex.client as { config: { client: string } }).config.client === 'mysql2' ? [] : [
    'create unique index users_email_lower on users (lower(email))',
    'create unique index teams_name_lower on teams (lower(name))',
  ];
  for (const statement of [
    ...folded,
    'create index users_external_id on users (external_id)',
    'create index teams_external_id on teams (external_id)',
    'create index team_members_user_id on team_members (user_id)',
  ]) await knex.raw(statement);
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Berners-Lee'];
const TITLES = ['Engineer', 'Designer', 'Manager', 'Analyst', 'Director'];
const DEPARTMENTS = ['R&D', 'Sales', 'Support', 'Finance'];

export async function seedDemo(knex: Knex, count = 25): Promise<void> {
  const now = new Date('2024-01-01T09:00:00Z').getTime();
  const rows = Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 3) % LAST.length] as string;
    const at = new Date(now + i * 86_400_000).toISOString();
    return {
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      personal_email: i % 3 === 0 ? `${first}${i}@home.example`.toLowerCase() : null,
      first_name: first, last_name: last, display_name: `${first} ${last}`,
      job_title: TITLES[i % TITLES.length], department: DEPARTMENTS[i % DEPARTMENTS.length],
      // The first user manages everyone else.
      manager_id: i === 0 ? null : 1,
      status: i % 7 === 6 ? 'deprovisioned' : 'active',
      password_digest: 'not-a-real-digest',
      created_at: at, updated_at: at,
    };
  });
  await knex('users').insert(rows);
  await knex('user_phones').insert(Array.from({ length: count }, (_, i) => ({ user_id: i + 1, number: `+1 555 01${String(i).padStart(2, '0')}`, kind: 'work', is_primary: true })));
  const at = new Date(now).toISOString();
  await knex('teams').insert(DEPARTMENTS.map((name) => ({ name, created_at: at, updated_at: at })));
  await knex('team_members').insert(Array.from({ length: count }, (_, i) => ({ team_id: (i % DEPARTMENTS.length) + 1, user_id: i + 1 })));
}
