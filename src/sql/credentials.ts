/**
 * `auth.credentialsTable`: credentials kept in the application's own database, as sha256 (hex) of
 * each bearer token with its tenant. The table is read whole into memory and re-read every
 * `refreshSeconds` (adding a customer is an INSERT, revoking one an UPDATE, and no restart is
 * needed); a lookup never waits on the database unless the copy has expired. Use is recorded in
 * `lastUsed`, at most once a minute per credential, without holding up the request.
 */
import type { Knex } from 'knex';
import type { CredentialsTable } from '../mapping/types.js';

export type Tenant = string | number;

export interface CredentialStore {
  /** The tenant of the bearer token whose sha256 (hex) this is, or undefined (unknown or revoked). */
  tenantOf(hash: string): Promise<Tenant | undefined>;
}

const MARK_INTERVAL_MS = 60_000;

export function credentialStore(knex: Knex, settings: CredentialsTable, onError: (error: unknown) => void = () => {}): CredentialStore {
  let copy = new Map<string, Tenant>();
  let readAt = 0;
  let reading: Promise<void> | undefined;
  const marked = new Map<string, number>();

  async function reload(): Promise<void> {
    const query = knex(settings.table).select({ hash: settings.hash, tenant: settings.tenant });
    const revoked = settings.revoked;
    if (revoked !== undefined) query.where((q) => { q.whereNull(revoked); if (settings.revokedFlag) q.orWhere(revoked, false); });
    const rows = await query as { hash: unknown; tenant: unknown }[];
    copy = new Map(rows.filter((r) => typeof r.hash === 'string').map((r) => [String(r.hash).toLowerCase(), r.tenant as Tenant]));
    readAt = Date.now();
  }

  function markUsed(hash: string): void {
    if (settings.lastUsed === undefined || Date.now() - (marked.get(hash) ?? 0) < MARK_INTERVAL_MS) return;
    marked.set(hash, Date.now());
    knex(settings.table).where(settings.hash, hash).update({ [settings.lastUsed]: new Date() }).catch(onError);
  }

  return {
    async tenantOf(hash) {
      if (Date.now() - readAt > settings.refreshSeconds * 1000) {
        reading ??= reload().finally(() => { reading = undefined; });
        await reading;
      }
      const tenant = copy.get(hash);
      if (tenant !== undefined) markUsed(hash);
      return tenant;
    },
  };
}
