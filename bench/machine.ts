/** What the numbers were measured on. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  readonly os: string;
  readonly cpus: string;
  readonly memory: string;
  readonly node: string;
  readonly postgres: string | null;
  readonly pglite: string | null;
  /** The commit measured, `-dirty` with uncommitted changes. */
  readonly code: string;
}

export function describeHost(): Omit<
  MachineInfo,
  'postgres' | 'pglite' | 'code'
> {
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

/**
 * The commit of the working directory; `BENCH_COMMIT` names it where there
 * is no git (a snapshot made with `git archive`).
 */
export function describeCode(cwd = process.cwd()): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'sql', 'bench');
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}
