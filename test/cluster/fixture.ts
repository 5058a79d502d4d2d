/**
 * The cluster test's tables. Every table has a primary key (Galera replicates row changes by it).
 * userName is unique case-insensitively through a unique index on a generated column holding
 * lower(username): MariaDB 10.11 cannot index lower(x) directly, and a case-insensitive collation
 * (utf8mb4_unicode_ci) would also equate accented and unaccented letters and ignore trailing spaces,
 * refusing userNames that SCIM's case-insensitive comparison tells apart. The generated column's
 * own collation is binary and NO PAD, so it compares exactly what lower() produced — the same
 * folding the server's own check uses (dialects/mysql.ts textCompare). Galera certifies the unique
 * key across nodes: this index is what keeps two nodes from both accepting one userName.
 */
import type { Knex } from 'knex';

export const COLUMNS = Array.from({ length: 50 }, (_, i) => `c${i}`);

export async function createClusterTables(knex: Knex): Promise<void> {
  await knex.raw(`create table gusers (
    id int auto_increment primary key,
    username varchar(200) not null,
    username_ci varchar(200) character set utf8mb4 collate utf8mb4_nopad_bin as (lower(username)) persistent,
    display_name varchar(200),
    title varchar(100),
    ${COLUMNS.map((c) => `${c} varchar(100)`).join(',\n    ')},
    unique key gusers_username_ci (username_ci)
  ) engine=InnoDB`);
  await knex.raw(`create table ggroups (
    id int auto_increment primary key,
    name varchar(200) not null,
    unique key ggroups_name (name)
  ) engine=InnoDB`);
  await knex.raw(`create table gmembers (
    group_id int not null,
    user_id int not null,
    primary key (group_id, user_id),
    foreign key (group_id) references ggroups (id) on delete cascade,
    foreign key (user_id) references gusers (id) on delete cascade
  ) engine=InnoDB`);
}

/** Each of the 50 columns is its own `emails` element, so 50 PATCHes touch 50 distinct columns of one row. */
export const CLUSTER_YAML = `resources:
  User:
    table: gusers
    attributes:
      userName: { column: username, uniqueness: server }
      displayName: display_name
      title: title
${COLUMNS.map((c, i) => `      emails[type eq "t${i}"].value: ${c}`).join('\n')}
  Group:
    table: ggroups
    attributes:
      displayName: { column: name, uniqueness: server }
      members: { through: gmembers, group: group_id, member: user_id }
`;
