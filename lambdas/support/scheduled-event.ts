/**
 * The EventBridge "Scheduled Event" a rule sends to its target, and the
 * Lambda context fields the handlers use. Declared here rather than taken
 * from @types/aws-lambda: the handlers read four fields.
 */
export interface ScheduledEvent {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** The rule's scheduled time, ISO 8601 in UTC, to the second. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
}

/**
 * The time the run stands for: the rule's scheduled time, so a retried
 * event covers the same window; now, when the event carries no valid time
 * (a manual test invoke with `{}`).
 */
export function eventTime(event: Partial<ScheduledEvent>): Date {
  const time = event.time ? new Date(event.time) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time : new Date();
}
