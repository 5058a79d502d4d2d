/**
 * The machine a run was measured on, and how busy it was: other work shares these cores, so each
 * run records the CPU the rest of the machine used while it ran (/proc/stat busy time minus this
 * process and the server under test), in cores.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly loadAverage: readonly number[];
}

export function machine(): Machine {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Busy CPU time of the whole machine so far, µs (user + nice + system + irq + softirq + steal). */
function machineBusyMicros(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

const ownMicros = () => { const u = process.cpuUsage(); return u.user + u.system; };

/** Starts a window; `stop(serverMicros)` answers the cores the rest of the machine used in it. */
export function otherLoad(): { stop(serverMicros: number): number } {
  const busy = machineBusyMicros();
  const own = ownMicros();
  const started = process.hrtime.bigint();
  return {
    stop(serverMicros) {
      const wall = Number(process.hrtime.bigint() - started) / 1e3;
      const other = machineBusyMicros() - busy - (ownMicros() - own) - serverMicros;
      return Math.max(0, Math.round((other / wall) * 100) / 100);
    },
  };
}
