import { z } from 'zod';
import { EXCEPTION_TYPES, SEVERITIES } from './exceptions';
import { type Role } from './roles';

/**
 * Alerts to on-call (docs/alerts.md): receivers (PagerDuty Events API v2, Slack-compatible
 * incoming webhooks, generic signed webhooks), ordered routes that match incidents, silences,
 * and the delivery log of the durable outbox.
 */

/** Roles that configure receivers and routes; everyone reads. */
export const ALERT_CONFIG_ROLES = ['admin'] as const satisfies readonly Role[];
/** Roles that acknowledge incidents and create or expire silences; everyone reads. */
export const ALERT_ACTING_ROLES = ['admin', 'it_ops', 'finance_ops'] as const satisfies readonly Role[];

export const RECEIVER_KINDS = ['webhook', 'slack', 'pagerduty'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** Alert actions, a replay request's delivery (`replay`) and an OpenLineage run event pushed to CLOSEWATCH_OPENLINEAGE_URL (`openlineage`). */
export const NOTIFICATION_ACTIONS = ['trigger', 'acknowledge', 'resolve', 'repeat', 'escalate', 'replay', 'openlineage'] as const;
export type NotificationAction = (typeof NOTIFICATION_ACTIONS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed', 'silenced'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The impact areas a flow declares (catalog `impacts`). */
export const IMPACT_AREAS = ['close', 'cash', 'board_metric'] as const;

/** What a route or a silence may match on; each matcher takes one value or a list. */
export const MATCH_KEYS = ['flow', 'type', 'severity', 'impact', 'entity', 'owner'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];
/** What a route may group incidents by. */
export const GROUP_BY_KEYS = ['flow', 'cause', 'type', 'severity', 'entity', 'period', 'owner'] as const;
export type GroupByKey = (typeof GROUP_BY_KEYS)[number];

/** Alertmanager's defaults where a route leaves timing out. */
export const DEFAULT_GROUP_WAIT_SECONDS = 30;
export const DEFAULT_GROUP_INTERVAL_SECONDS = 300;
export const DEFAULT_REPEAT_INTERVAL_SECONDS = 4 * 3600;

/** What answers carry in place of a stored secret; sent back on update, it keeps the stored one. */
export const SECRET_MASK = '********';
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const ALERT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const name = z.string().regex(ALERT_NAME_PATTERN, 'must be a lowercase name such as "ap-oncall" (a-z, 0-9, "_", "-")');
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(100)]);
const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const matchSchema = z
  .object({
    flow: oneOrMany(text(200)).optional(),
    type: oneOrMany(z.enum(EXCEPTION_TYPES)).optional(),
    severity: oneOrMany(z.enum(SEVERITIES)).optional(),
    impact: oneOrMany(z.enum(IMPACT_AREAS)).optional(),
    entity: oneOrMany(text(200)).optional(),
    owner: oneOrMany(text(200)).optional(),
  })
  .strict();
export type AlertMatch = z.infer<typeof matchSchema>;

const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const receiverBodySchema = z
  .object({
    name,
    kind: z.enum(RECEIVER_KINDS),
    url: httpUrl.optional(),
    routingKey: z.string().min(1).max(255).optional(),
    secret: z.string().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind !== 'pagerduty' && b.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required' });
    if (b.kind === 'pagerduty' && b.routingKey === undefined) ctx.addIssue({ code: 'custom', path: ['routingKey'], message: 'is required' });
    if (b.kind !== 'pagerduty' && b.routingKey !== undefined) ctx.addIssue({ code: 'custom', path: ['routingKey'], message: 'is only for pagerduty' });
    if (b.kind === 'webhook' && b.secret === undefined) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'is required' });
    if (b.kind !== 'webhook' && b.secret !== undefined) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'is only for webhook' });
  });
export type ReceiverBody = z.infer<typeof receiverBodySchema>;

export interface ReceiverDto {
  name: string;
  kind: ReceiverKind;
  /** Scheme, host and port only; the path and query (a Slack token, for one) are masked. */
  url: string;
  /** SECRET_MASK when one is stored; never the value. */
  routingKey: string | null;
  secret: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReceiverTestResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

export const escalationStepSchema = z
  .object({
    afterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    receiver: name,
  })
  .strict();

export const routeBodySchema = z
  .object({
    name: name.refine((n) => n !== 'dry-run', 'is reserved (GET /api/v1/alert-routes/dry-run)'),
    order: z.number().int().min(0).max(1_000_000),
    match: matchSchema.default({}),
    receivers: z.array(name).max(20).default([]),
    continue: z.boolean().default(false),
    groupBy: z.array(z.enum(GROUP_BY_KEYS)).max(GROUP_BY_KEYS.length).default([]),
    groupWaitSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_GROUP_WAIT_SECONDS),
    groupIntervalSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(DEFAULT_GROUP_INTERVAL_SECONDS),
    repeatIntervalSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(DEFAULT_REPEAT_INTERVAL_SECONDS),
    escalation: z.array(escalationStepSchema).max(10).default([]),
  })
  .strict()
  .superRefine((b, ctx) => {
    b.escalation.forEach((s, i) => {
      if (i > 0 && s.afterMinutes <= b.escalation[i - 1]!.afterMinutes) {
        ctx.addIssue({ code: 'custom', path: ['escalation', i, 'afterMinutes'], message: 'must be later than the step before' });
      }
    });
  });
export type RouteBody = z.infer<typeof routeBodySchema>;
export type RouteInput = z.input<typeof routeBodySchema>;

export interface RouteDto extends RouteBody {
  createdAt: string;
  updatedAt: string;
}

export interface RouteDryRunDto {
  incidentId: string;
  /** The facts routes match on. */
  facts: Record<MatchKey, string[]>;
  /** The flow's `alertRoute`, when it names one. */
  flowRoute: string | null;
  routes: { name: string; receivers: string[]; continue: boolean }[];
  /** Silences that would mute it now. */
  silencedBy: string[];
}

export const silenceBodySchema = z
  .object({
    matchers: matchSchema,
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    comment: text(2000),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!Object.keys(b.matchers).length) ctx.addIssue({ code: 'custom', path: ['matchers'], message: 'must name at least one matcher' });
    if (b.startsAt && Date.parse(b.endsAt) <= Date.parse(b.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });
export type SilenceBody = z.infer<typeof silenceBodySchema>;

export interface SilenceDto {
  id: string;
  matchers: AlertMatch;
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string | null;
  createdAt: string;
  /** When DELETE expired it (endsAt moved to that moment), else null. */
  expiredAt: string | null;
  state: 'pending' | 'active' | 'expired';
}

export interface AlertNotificationDto {
  id: string;
  /** The incident paged about; null for a replay request's delivery (`replayRequestId`) and an OpenLineage event. */
  incidentId: string | null;
  replayRequestId: string | null;
  receiver: string;
  action: NotificationAction;
  status: NotificationStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Not before this moment (group wait, group interval, backoff). */
  dueAt: string;
  /** Milliseconds from the notification's creation to its delivery. */
  latencyMs: number | null;
  route: string | null;
  /**
   * Every incident it is about: its own, or a route group's batch of incidents that went out as
   * one Slack message (then `incidentId` is the batch's first); empty for a replay delivery.
   */
  incidentIds: string[];
  /** The route group of a batch (its group-by values), else null. */
  groupKey: string | null;
}

export const DELIVERY_OUTCOMES = ['delivered', 'retry', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One attempt to deliver a notification, as the worker recorded it. */
export interface AlertDeliveryAttemptDto {
  /** 1 for the first try; a number missing from the log is a try whose worker died before recording it. */
  attempt: number;
  attemptedAt: string;
  /** The receiver's HTTP status; null when no answer came (network error, timeout) or nothing was sent. */
  statusCode: number | null;
  latencyMs: number;
  outcome: DeliveryOutcome;
  /** The receiver's message on a non-2xx answer, or why the request failed. */
  error: string | null;
  /** When a `retry` is tried next. */
  nextAttemptAt: string | null;
}

/** `GET /api/v1/alert-notifications/:id`: the notification with every attempt, oldest first. */
export interface AlertNotificationDetailDto extends AlertNotificationDto {
  attemptLog: AlertDeliveryAttemptDto[];
}

/** Live `alerts.notifications`: notifications written (queued or silenced) or delivered, retried or failed, after commit. */
export interface AlertNotificationsChangedEvent {
  notifications: { id: string; incidentIds: string[]; receiver: string; action: NotificationAction; status: NotificationStatus }[];
  at: string;
}
