/**
 * The scim-bridge config the benchmark serves: the application's tables mapped the way `init`
 * would propose and an administrator would finish (a status column for active, emails and phones
 * in child tables, teams as Groups through a membership table).
 */
export const TOKEN = 'bench-token-0123456789abcdef0123456789';
export const BASE_PATH = '/scim/v2';

export function benchYaml(databaseYaml: string): string {
  return `${databaseYaml}
server:
  host: 127.0.0.1
  port: 0
  basePath: ${BASE_PATH}
auth:
  bearer: [ "${TOKEN}" ]
resources:
  User:
    table: users
    id: id
    attributes:
      userName:        { column: login, uniqueness: server }
      externalId:      employee_ref
      name.givenName:  first_name
      name.familyName: last_name
      displayName:     display_name
      title:           job_title
      active:          { column: status, map: { true: active, false: [deprovisioned, suspended] } }
      emails:          { table: user_emails, key: user_id, fields: { value: address, type: kind, primary: is_primary } }
      phoneNumbers:    { table: user_phones, key: user_id, fields: { value: number, type: kind } }
      groups:          { through: team_members, group: team_id, member: user_id }
      urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department: department
      meta.created:      created_at
      meta.lastModified: updated_at
  Group:
    table: teams
    attributes:
      displayName:       { column: name, uniqueness: server }
      externalId:        external_ref
      members:           { through: team_members, group: team_id, member: user_id }
      meta.created:      created_at
      meta.lastModified: updated_at
`;
}
