/**
 * Failed authentication, counted per source address: past the budget, an address's next failures
 * are answered 429 with Retry-After until its window ends, so guessing tokens costs time. Only
 * failures are counted and only failures are refused: a request with valid credentials from the
 * same address (an IdP behind the same NAT) is always served.
 */
import { ScimError } from '../errors.js';

interface Window {
  readonly endsAt: number;
  failures: number;
}

/** Addresses tracked at once; past it, expired windows are dropped, then the oldest (memory stays bounded). */
const MAX_ADDRESSES = 10_000;

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly failures: number, private readonly windowSeconds: number, private readonly now: () => number = Date.now) {}

  /** Records one failure of `address`; returns the 429 to answer instead of 401 once over budget. */
  fail(address: string): ScimError | undefined {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      this.windows.delete(address);
      this.makeRoom(now);
      window = { endsAt: now + this.windowSeconds * 1000, failures: 0 };
      this.windows.set(address, window);
    }
    window.failures += 1;
    if (window.failures <= this.failures) return undefined;
    const retry = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    return ScimError.status(429, `Too many failed authentication attempts from this address: at most ${this.failures} in ${this.windowSeconds} s (auth.rateLimit). Retry after ${retry} s.`, { 'Retry-After': String(retry) });
  }

  private makeRoom(now: number): void {
    if (this.windows.size < MAX_ADDRESSES) return;
    for (const [address, w] of this.windows) if (w.endsAt <= now) this.windows.delete(address);
    // Maps iterate in insertion order: the first entries are the oldest windows.
    for (const address of this.windows.keys()) {
      if (this.windows.size < MAX_ADDRESSES) break;
      this.windows.delete(address);
    }
  }
}
