/**
 * One process per embedded data directory: PGlite would corrupt it if two
 * processes opened it at once. The lock file holds the owner's pid; a lock
 * whose pid is no longer alive was left by a killed process and is taken.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ConfigError } from './errors';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function lockPathFor(dataDir: string): string {
  return join(dirname(dataDir), `${dataDir.split('/').at(-1)}.lock`);
}

/** Takes the lock or throws a ConfigError; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = lockPathFor(dataDir);
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== undefined && isAlive(owner)) {
        throw new ConfigError(
          `data directory ${dataDir} is in use by process ${owner}; stop that process, or pass --data-dir for another directory`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new ConfigError(
    `cannot take the lock ${lockPath}; remove it if no pipeline is running`,
  );
}
