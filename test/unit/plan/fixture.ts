/**
 * A compiled User mapping without a database: a hand-written DbSchema for one `people` table and
 * a YAML config, compiled by the real compiler, so plan/ can be tested as pure functions.
 */
import { parseConfigText } from '../../../src/config/load.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { ColumnKind, DbColumn, DbSchema } from '../../../src/mapping/db-schema.js';
import type { ResourceMapping } from '../../../src/mapping/types.js';

const col = (name: string, kind: ColumnKind, nullable = true, hasDefault = false): DbColumn =>
  ({ name, kind, dataType: kind, nullable, hasDefault, autoIncrement: name === 'id' });

export const PEOPLE: DbSchema = {
  tables: [{
    name: 'people',
    columns: [
      col('id', 'integer', false), col('email', 'string', false), col('work_email', 'string'), col('home_email', 'string'),
      col('given', 'string'), col('family', 'string'), col('title', 'string'), col('nick', 'string'),
      col('enabled', 'boolean', false, true), col('manager_id', 'string'), col('department', 'string'),
      col('badge', 'string'), col('secret', 'string'), col('updated_at', 'dateTime'),
    ],
    primaryKey: ['id'], uniques: [['email']], foreignKeys: [],
  }],
};

export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The User mapping over `people`; `compatibility` is the YAML body of `compatibility:` (e.g. `{ opCase: false }`). */
export function people(compatibility = '{}', emails = 'emails[type eq "work"].value: work_email'): ResourceMapping {
  const yaml = `database: { client: sqlite, connection: ":memory:" }
auth: { bearer: [ "0123456789abcdef0123" ] }
compatibility: ${compatibility}
resources:
  User:
    table: people
    attributes:
      userName: email
      ${emails}
      name.givenName: given
      name.familyName: family
      title: title
      nickName: nick
      active: enabled
      userType: { column: badge, mutability: immutable }
      password: secret
      ${ENT}:manager.value: manager_id
      ${ENT}:department: department
      meta.lastModified: updated_at
`;
  const mapping = compileMapping(parseConfigText(yaml, 'unit.yaml', {}), PEOPLE);
  return mapping.resources[0] as ResourceMapping;
}
