/**
 * One transaction per write, retried a bounded number of times when the database reports a
 * serialisation failure or deadlock; after that the client gets 503 with Retry-After, never a 500.
 * Unique violations that slip past the in-transaction check (a concurrent insert) become 409.
 */
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import type { Dialect } from './dialect.js';

const ATTEMPTS = 4;

export async function inTransaction<T>(knex: Knex, dialect: Dialect, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (error) {
      if (error instanceof ScimError) throw error;
      if (dialect.isUniqueViolation(error)) {
        throw ScimError.of('uniqueness', 'A resource with the same unique value already exists.');
      }
      if (!dialect.isRetryable(error)) throw error;
      if (attempt >= ATTEMPTS) throw ScimError.status(503, 'The database is busy; retry the request.', { 'Retry-After': '1' });
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
