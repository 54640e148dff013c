import { type EntityManager } from 'typeorm';
import { type EndedReplayDelivery, insertReplayNotification } from './delivery.queries';

/**
 * The outbox's side of replay requests (docs/replays.md), owned by alerts and used by replays:
 * `enqueueReplayDelivery` writes a request's delivery into the outbox in the caller's transaction
 * (sent by the alerts worker, signed, its id the delivery id on every retry; answers that id), and
 * the worker tells the REPLAY_DELIVERY_LISTENER, which replays provides, when deliveries end.
 */
export { insertReplayNotification as enqueueReplayDelivery };
export type { EndedReplayDelivery };

export const REPLAY_DELIVERY_LISTENER = Symbol('REPLAY_DELIVERY_LISTENER');

export interface ReplayDeliveryListener {
  /**
   * Called in the transaction that records the deliveries' results: delivered (2xx) or failed for
   * good. What must wait for that commit (telling the dashboard) goes through `afterCommit`.
   */
  deliveriesEnded(m: EntityManager, deliveries: readonly EndedReplayDelivery[]): Promise<void>;
}
