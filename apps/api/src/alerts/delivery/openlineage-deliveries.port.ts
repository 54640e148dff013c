/**
 * The outbox's side of OpenLineage (docs/audit.md#openlineage), owned by alerts and used by
 * openlineage: `enqueueOpenLineageEvents` writes run events into the outbox (each event key once);
 * the alerts worker sends them to CLOSEWATCH_OPENLINEAGE_URL with the outbox's retries.
 */
export { insertOpenLineageNotifications as enqueueOpenLineageEvents } from './delivery.queries';
