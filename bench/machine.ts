/** What the numbers were measured on. */
import os from 'node:os';

export interface MachineInfo {
  readonly os: string;
  readonly cpus: string;
  readonly memory: string;
  readonly node: string;
  readonly postgres: string | null;
  readonly pglite: string | null;
}

export function describeHost(): Omit<MachineInfo, 'postgres' | 'pglite'> {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown';
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpus: `${cpus.length} x ${model}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
  };
}

/** `PostgreSQL 15.20 (Debian ...) on x86_64...` -> `PostgreSQL 15.20`. */
export function shortVersion(version: string): string {
  return /^PostgreSQL [\d.]+\S*/.exec(version)?.[0] ?? version;
}
