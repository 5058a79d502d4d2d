/**
 * Just enough typing for the two untyped packages the benchmark drives directly (no @types
 * packages are installed for them): better-sqlite3 for the raw handler and the SQLite loader,
 * autocannon for the load.
 */
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult { readonly changes: number; readonly lastInsertRowid: number | bigint }
    interface Statement {
      readonly reader: boolean;
      run(...params: unknown[]): RunResult;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(sql: string): Statement;
      exec(sql: string): Database;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      close(): void;
    }
  }
  const Database: new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => Database.Database;
  export = Database;
}

declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
      setupRequest?: (request: Request) => Request;
    }
    interface Histogram { readonly average: number; readonly mean: number; readonly p50: number; readonly p99: number; readonly total: number; readonly max: number }
    interface Result {
      readonly requests: Histogram & { readonly sent: number };
      readonly latency: Histogram;
      readonly throughput: Histogram;
      readonly duration: number;
      readonly errors: number;
      readonly timeouts: number;
      readonly non2xx: number;
      readonly statusCodeStats: Record<string, { count: number }>;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      pipelining?: number;
      timeout?: number;
      requests?: Request[];
      headers?: Record<string, string>;
      method?: string;
      body?: string;
    }
  }
  /** With a callback, the returned tracker emits ('response', client, status, bytes, ms) for every response. */
  function autocannon(options: autocannon.Options, done: (error: unknown, result: autocannon.Result) => void): import('node:events').EventEmitter & { stop(): void };
  export = autocannon;
}
