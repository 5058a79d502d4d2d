/**
 * One transaction per write, retried a bounded number of times when the database reports a
 * serialisation failure or deadlock, after a growing, randomised wait (so the losers of one
 * deadlock do not collide again in step); after that the client gets 503 with Retry-After, never a
 * 500. Unique violations that slip past the in-transaction check (a concurrent insert) become 409;
 * NOT NULL and foreign-key violations become 400; a database that cannot answer, 503. A failure
 * of the connection itself is never retried here: the COMMIT may have been received. On MariaDB
 * Galera a certification conflict (another node committed the same row or unique key first)
 * arrives at COMMIT as a deadlock and is retried the same way.
 */
import type { Knex } from 'knex';
import { ScimError } from '../errors.js';
import { violatedColumn, type Dialect } from './dialect.js';
import { asUnavailable } from './guard.js';
import { reportDbError } from './observe.js';

const ATTEMPTS = 5;
const BASE_DELAY_MS = 20;
const MAX_DELAY_MS = 500;

/** Attempt n waits between half and all of min(MAX, BASE·2ⁿ) ms ("equal jitter"). */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return cap / 2 + random() * (cap / 2);
}

/** The client's answer for a failed transaction, or undefined when it may be retried; database refusals are counted (observe.ts). */
function answerFor(knex: Knex, dialect: Dialect, error: unknown): unknown {
  if (error instanceof ScimError) return error;
  if (dialect.isUniqueViolation(error)) {
    reportDbError(knex, 'unique');
    return ScimError.of('uniqueness', 'A resource with the same unique value already exists.');
  }
  // The database's own rules beyond the mapping: a 400 that says which kind, never the SQL.
  const violated = dialect.constraintViolation(error);
  if (violated !== undefined) reportDbError(knex, violated === 'notNull' ? 'not_null' : 'foreign_key');
  if (violated === 'notNull') {
    const column = violatedColumn(error);
    return ScimError.of('invalidValue', `The database requires a value that this request does not give (the NOT NULL column ${column ? `"${column}"` : 'of a table'} is not filled by the mapping); map the column, give it a default, or send the attribute.`);
  }
  if (violated === 'foreignKey') {
    return ScimError.of('invalidValue', 'The change would break a reference in the database (a row it points to does not exist, or other rows still point to this one).');
  }
  if (!dialect.isRetryable(error)) return asUnavailable(dialect, error, knex);
  reportDbError(knex, 'deadlock');
  return undefined;
}

export async function inTransaction<T>(knex: Knex, dialect: Dialect, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dialect.transaction(knex, work);
    } catch (error) {
      const answer = answerFor(knex, dialect, error);
      if (answer !== undefined) throw answer;
      if (attempt >= ATTEMPTS) {
        reportDbError(knex, 'busy');
        throw ScimError.status(503, 'The database is busy; retry the request.', { 'Retry-After': '1' });
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
    }
  }
}
