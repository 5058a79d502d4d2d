/** ANSI colour for a stream only when it is a terminal (and NO_COLOR is unset): pipes and files get plain text. */

export interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string): string => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

/** Colours for `stream`: real escapes on a TTY, identity functions otherwise. */
export function paintFor(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Paint {
  const on = stream.isTTY === true && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
  if (!on) return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
