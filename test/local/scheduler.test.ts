import { silentLogger } from '../../src/log';
import { nextMark, Scheduler, type Clock } from '../../src/local/scheduler';

/** A clock whose timers fire only when the test advances it. */
class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #nextId = 0;

  constructor(start: string) {
    this.#now = Date.parse(start);
  }

  now = () => this.#now;

  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.#nextId;
    this.#timers.push({ at: this.#now + ms, fn, id });
    return id;
  };

  clearTimeout = (handle: unknown) => {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  };

  /** Moves time forward, firing due timers in order. */
  async advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const due = this.#timers[0];
      if (!due || due.at > target) break;
      this.#timers.shift();
      this.#now = due.at;
      due.fn();
      await Promise.resolve();
    }
    this.#now = target;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('scheduler', () => {
  test('the next mark is the following multiple of the period', () => {
    const at = Date.parse('2026-01-01T10:02:30Z');
    expect(new Date(nextMark(at, 5)).toISOString()).toBe(
      '2026-01-01T10:05:00.000Z',
    );
    const onMark = Date.parse('2026-01-01T10:05:00Z');
    expect(new Date(nextMark(onMark, 5)).toISOString()).toBe(
      '2026-01-01T10:10:00.000Z',
    );
    expect(new Date(nextMark(at, 1)).toISOString()).toBe(
      '2026-01-01T10:03:00.000Z',
    );
  });

  test('jobs fire on their clock marks with the mark as their time', async () => {
    const clock = new ManualClock('2026-01-01T10:02:30Z');
    const fired: string[] = [];
    const scheduler = new Scheduler(
      [
        {
          name: 'every-minute',
          everyMinutes: 1,
          run: async (at) => void fired.push(`1m ${at.toISOString()}`),
        },
        {
          name: 'every-five',
          everyMinutes: 5,
          run: async (at) => void fired.push(`5m ${at.toISOString()}`),
        },
      ],
      silentLogger,
      clock,
    );
    scheduler.start();
    await clock.advanceTo('2026-01-01T10:06:10Z');
    await flush();
    // Jobs due at the same mark run concurrently, in no set order.
    expect(fired.sort()).toEqual([
      '1m 2026-01-01T10:03:00.000Z',
      '1m 2026-01-01T10:04:00.000Z',
      '1m 2026-01-01T10:05:00.000Z',
      '1m 2026-01-01T10:06:00.000Z',
      '5m 2026-01-01T10:05:00.000Z',
    ]);
    await scheduler.stop();
  });

  test('a mark that comes while the job still runs is skipped, not stacked', async () => {
    const clock = new ManualClock('2026-01-01T10:00:30Z');
    let release!: () => void;
    let starts = 0;
    const scheduler = new Scheduler(
      [
        {
          name: 'slow',
          everyMinutes: 1,
          run: () => {
            starts += 1;
            return new Promise<void>((resolve) => (release = resolve));
          },
        },
      ],
      silentLogger,
      clock,
    );
    scheduler.start();
    await clock.advanceTo('2026-01-01T10:03:30Z');
    expect(starts).toBe(1);
    release();
    await flush();
    await clock.advanceTo('2026-01-01T10:04:30Z');
    expect(starts).toBe(2);
    release();
    await scheduler.stop();
  });

  test('a failing job is logged and fires again at the next mark', async () => {
    const clock = new ManualClock('2026-01-01T10:00:30Z');
    let calls = 0;
    const scheduler = new Scheduler(
      [
        {
          name: 'flaky',
          everyMinutes: 1,
          run: async () => {
            calls += 1;
            throw new Error('database restarted');
          },
        },
      ],
      silentLogger,
      clock,
    );
    scheduler.start();
    await clock.advanceTo('2026-01-01T10:02:30Z');
    await flush();
    expect(calls).toBe(2);
    await scheduler.stop();
  });

  test('stop waits for the run under way and fires nothing after', async () => {
    const clock = new ManualClock('2026-01-01T10:00:30Z');
    let finished = false;
    let release!: () => void;
    let starts = 0;
    const scheduler = new Scheduler(
      [
        {
          name: 'job',
          everyMinutes: 1,
          run: async () => {
            starts += 1;
            await new Promise<void>((resolve) => (release = resolve));
            finished = true;
          },
        },
      ],
      silentLogger,
      clock,
    );
    scheduler.start();
    await clock.advanceTo('2026-01-01T10:01:00Z');
    const stopped = scheduler.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
    await clock.advanceTo('2026-01-01T10:10:00Z');
    expect(starts).toBe(1);
  });
});
