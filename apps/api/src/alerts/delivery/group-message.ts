import { type GroupByKey } from '@closewatch/contracts/alerts';
import { ACTION_VERB, type AlertAction, type AlertPayload, slackMessage, summaryOf, truncate } from './payloads';

/**
 * A route group's batch of triggers to one Slack receiver, sent as one message (docs/alerts.md,
 * "Grouping"): the group (its route and group-by values) and each incident's own snapshot, in
 * the order they joined. Pure.
 */
export interface GroupPayload {
  group: { route: string; by: Partial<Record<GroupByKey, string | null>> };
  members: AlertPayload[];
}

export function isGroupPayload(p: unknown): p is GroupPayload {
  return typeof p === 'object' && p !== null && Array.isArray((p as { members?: unknown }).members);
}

/** Incidents listed one section each; more are counted in a closing line (Slack allows 50 blocks). */
export const GROUP_MESSAGE_INCIDENTS = 20;

/** What the group is, e.g. `flow coupa-to-netsuite, entity US01` (the route's name when it has no values). */
export function groupLabel(g: GroupPayload['group']): string {
  const parts = Object.entries(g.by).map(([k, v]) => `${k} ${v ?? '(none)'}`);
  return parts.length ? parts.join(', ') : g.route;
}

/**
 * One Slack-compatible message for the batch: a lone incident reads as its own message; several
 * get a header naming how many and the group, one section per incident (its summary and a link),
 * and a context line for those beyond GROUP_MESSAGE_INCIDENTS — within Slack's limits (50 blocks,
 * 3,000 characters of text and section text, 150 of header).
 */
export function slackGroupMessage(g: GroupPayload, action: AlertAction): Record<string, unknown> {
  if (g.members.length === 1) return slackMessage(g.members[0]!, action);
  const head = `${ACTION_VERB[action]}: ${g.members.length} incidents — ${groupLabel(g.group)}`;
  const shown = g.members.slice(0, GROUP_MESSAGE_INCIDENTS);
  const more = g.members.length - shown.length;
  const lines = g.members.map((p) => `• ${summaryOf(p)} ${p.links.incident}`);
  return {
    text: truncate(`${head}\n${lines.join('\n')}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(head, 150) } },
      ...shown.map((p) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`${summaryOf(p)}\n<${p.links.incident}|Open in Closewatch>`, 3000) },
      })),
      ...(more > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more in the same group` }] }] : []),
    ],
  };
}
