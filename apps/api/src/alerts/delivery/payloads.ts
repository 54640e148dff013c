import { type NotificationAction } from '@closewatch/contracts/alerts';
import { type MoneyDto, type Severity } from '@closewatch/contracts/exceptions';

/**
 * What a notification says, snapshotted in the transaction that creates it (so every retry
 * sends the same body), and how each receiver kind renders it. Pure.
 */
export interface AlertPayload {
  incident: {
    id: string;
    title: string;
    flow: string;
    cause: string | null;
    type: string | null;
    entity: string | null;
    period: string | null;
    status: string;
    severity: Severity;
    exceptionCount: number;
    unresolvedCount: number;
    firstSeenAt: string;
    lastSeenAt: string;
    resolvedAt: string | null;
    amountsAtRisk: MoneyDto[];
    impacts: string[];
    ownerTeam: string | null;
  };
  /** The most recently seen exceptions (at most PAYLOAD_EXCEPTIONS). */
  exceptions: { id: string; type: string; recordKey: string | null; status: string; severity: string; amountAtRisk: string | null; currency: string | null }[];
  /** The incident in Closewatch, and the flow's runbook for the incident's error class when it names one. */
  links: { incident: string; runbook?: string };
}

export const PAYLOAD_EXCEPTIONS = 20;

export interface Rendered {
  body: string;
  headers: Record<string, string>;
}

/** What an alert notification says (a replay request's delivery and an OpenLineage event carry their own bodies). */
export type AlertAction = Exclude<NotificationAction, 'replay' | 'openlineage'>;

const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info' };
const PD_ACTION: Record<AlertAction, 'trigger' | 'acknowledge' | 'resolve'> = {
  trigger: 'trigger',
  repeat: 'trigger',
  escalate: 'trigger',
  acknowledge: 'acknowledge',
  resolve: 'resolve',
};

/** Cuts text to at most `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** One currency: its amount; several: each with its currency; none: null. */
function amountAtRisk(amounts: readonly MoneyDto[]): { amount: string | null; currency: string | null } {
  if (!amounts.length) return { amount: null, currency: null };
  if (amounts.length === 1) return { amount: amounts[0]!.amount, currency: amounts[0]!.currency };
  return { amount: amounts.map((a) => `${a.amount} ${a.currency}`).join(', '), currency: amounts.map((a) => a.currency).join(', ') };
}

export function summaryOf(p: AlertPayload): string {
  const { amount, currency } = amountAtRisk(p.incident.amountsAtRisk);
  const money = amount ? ` — ${amount}${p.incident.amountsAtRisk.length === 1 ? ` ${currency}` : ''} at risk` : '';
  return `[${p.incident.severity}] ${p.incident.title}${money}`;
}

/** The PagerDuty Events API v2 event (docs/alerts.md). */
export function pagerDutyEvent(p: AlertPayload, action: AlertAction, routingKey: string, source: string): Record<string, unknown> {
  const { amount, currency } = amountAtRisk(p.incident.amountsAtRisk);
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: PD_ACTION[action],
    dedup_key: truncate(`closewatch:${p.incident.id}`, 255),
  };
  if (event.event_action === 'trigger') {
    event.payload = {
      summary: truncate(summaryOf(p), 1024),
      source,
      severity: PD_SEVERITY[p.incident.severity],
      timestamp: p.incident.firstSeenAt,
      component: p.incident.flow,
      group: p.incident.ownerTeam ?? undefined,
      class: p.incident.cause ?? p.incident.type ?? undefined,
      custom_details: {
        flow: p.incident.flow,
        entity: p.incident.entity,
        period: p.incident.period,
        amount_at_risk: amount,
        currency,
        impacts: p.incident.impacts,
        exception_count: p.incident.exceptionCount,
      },
    };
    event.links = [{ href: p.links.incident, text: 'Incident in Closewatch' }, ...(p.links.runbook ? [{ href: p.links.runbook, text: 'Runbook' }] : [])];
    event.client = 'Closewatch';
    event.client_url = p.links.incident;
  }
  return event;
}

/** The generic webhook body: `{version: 1, action, incident, exceptions, links}`. */
export function webhookBody(p: AlertPayload, action: AlertAction): Record<string, unknown> {
  return { version: 1, action, incident: p.incident, exceptions: p.exceptions, links: p.links };
}

/** How a message names what happened. */
export const ACTION_VERB: Record<AlertAction, string> = {
  trigger: 'Triggered',
  repeat: 'Still open',
  escalate: 'Escalated',
  acknowledge: 'Acknowledged',
  resolve: 'Resolved',
};

/**
 * A Slack-compatible incoming-webhook message: `text` (the notification fallback, within 3,000
 * characters here) and blocks within Slack's limits (at most 50 blocks; section text at most
 * 3,000 characters; at most 10 fields of at most 2,000; header text at most 150).
 */
export function slackMessage(p: AlertPayload, action: AlertAction): Record<string, unknown> {
  const i = p.incident;
  const { amount, currency } = amountAtRisk(i.amountsAtRisk);
  const fields = [
    ['Severity', i.severity],
    ['Flow', i.flow],
    ['Entity', i.entity],
    ['Period', i.period],
    ['Amount at risk', amount ? (i.amountsAtRisk.length === 1 ? `${amount} ${currency}` : amount) : null],
    ['Exceptions', `${i.unresolvedCount} unresolved of ${i.exceptionCount}`],
    ['Impacts', i.impacts.join(', ') || null],
    ['Owner', i.ownerTeam],
  ]
    .filter((f): f is [string, string] => f[1] !== null && f[1] !== '')
    .slice(0, 10)
    .map(([k, v]) => ({ type: 'mrkdwn', text: truncate(`*${k}*\n${v}`, 2000) }));
  const text = truncate(`${ACTION_VERB[action]}: ${summaryOf(p)} ${p.links.incident}`, 3000);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`${ACTION_VERB[action]}: ${i.title}`, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(summaryOf(p), 3000) }, fields },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open in Closewatch' }, url: truncate(p.links.incident, 3000) },
          ...(p.links.runbook ? [{ type: 'button', text: { type: 'plain_text', text: 'Runbook' }, url: truncate(p.links.runbook, 3000) }] : []),
        ],
      },
    ],
  };
}
