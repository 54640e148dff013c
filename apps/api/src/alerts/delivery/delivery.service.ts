import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AlertNotificationDetailDto, type AlertNotificationDto, type NotificationStatus } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError } from '../../common/api-error';
import { decodeTimeIdCursor, toPage } from '../../common/pagination';
import { isUuid } from '../../common/uuid';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ReceiversService } from '../receivers/receivers.service';
import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { type ReplayWebhookBody } from '@closewatch/contracts/replays';
import { LiveBus } from '../../live/live-bus';
import { type DeliveryRequest, type OpenReceiver, deliveryRequest, openLineageRequest, UnsendableGroupError } from './delivery-request';
import { type GroupPayload } from './group-message';
import { type AlertPayload } from './payloads';
import {
  type AttemptRecord,
  attemptsOf,
  claimDue,
  type ClaimedNotification,
  type DeliveryResult,
  listNotifications,
  notificationById,
  type NotificationRow,
  recordResults,
} from './delivery.queries';
import { REPLAY_DELIVERY_LISTENER, type ReplayDeliveryListener } from './replay-deliveries.port';
import { outcomeOf, type RetrySettings } from './retry-policy';
import { send } from './send';

/**
 * Notifications one lane claims at once: fewer round trips, as long as the lease still covers
 * sending them one after another at the worst (every one timing out), with room to spare.
 */
export function claimBatch(leaseMs: number, timeoutMs: number): number {
  return Math.max(1, Math.min(10, Math.floor(leaseMs / (2 * timeoutMs))));
}

/** The incidents a notification is about: a group batch's, its own, or none (a replay delivery). */
const incidentIdsOf = (r: Pick<NotificationRow, 'incident_id' | 'group_incident_ids'>): string[] =>
  r.group_incident_ids ?? (r.incident_id ? [r.incident_id] : []);

function toDto(r: NotificationRow): AlertNotificationDto {
  return {
    id: r.id,
    incidentId: r.incident_id,
    replayRequestId: r.replay_request_id,
    receiver: r.receiver,
    action: r.action,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    dueAt: r.due_at.toISOString(),
    latencyMs: r.delivered_at ? r.delivered_at.getTime() - r.created_at.getTime() : null,
    route: r.route,
    incidentIds: incidentIdsOf(r),
    groupKey: r.group_key,
  };
}

/**
 * The delivery worker: claims due notifications (delivery.queries.ts: across replicas, each
 * receiver's notifications of an incident one at a time, in order), sends them, and records
 * the answer: delivered, retried with backoff (Retry-After honoured) or failed. A notification
 * is sent with its own id as X-Closewatch-Delivery and PagerDuty's dedup key, so a retry after
 * a crash between send and record is recognisable as the same delivery.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('alerts');
  readonly worker = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly receivers: ReceiversService,
    private readonly bus: LiveBus,
    @Optional() @Inject(REPLAY_DELIVERY_LISTENER) private readonly replays?: ReplayDeliveryListener,
  ) {}

  /**
   * Delivers what is due, until nothing is or `budgetMs` has passed: CLOSEWATCH_ALERT_CONCURRENCY
   * lanes, each claiming a few notifications at a time (claimBatch) and sending them one after
   * another. Due-ness is judged at `now` when given (tests pass their own clock), else at the
   * moment of each claim. Answers how many attempts were made.
   */
  async drain(now?: Date, budgetMs = Number.POSITIVE_INFINITY): Promise<number> {
    const started = Date.now();
    const { concurrency, leaseMs, timeoutMs } = this.config.alerts;
    const batch = claimBatch(leaseMs, timeoutMs);
    let attempts = 0;
    // A burst to one receiver reads and decrypts it once per drain; a change to it counts from the next drain.
    const opened = new Map<string, Promise<OpenReceiver | undefined>>();
    const lane = async () => {
      while (Date.now() - started < budgetMs) {
        const at = now ?? new Date();
        const claimed = await claimDue(this.ds, at, this.worker, new Date(at.getTime() + leaseMs), batch);
        if (!claimed.length) return;
        const results: { id: string; result: DeliveryResult; attempt: AttemptRecord }[] = [];
        for (const n of claimed) results.push({ id: n.id, ...(await this.deliver(n, now ?? new Date(), opened)) });
        const recorded = await this.ds.transaction(async (m) => {
          const { recorded, endedReplays } = await recordResults(m, this.worker, results);
          if (endedReplays.length && this.replays) await this.replays.deliveriesEnded(m, endedReplays);
          return recorded;
        });
        this.bus.publishAlertNotifications({
          notifications: recorded.map((r) => ({
            id: r.id,
            incidentIds: incidentIdsOf(r),
            receiver: r.receiver,
            action: r.action,
            status: r.status,
          })),
          at: (now ?? new Date()).toISOString(),
        });
        attempts += claimed.length;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
    return attempts;
  }

  async list(q: {
    incidentId?: string;
    receiver?: string;
    status?: NotificationStatus[];
    limit: number;
    cursor?: string;
  }): Promise<Page<AlertNotificationDto>> {
    if (q.incidentId !== undefined && !isUuid(q.incidentId)) throw ApiError.field('incidentId', 'is not an incident id');
    const key = decodeTimeIdCursor(q.cursor);
    const rows = await listNotifications(this.ds, {
      incidentId: q.incidentId,
      receiver: q.receiver,
      status: q.status,
      after: key && { createdAt: key.at, id: key.id },
      limit: q.limit + 1,
    });
    return toPage(rows, q.limit, toDto, (r) => [r.created_at.toISOString(), r.id]);
  }

  /** One notification with every recorded attempt (oldest first); 404 when there is none with that id. */
  async detail(id: string): Promise<AlertNotificationDetailDto> {
    if (!isUuid(id)) throw ApiError.field('id', 'is not a notification id');
    const row = await notificationById(this.ds, id);
    if (!row) throw ApiError.notFound('notification');
    const attempts = await attemptsOf(this.ds, id);
    return {
      ...toDto(row),
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        attemptedAt: a.attempted_at.toISOString(),
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        outcome: a.outcome,
        error: a.error,
        nextAttemptAt: a.next_attempt_at?.toISOString() ?? null,
      })),
    };
  }

  /**
   * Sends one notification and answers its result with the attempt for the delivery log;
   * `opened` holds the receivers this drain has read and decrypted already.
   */
  private async deliver(
    n: ClaimedNotification,
    now: Date,
    opened: Map<string, Promise<OpenReceiver | undefined>>,
  ): Promise<{ result: DeliveryResult; attempt: AttemptRecord }> {
    const request = await this.requestOf(n, opened);
    if ('error' in request) {
      return { result: { kind: 'failed', statusCode: null, error: request.error }, attempt: { attempt: n.attempts, attemptedAt: now, latencyMs: 0 } };
    }
    const answer = await send(request, this.config.alerts.timeoutMs);
    const attempt = { attempt: n.attempts, attemptedAt: now, latencyMs: answer.latencyMs };
    const at = new Date(now.getTime() + answer.latencyMs);
    const outcome = outcomeOf(answer, n.attempts, n.created_at, at, this.retrySettings());
    if (outcome.kind === 'delivered') return { result: { kind: 'delivered', statusCode: answer.statusCode, at }, attempt };
    if (outcome.kind === 'retry') {
      return { result: { kind: 'retry', statusCode: answer.statusCode, error: answer.error, dueAt: new Date(at.getTime() + outcome.delayMs) }, attempt };
    }
    this.logger.warn(`notification ${n.id} to ${n.receiver} failed: ${answer.error ?? 'gave up'}`);
    return { result: { kind: 'failed', statusCode: answer.statusCode, error: answer.error }, attempt };
  }

  /** The request a notification makes: to its receiver, or (an OpenLineage event) to CLOSEWATCH_OPENLINEAGE_URL. */
  private async requestOf(n: ClaimedNotification, opened: Map<string, Promise<OpenReceiver | undefined>>): Promise<DeliveryRequest | { error: string }> {
    if (n.action === 'openlineage') {
      const { url, apiKey } = this.config.openlineage;
      if (!url) return { error: 'CLOSEWATCH_OPENLINEAGE_URL is not set any more' };
      return openLineageRequest({ url, apiKey }, n.payload as OpenLineageRunEvent, n.id);
    }
    let receiver: OpenReceiver | undefined;
    try {
      if (!opened.has(n.receiver)) opened.set(n.receiver, this.receivers.open(n.receiver));
      receiver = await opened.get(n.receiver);
    } catch (err) {
      return { error: `receiver ${n.receiver} cannot be decrypted: ${(err as Error).message}` };
    }
    if (!receiver) return { error: `receiver ${n.receiver} does not exist` };
    try {
      return deliveryRequest(receiver, n.payload as AlertPayload | GroupPayload | ReplayWebhookBody, n.action, n.id, this.config.alerts.source);
    } catch (err) {
      if (!(err instanceof UnsendableGroupError)) throw err;
      return { error: err.message };
    }
  }

  private retrySettings(): RetrySettings {
    const a = this.config.alerts;
    return { baseDelayMs: a.retryBaseMs, maxDelayMs: a.retryMaxMs, giveUpAfterMs: a.giveUpAfterMs };
  }
}
