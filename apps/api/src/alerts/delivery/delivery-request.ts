import { webhookSignature } from '@closewatch/contracts/webhook-signature';
import { type NotificationAction, type ReceiverKind } from '@closewatch/contracts/alerts';
import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { type ReplayWebhookBody } from '@closewatch/contracts/replays';
import { type GroupPayload, isGroupPayload, slackGroupMessage } from './group-message';
import { type AlertAction, type AlertPayload, pagerDutyEvent, slackMessage, webhookBody } from './payloads';

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

/** A group payload reached a receiver that is no longer Slack-compatible (its kind was changed). */
export class UnsendableGroupError extends Error {}

/**
 * The HTTP request a notification makes to its receiver (pure: the same on every retry). A
 * replay request's payload is its webhook body as it is (docs/replays.md), signed like a webhook;
 * a route group's batch (only ever written for Slack receivers) is one Slack message.
 */
export function deliveryRequest(
  r: OpenReceiver,
  payload: AlertPayload | GroupPayload | ReplayWebhookBody,
  action: Exclude<NotificationAction, 'openlineage'>,
  notificationId: string,
  source: string,
): DeliveryRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Closewatch-Alerts/1' };
  if (action === 'replay') return signedWebhook(r, JSON.stringify(payload), headers, notificationId);
  if (isGroupPayload(payload)) {
    if (r.kind !== 'slack')
      throw new UnsendableGroupError(`a group of ${payload.members.length} incidents is sent only to a slack receiver; ${r.name} is ${r.kind}`);
    return { url: r.url, body: JSON.stringify(slackGroupMessage(payload, action)), headers };
  }
  return alertRequest(r, payload as AlertPayload, action, notificationId, source, headers);
}

function alertRequest(
  r: OpenReceiver,
  payload: AlertPayload,
  action: AlertAction,
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

/** Where OpenLineage events go: a Marquez-compatible server (CLOSEWATCH_OPENLINEAGE_URL) and its optional API key. */
export interface OpenLineageTarget {
  url: string;
  apiKey: string | undefined;
}

/**
 * An OpenLineage run event's request: `POST {url}/api/v1/lineage` with the event as it is
 * (Marquez answers 201), the API key as a bearer token when one is set (as OpenLineage's HTTP
 * transport sends it), and the notification id for the receiver's dedupe.
 */
export function openLineageRequest(target: OpenLineageTarget, event: OpenLineageRunEvent, notificationId: string): DeliveryRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Closewatch-OpenLineage/1',
    'x-closewatch-delivery': notificationId,
  };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return { url: `${target.url.replace(/\/+$/, '')}/api/v1/lineage`, body: JSON.stringify(event), headers };
}
