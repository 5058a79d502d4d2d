/**
 * The parent side of a server child process: fork it (compiled JavaScript, structured-clone IPC),
 * wait for its URL, ask for its CPU time, read and reset its peak RSS through /proc, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface ServerChild {
  readonly kind: string;
  readonly url: string;
  readonly pid: number;
  /** Sends a message and resolves with the child's answer of the same `type`. */
  call<T>(type: string, payload?: unknown): Promise<T>;
  /** User + system CPU time of the child, µs (process.cpuUsage inside the child). */
  cpuMicros(): Promise<number>;
  /** Resets VmHWM (Linux clear_refs 5) so the next peakRss() is the peak since now. */
  resetPeakRss(): void;
  /** Peak resident set since the last reset, MiB (VmHWM). */
  peakRss(): number;
  stop(): Promise<void>;
}

export interface ChildOptions { readonly execArgv?: readonly string[]; readonly env?: NodeJS.ProcessEnv }

function status(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function startChild(kind: string, script: string, args: readonly string[], options: ChildOptions = {}): Promise<ServerChild> {
  const child: ChildProcess = fork(script, [...args], {
    execArgv: [...(options.execArgv ?? [])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  const pid = child.pid as number;
  let seq = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    child.on('message', (m: { type: string; id?: number; value?: unknown; url?: string }) => {
      if (m.type === 'ready') resolve(m.url as string);
      else if (m.id !== undefined) { waiting.get(m.id)?.(m.value); waiting.delete(m.id); }
    });
  });
  const call = <T>(type: string, payload?: unknown) => new Promise<T>((resolve) => {
    const id = ++seq;
    waiting.set(id, resolve as (value: unknown) => void);
    child.send({ type, id, payload });
  });
  return {
    kind, url, pid, call,
    cpuMicros: () => call<number>('cpu'),
    resetPeakRss: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    peakRss: () => status(pid, 'VmHWM'),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child side: answers `cpu`, runs `stop`, and hands other messages to `handle`. */
export function serveParent(url: string, stop: () => Promise<void>, handle: (type: string, payload: unknown) => Promise<unknown> | unknown = () => undefined): void {
  process.on('message', (m: { type: string; id: number; payload: unknown }) => {
    void (async () => {
      if (m.type === 'stop') { await stop(); process.disconnect(); return; }
      const value = m.type === 'cpu' ? (({ user, system }) => user + system)(process.cpuUsage()) : await handle(m.type, m.payload);
      process.send?.({ type: m.type, id: m.id, value });
    })();
  });
  process.send?.({ type: 'ready', url });
}
