/** The CLI is a function from argv to an exit code; each verb is one `Command`. */

export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for the top-level --help. */
  readonly summary: string;
  /** The verb's own --help text, with examples. */
  readonly help: string;
  /** Returns the exit code; never calls process.exit. */
  run(args: readonly string[], io: Io): Promise<number>;
}

/** Exit codes, documented in README.md. */
export const EXIT = {
  ok: 0,
  /** The config or the database failed a check. */
  failed: 1,
  /** The command line itself was wrong. */
  usage: 2,
} as const;
