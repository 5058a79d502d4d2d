/**
 * The session settings each new MySQL / MariaDB connection gets, so the server itself cancels a
 * statement that runs past `database.statementTimeout`. MariaDB's max_statement_time (seconds)
 * covers every statement; MySQL has only max_execution_time (milliseconds, SELECTs); both bound
 * row-lock waits with innodb_lock_wait_timeout (whole seconds). Knex's pool runs this hook on the
 * raw driver connection, before knex can; the values are bound, never spliced into the text.
 */

/** The slice of a mysql2 connection the hook uses. */
interface RawConnection {
  query(sql: string, values: unknown[], callback: (error: unknown) => void): void;
}

/** mysql2's name for an unknown variable: MySQL has no max_statement_time. */
const UNKNOWN_VARIABLE = 'ER_UNKNOWN_SYSTEM_VARIABLE';

function set(connection: RawConnection, sql: string, values: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => connection.query(sql, values, (error) => (error ? reject(error) : resolve())));
}

export function sessionTimeouts(milliseconds: number) {
  const seconds = milliseconds / 1000;
  const lockWait = Math.max(1, Math.ceil(seconds));
  return (connection: RawConnection, done: (error: unknown, connection: unknown) => void): void => {
    set(connection, 'set session max_statement_time = ?, innodb_lock_wait_timeout = ?', [seconds, lockWait])
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== UNKNOWN_VARIABLE) throw error;
        return set(connection, 'set session max_execution_time = ?, innodb_lock_wait_timeout = ?', [milliseconds, lockWait]);
      })
      .then(() => done(undefined, connection), (error: unknown) => done(error, connection));
  };
}
