/**
 * One transaction per write, retried a bounded number of times when the database reports a
 * serialisation failure or deadlock; after that the client gets 503 with Retry-After, never a 500.
 * Unique violations that slip past the in-transaction check (a concurrent insert) become 409;
 * NOT NULL and foreign-key violations become 400.
 */
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import { violatedColumn, type Dialect } from './dialect.js';

const ATTEMPTS = 4;

export async function inTransaction<T>(knex: Knex, dialect: Dialect, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dialect.transaction(knex, work);
    } catch (error) {
      if (error instanceof ScimError) throw error;
      if (dialect.isUniqueViolation(error)) {
        throw ScimError.of('uniqueness', 'A resource with the same unique value already exists.');
      }
      const violated = dialect.constraintViolation(error);
      // The database's own rules beyond the mapping: a 400 that says which kind, never the SQL.
      if (violated === 'notNull') {
        const column = violatedColumn(error);
        throw ScimError.of('invalidValue', `The database requires a value that this request does not give (the NOT NULL column ${column ? `"${column}"` : 'of a table'} is not filled by the mapping); map the column, give it a default, or send the attribute.`);
      }
      if (violated === 'foreignKey') {
        throw ScimError.of('invalidValue', 'The change would break a reference in the database (a row it points to does not exist, or other rows still point to this one).');
      }
      if (!dialect.isRetryable(error)) throw error;
      if (attempt >= ATTEMPTS) throw ScimError.status(503, 'The database is busy; retry the request.', { 'Retry-After': '1' });
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
