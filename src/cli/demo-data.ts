/** The demo's schema and rows: what an application's users table typically looks like. */
import type { Knex } from 'knex';

export async function createDemoSchema(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 255).notNullable().unique();
    t.string('first_name', 100);
    t.string('last_name', 100);
    t.string('display_name', 200);
    t.string('job_title', 100);
    t.string('department', 100);
    t.string('external_id', 100);
    t.string('status', 20).notNullable().defaultTo('active');
    t.string('password_digest', 100);
    t.dateTime('created_at');
    t.dateTime('updated_at');
    t.dateTime('deleted_at');
  });
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
      first_name: first, last_name: last, display_name: `${first} ${last}`,
      job_title: TITLES[i % TITLES.length], department: DEPARTMENTS[i % DEPARTMENTS.length],
      status: i % 7 === 6 ? 'deprovisioned' : 'active',
      password_digest: 'not-a-real-digest',
      created_at: at, updated_at: at,
    };
  });
  await knex('users').insert(rows);
}
