import { webhookSignature } from '@closewatch/contracts/webhook-signature';
import { type NotificationAction, type ReceiverKind } from '@closewatch/contracts/alerts';
import { type ReplayWebhookBody } from '@closewatch/contracts/replays';
import { type AlertPayload, pagerDutyEvent, slackMessage, webhookBody } from './payloads';

/** A receiver with its secrets opened, for one delivery. */
export interface OpenReceiver {
  name: string;
  kind: ReceiverKind;
  url: string;
  routingKey: string | null;
  secret: string | null;
}

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * The HTTP request a notification makes to its receiver (pure: the same on every retry). A
 * replay request's payload is its webhook body as it is (docs/replays.md), signed like a webhook.
 */
export function deliveryRequest(
  r: OpenReceiver,
  payload: AlertPayload | ReplayWebhookBody,
  action: NotificationAction,
  notificationId: string,
  source: string,
): DeliveryRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Closewatch-Alerts/1' };
  if (action === 'replay') return signedWebhook(r, JSON.stringify(payload), headers, notificationId);
  return alertRequest(r, payload as AlertPayload, action, notificationId, source, headers);
}

function alertRequest(
  r: OpenReceiver,
  payload: AlertPayload,
  action: Exclude<NotificationAction, 'replay'>,
  notificationId: string,
  source: string,
  headers: Record<string, string>,
): DeliveryRequest {
  if (r.kind === 'pagerduty') {
    return { url: r.url, body: JSON.stringify(pagerDutyEvent(payload, action, r.routingKey ?? '', source)), headers };
  }
  if (r.kind === 'slack') return { url: r.url, body: JSON.stringify(slackMessage(payload, action)), headers };
  return signedWebhook(r, JSON.stringify(webhookBody(payload, action)), headers, notificationId);
}

function signedWebhook(r: OpenReceiver, body: string, headers: Record<string, string>, notificationId: string): DeliveryRequest {
  return {
    url: r.url,
    body,
    headers: { ...headers, 'x-closewatch-signature': webhookSignature(r.secret ?? '', body), 'x-closewatch-delivery': notificationId },
  };
}
