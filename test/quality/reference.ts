/**
 * An independent reference for the volume model: median, MAD and the robust
 * score computed in TypeScript from bucket counts.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface ReferenceScore {
  readonly expected: number;
  readonly mad: number;
  readonly score: number;
  readonly trainingDays: number;
}

const BUCKET_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Score of bucket `startMs` given counts by bucket start (missing = 0). */
export function referenceScore(
  counts: ReadonlyMap<number, number>,
  startMs: number,
  firstBucketMs: number,
  maxDays = 14,
  neighbours = 1,
): ReferenceScore {
  const training: number[] = [];
  const days = new Set<number>();
  for (let day = 1; day <= maxDays; day += 1) {
    for (let n = -neighbours; n <= neighbours; n += 1) {
      const slot = startMs - day * DAY_MS + n * BUCKET_MS;
      if (slot < firstBucketMs) continue;
      training.push(counts.get(slot) ?? 0);
      days.add(day);
    }
  }
  const expected = median(training);
  const mad = median(training.map((value) => Math.abs(value - expected)));
  const observed = counts.get(startMs) ?? 0;
  const scale = Math.max(1.4826 * mad, Math.sqrt(Math.max(expected, 1)));
  return {
    expected,
    mad,
    score: (observed - expected) / scale,
    trainingDays: days.size,
  };
}

/** A deterministic pseudo-random stream (mulberry32). */
export function randomStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
