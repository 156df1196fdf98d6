/**
 * The in-process scheduler of `pipeline start`. Jobs fire on clock marks
 * (every 5 minutes means :00, :05, ...), as EventBridge rate rules do in
 * LocalStack. A job never overlaps itself: a mark that comes while the
 * previous run is still going is skipped and logged.
 */
import type { Logger } from '../log';

export interface Job {
  readonly name: string;
  readonly everyMinutes: number;
  run(firedAt: Date): Promise<void>;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The first clock mark of an `everyMinutes` period strictly after `at`. */
export function nextMark(at: number, everyMinutes: number): number {
  const period = everyMinutes * 60_000;
  return (Math.floor(at / period) + 1) * period;
}

export class Scheduler {
  readonly #timers = new Map<string, unknown>();
  readonly #running = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly log: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    for (const job of this.jobs) this.#arm(job);
  }

  /** Runs a job now, unless it is already running; resolves when done. */
  trigger(job: Job, firedAt = new Date(this.clock.now())): Promise<void> {
    const running = this.#running.get(job.name);
    if (running) {
      this.log.warn(
        { job: job.name },
        'previous run still going; this mark is skipped',
      );
      return running;
    }
    const run = (async () => {
      try {
        await job.run(firedAt);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.error({ job: job.name, err: message }, 'scheduled job failed');
      } finally {
        this.#running.delete(job.name);
      }
    })();
    this.#running.set(job.name, run);
    return run;
  }

  /** Stops firing and waits for the runs under way to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const handle of this.#timers.values()) this.clock.clearTimeout(handle);
    this.#timers.clear();
    await Promise.all(this.#running.values());
  }

  #arm(job: Job): void {
    if (this.#stopped) return;
    const now = this.clock.now();
    const mark = nextMark(now, job.everyMinutes);
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(job.name);
      void this.trigger(job, new Date(mark));
      this.#arm(job);
    }, mark - now);
    this.#timers.set(job.name, handle);
  }
}
