/**
 * COPY … FROM STDIN through pg's own API: a custom Submittable (the interface pg-cursor and
 * pg-query-stream use) answers the server's CopyInResponse with CopyData messages and CopyDone.
 * pg-copy-streams is not installed; this is the part of it the loader needs (text format).
 */
import type { Client } from 'pg';

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);
}

class CopyIn {
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private failed: unknown;
  readonly done: Promise<void>;

  constructor(readonly text: string, private readonly rows: Iterable<unknown[]>) {
    this.done = new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
  }

  submit(connection: PgConnection): void { connection.query(this.text); }

  handleCopyInResponse(connection: PgConnection): void {
    this.pump(connection).catch((error: unknown) => { this.failed = error; connection.sendCopyFail(String(error)); });
  }

  private async pump(connection: PgConnection): Promise<void> {
    let chunk: string[] = [];
    let size = 0;
    for (const row of this.rows) {
      const line = `${row.map(field).join('\t')}\n`;
      chunk.push(line);
      size += line.length;
      if (size < 256 * 1024) continue;
      connection.sendCopyFromChunk(Buffer.from(chunk.join('')));
      chunk = [];
      size = 0;
      if (connection.stream.writableNeedDrain) await new Promise((resolve) => connection.stream.once('drain', resolve));
    }
    if (chunk.length > 0) connection.sendCopyFromChunk(Buffer.from(chunk.join('')));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}
  handleCopyData(): void {}
  handleError(error: unknown): void { this.failed ??= error; }
  handleReadyForQuery(): void {
    if (this.failed !== undefined) this.settle?.reject(this.failed);
    else this.settle?.resolve();
  }
}

/** Streams `rows` into `table` with COPY FROM STDIN on `client`. */
export async function copyRows(client: Client, table: string, columns: readonly string[], rows: Iterable<unknown[]>): Promise<void> {
  const copy = new CopyIn(`copy ${table} (${columns.join(', ')}) from stdin`, rows);
  void client.query(copy as never);
  await copy.done;
}
