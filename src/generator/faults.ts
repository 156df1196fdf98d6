/**
 * Row faults. Each kind takes round(rate x eligible events) rows that no
 * other fault has touched, so no row carries two faults and a resend
 * always repeats a clean row: every DQ counter is then exactly the number
 * of ledger entries of its kind.
 */
import type { Faker } from '@faker-js/faker';

import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar';
import type { GeneratorConfig } from './config';
import type { Draft } from './draft';
import { fractionSource, sampleInPlace } from './random';
import { ROW_FAULT_KINDS, type RowFaultKind } from './types';

/** Longest gap before a resend; resends stay inside their day. */
const MAX_RESEND_MS = 10 * MINUTE_MS;
const MAX_LATE_MS = 6 * HOUR_MS;

const TYPOS: Record<string, readonly string[]> = {
  view: ['veiw', 'vew', 'viewed'],
  click: ['clik', 'clck', 'clicked'],
  add_to_cart: ['add_to_crt', 'addtocart', 'add-to-cart'],
  purchase: ['purchse', 'purchace', 'buy'],
  signup: ['sign_up', 'singup', 'register'],
};
const UNKNOWN_NAMES = ['page_scroll', 'app_open', 'logout', 'wishlist_add'];
const BLANKS = [null, '', '   '] as const;
const DIMENSIONS = ['platform', 'region', 'source'] as const;
const REQUIRED = ['event_id', 'event_time', 'user_id', 'event_name'] as const;

/** Padded or re-cased spellings that trim + lower turn back into `value`. */
function respell(faker: Faker, value: string): string {
  const upper = value.toUpperCase();
  const title = value.charAt(0).toUpperCase() + value.slice(1);
  return faker.helpers.arrayElement([
    ` ${value}`,
    `${value}  `,
    upper,
    ` ${title} `,
  ]);
}

interface FaultRule {
  /** Which events the rate is a share of. */
  eligible(draft: Draft, dayEndMs: number): boolean;
  /** Changes the draft (or returns a new row) and says what it did. */
  apply(
    draft: Draft,
    faker: Faker,
  ): { details: Record<string, unknown>; added?: Draft };
}

const any = () => true;

function blankDimension(column: (typeof DIMENSIONS)[number]): FaultRule {
  return {
    eligible: any,
    apply(draft, faker) {
      const original = draft[column];
      const sent = faker.helpers.arrayElement(BLANKS);
      draft[column] = sent;
      return { details: { column, original, sent } };
    },
  };
}

const RULES: Record<RowFaultKind, FaultRule> = {
  invalid_event_name: {
    eligible: any,
    apply(draft, faker) {
      const original = draft.event_name!;
      const choices = [...(TYPOS[original] ?? []), ...UNKNOWN_NAMES];
      draft.event_name = faker.helpers.arrayElement(choices);
      return { details: { original, sent: draft.event_name } };
    },
  },
  normalisable_event_name: {
    eligible: any,
    apply(draft, faker) {
      const original = draft.event_name!;
      draft.event_name = respell(faker, original);
      return { details: { original, sent: draft.event_name } };
    },
  },
  normalisable_dimension: {
    eligible: any,
    apply(draft, faker) {
      const column = faker.helpers.arrayElement(DIMENSIONS);
      const original = draft[column]!;
      draft[column] = respell(faker, original);
      return { details: { column, original, sent: draft[column] } };
    },
  },
  negative_price: {
    eligible: (draft) => draft.price !== null,
    apply(draft) {
      const original = draft.price!;
      draft.price = `-${original}`;
      return { details: { original, sent: draft.price } };
    },
  },
  purchase_without_price: {
    eligible: (draft) => draft.event_name === 'purchase',
    apply(draft) {
      const original = draft.price;
      draft.price = null;
      draft.currency = null;
      return { details: { original } };
    },
  },
  unknown_platform: blankDimension('platform'),
  unknown_region: blankDimension('region'),
  unknown_source: blankDimension('source'),
  duplicate: {
    eligible: (draft, dayEndMs) => draft.arrivalMs + MAX_RESEND_MS < dayEndMs,
    apply(draft, faker) {
      const delayMs = faker.number.int({ min: 5_000, max: MAX_RESEND_MS });
      draft.reserved = true;
      const added: Draft = {
        ...draft,
        payload: draft.payload ? { ...draft.payload } : null,
        arrivalMs: draft.arrivalMs + delayMs,
        reserved: false,
        resendOf: draft,
      };
      return {
        details: {
          first_ingested_at: new Date(draft.arrivalMs).toISOString(),
          delay_ms: delayMs,
        },
        added,
      };
    },
  },
  missing_required: {
    eligible: any,
    apply(draft, faker) {
      const column = faker.helpers.arrayElement(REQUIRED);
      let original: unknown;
      if (column === 'event_time') {
        original = new Date(draft.eventMs!).toISOString();
        draft.eventMs = null;
      } else {
        original = draft[column];
        draft[column] = null;
      }
      return { details: { column, original, session_id: draft.session_id } };
    },
  },
  late: {
    eligible: (draft, dayEndMs) =>
      draft.eventMs !== null && draft.eventMs + MAX_LATE_MS < dayEndMs,
    apply(draft, faker) {
      const lateMs = faker.number.int({ min: HOUR_MS, max: MAX_LATE_MS });
      draft.arrivalMs = draft.eventMs! + lateMs;
      return { details: { late_ms: lateMs } };
    },
  },
  future_event_time: {
    eligible: any,
    apply(draft, faker) {
      const aheadMs = faker.number.int({
        min: 10 * MINUTE_MS,
        max: MAX_LATE_MS,
      });
      const original = new Date(draft.eventMs!).toISOString();
      draft.eventMs = draft.arrivalMs + aheadMs;
      return { details: { original_event_time: original, ahead_ms: aheadMs } };
    },
  },
};

/**
 * Injects every row fault into a day's clean drafts; returns them with the
 * resends appended. The faker must be the day's own fault stream.
 */
export function injectFaults(
  drafts: Draft[],
  config: GeneratorConfig,
  faker: Faker,
  dayStartMs: number,
): Draft[] {
  const dayEndMs = dayStartMs + DAY_MS;
  const rows = [...drafts];
  const next = fractionSource(faker);
  for (const kind of ROW_FAULT_KINDS) {
    const rule = RULES[kind];
    // One pass per kind: a day has tens of thousands of drafts.
    let eligible = 0;
    const free: Draft[] = [];
    for (const draft of drafts) {
      if (!rule.eligible(draft, dayEndMs)) continue;
      eligible += 1;
      if (draft.fault === null && !draft.reserved) free.push(draft);
    }
    const wanted = Math.round(config.faults[kind] * eligible);
    const count = Math.min(wanted, free.length);
    if (count <= 0) continue;
    for (const draft of sampleInPlace(next, free, count)) {
      const { details, added } = rule.apply(draft, faker);
      const target = added ?? draft;
      target.fault = { kind, details };
      if (added) rows.push(added);
    }
  }
  return rows;
}
