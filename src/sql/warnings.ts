/**
 * Knex's own warnings — a connection that failed to open, one the pool discarded — come once per
 * request while the database is down, thousands in an outage that the request log already shows
 * as 503s. They are summarised: the first line of the first one, then at most one line per
 * window with the number held back.
 */
export type WarningSink = (line: string) => void;

export function throttledWarnings(write: WarningSink, windowMs = 10_000, now: () => number = Date.now): (message: unknown) => void {
  let windowStart = -Infinity;
  let held = 0;
  return (message) => {
    const line = (message instanceof Error ? message.message : String(message)).split('\n')[0] ?? '';
    if (now() - windowStart < windowMs) { held++; return; }
    write(held > 0 ? `${line} (and ${held} more like it in the last ${Math.round(windowMs / 1000)} s)` : line);
    windowStart = now();
    held = 0;
  };
}
