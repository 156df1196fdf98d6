/** An alert channel: sends one message or throws a DeliveryError. */
import type { AlertMessage } from './message';

export interface AlertChannel {
  /** Stable name, used as the key of dq.notifications.deliveries. */
  readonly name: string;
  send(message: AlertMessage, timeoutMs: number): Promise<void>;
}
