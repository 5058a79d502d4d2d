import { ConfigErrors, type ConfigError, type SourcePosition } from '../errors.js';
import type { RawConfig } from '../config/raw-types.js';

/** What the compiler needs of a loaded config file (config/load.ts's LoadedConfig satisfies it). */
export interface ConfigSource {
  readonly file: string;
  readonly raw: RawConfig;
  positionOf(path: readonly (string | number)[], key?: boolean): SourcePosition;
  error(path: readonly (string | number)[], problem: string, hint: string, key?: boolean): ConfigError;
}

/** Collects every problem the compiler finds, so the user sees all of them in one run. */
export class Problems {
  private readonly errors: ConfigError[] = [];
  constructor(private readonly source: ConfigSource) {}

  add(path: readonly (string | number)[], problem: string, hint: string, key = false): void {
    this.errors.push(this.source.error(path, problem, hint, key));
  }

  positionOf(path: readonly (string | number)[], key = false): SourcePosition {
    return this.source.positionOf(path, key);
  }

  get count(): number {
    return this.errors.length;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new ConfigErrors(this.errors);
  }
}
