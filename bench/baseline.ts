/**
 * The original design's run, re-created: the dedup view over all of raw and
 * a 30-day delete + insert of each mart and DQ table, one model after
 * another, each in its own transaction as dbt ran them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Database } from '../src/db/database';
import { QueryError } from '../src/db/errors';

const ORIGINAL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'original');

/** In dbt's run order; each file is one model. */
export const BASELINE_MODELS = [
  'daily_metrics',
  'funnel_daily',
  'dq_daily',
  'status_snapshots',
] as const;

function readOriginal(name: string): string {
  return readFileSync(join(ORIGINAL_DIR, `${name}.sql`), 'utf8');
}

/**
 * Splits one of our own baseline files into statements. They hold no
 * semicolon inside a string or comment, so a `;` ending a line ends a
 * statement.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/--.*$/gm, '').trim() !== '');
}

/** Creates the baseline schema, view and tables (idempotent, not timed). */
export async function setupBaseline(db: Database): Promise<void> {
  await db.exec(readOriginal('setup'));
}

/** One run of the original design at clock `now`. */
export async function runBaseline(db: Database, now: Date): Promise<void> {
  for (const model of BASELINE_MODELS) {
    const statements = splitStatements(readOriginal(model));
    try {
      await db.transaction(async (tx) => {
        for (const statement of statements) {
          await tx.query(statement, statement.includes('$1') ? [now] : []);
        }
      });
    } catch (error) {
      throw new QueryError(`bench/original/${model}.sql`, error);
    }
  }
}
