/** Generator drafts for tests of the backfill's CSV encoding. */
import type { Draft } from '../../src/generator/draft';

/** A draft with every value null (arrival at the epoch) but `over`'s. */
export function draftOf(over: Partial<Draft>): Draft {
  return {
    event_id: null,
    eventMs: null,
    user_id: null,
    session_id: null,
    event_name: null,
    item_id: null,
    price: null,
    currency: null,
    platform: null,
    region: null,
    source: null,
    experiment_id: null,
    payload: null,
    arrivalMs: 0,
    seq: 0,
    fault: null,
    reserved: false,
    resendOf: null,
    ...over,
  };
}
