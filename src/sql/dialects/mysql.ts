/**
 * MySQL / MariaDB: a column's collation decides whether `=` folds case, so both directions are
 * stated explicitly: exact compares are done on the binary form, case-insensitive ones on lower()
 * of both sides, also in binary form so that ordering is by code point and not the collation's.
 * No RETURNING: the insert id comes from the driver.
 */
import type { Knex } from 'knex';
import type { Dialect } from '../dialect.js';
import { SQL_OP, errorCode, likePattern } from '../dialect.js';

export const mysqlDialect: Dialect = {
  client: 'mysql',
  bind(value) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  textCompare(column, op, value, caseExact) {
    return caseExact
      ? { sql: `cast(?? as binary) ${SQL_OP[op]} cast(? as binary)`, bindings: [column, value] }
      : { sql: `cast(lower(??) as binary) ${SQL_OP[op]} cast(lower(?) as binary)`, bindings: [column, value] };
  },
  textMatch(column, kind, value, caseExact) {
    return caseExact
      ? { sql: `cast(?? as binary) like cast(? as binary) escape '\\\\'`, bindings: [column, likePattern(kind, value)] }
      : { sql: `cast(lower(??) as binary) like cast(? as binary) escape '\\\\'`, bindings: [column, likePattern(kind, value.toLowerCase())] };
  },
  textOrderKey(column, caseExact) {
    return caseExact ? { sql: 'cast(?? as binary)', bindings: [column] } : { sql: 'cast(lower(??) as binary)', bindings: [column] };
  },
  timeCompare(column, op, value) {
    return { sql: `?? ${SQL_OP[op]} ?`, bindings: [column, value] };
  },
  lockForUpdate: (query) => query.forUpdate(),
  async insertReturningKey(trx: Knex.Transaction, table, row) {
    const [id] = await trx(table).insert(row);
    return id;
  },
  isUniqueViolation: (error) => errorCode(error) === 'ER_DUP_ENTRY',
  isRetryable: (error) => errorCode(error) === 'ER_LOCK_DEADLOCK' || errorCode(error) === 'ER_LOCK_WAIT_TIMEOUT',
};
