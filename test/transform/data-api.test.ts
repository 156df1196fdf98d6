import { runTransform } from '../../src/transform';
import {
  openDataApiEngine,
  type DataApiEngine,
} from '../support/data-api-engine';
import { RandomEvents } from './random-events';
import { referenceModel } from './reference';
import { insertRaw, readIncrementalState, readModel, readRaw } from './support';

const NOW = new Date('2026-03-12T00:00:00Z');

describe('transform through the RDS Data API driver', () => {
  let engine: DataApiEngine;

  beforeAll(async () => {
    engine = await openDataApiEngine();
  });

  afterAll(async () => {
    await engine.dispose();
  });

  test('runs every step one statement per call and equals the reference', async () => {
    const events = new RandomEvents(61);
    const sentIds: string[] = [];
    await insertRaw(
      engine.db,
      events.batch({
        size: 120,
        arrivedAt: new Date(NOW.getTime() - 7_200_000),
        sentIds,
      }),
    );
    const first = await runTransform(engine.db, { now: NOW });
    await insertRaw(
      engine.db,
      events.batch({ size: 80, arrivedAt: NOW, sentIds }),
    );
    const second = await runTransform(engine.db, { now: NOW });

    expect([first.error, second.error]).toEqual([null, null]);
    expect(second.rows_read).toBe(80);
    expect(await readModel(engine.db)).toEqual(
      referenceModel(await readRaw(engine.db)),
    );
    const incremental = await readIncrementalState(engine.db);
    await runTransform(engine.db, { now: NOW, fullRefresh: true });
    expect(await readIncrementalState(engine.db)).toEqual(incremental);
  });
});
