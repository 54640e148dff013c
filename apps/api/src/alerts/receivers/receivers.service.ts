import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../../audit/audit-log.service';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PAGERDUTY_EVENTS_URL, type ReceiverBody, type ReceiverDto, type ReceiverTestResult, SECRET_MASK } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, type PageQuery, toPage } from '../../common/pagination';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { SecretKeyService } from '../../recon/secrets/secret-key.service';
import { deliveryRequest, type OpenReceiver } from '../delivery/delivery-request';
import { type AlertPayload } from '../delivery/payloads';
import { send } from '../delivery/send';
import { isMask, urlHint } from './receiver-mask';
import { receiverContext } from './receiver-secrets';
import { deleteReceiver, insertReceiver, listReceivers, receiverByName, type ReceiverRow, routesUsing, updateReceiver } from './receivers.queries';

function toDto(r: ReceiverRow): ReceiverDto {
  return {
    name: r.name,
    kind: r.kind,
    url: r.url_hint,
    routingKey: r.routing_key_ciphertext ? SECRET_MASK : null,
    secret: r.secret_ciphertext ? SECRET_MASK : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Alert receivers: admin configuration whose URL, routing key and secret are sealed at rest
 * with the key that seals connection URLs (AES-256-GCM, the receiver and field as associated
 * data) and never answered back: the URL shows its origin only, the others the mask. A PUT
 * sending the mask (or the URL as shown) back keeps the stored value.
 */
@Injectable()
export class ReceiversService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretKeyService,
    private readonly audit: AuditLog,
  ) {}

  /** Changes are audited (`alert_receiver.create`, `.update`, `.delete`) as the API shows receivers: URL origin only, secrets masked. */
  async create(body: ReceiverBody, userId: string | null, actor: AuditActor = SYSTEM_ACTOR): Promise<ReceiverDto> {
    for (const [field, v] of [
      ['url', body.url],
      ['routingKey', body.routingKey],
      ['secret', body.secret],
    ] as const) {
      if (isMask(v) || (field === 'url' && v?.includes(SECRET_MASK))) throw ApiError.field(field, 'is the mask; send the value itself');
    }
    const sealed = this.sealed(body, { url: body.url ?? PAGERDUTY_EVENTS_URL, routingKey: body.routingKey, secret: body.secret }, userId);
    return this.ds.transaction(async (m) => {
      const row = await insertReceiver(m, sealed);
      if (!row) throw new ApiError(ApiErrorCode.Conflict, `receiver ${body.name} already exists`, [{ field: 'name', message: 'is taken' }]);
      const dto = toDto(row);
      await this.audit.append(m, { actor, action: 'alert_receiver.create', objectType: 'alert_receiver', objectId: dto.name, after: dto });
      return dto;
    });
  }

  async replace(name: string, body: ReceiverBody, actor: AuditActor = SYSTEM_ACTOR): Promise<ReceiverDto> {
    if (body.name !== name) throw ApiError.field('name', 'must be the name in the path (a receiver is renamed by creating another)');
    return this.ds.transaction(async (m) => {
      const row = await receiverByName(m, name, true);
      if (!row) throw ApiError.notFound(`receiver ${name}`);
      const keep = (field: 'url' | 'routingKey' | 'secret', sent: string | undefined, sealed: string | null, context: string): string | undefined => {
        const masked = isMask(sent) || (field === 'url' && sent === row.url_hint && sent.includes(SECRET_MASK));
        if (!masked) return sent;
        if (!sealed || row.kind !== body.kind) throw ApiError.field(field, 'is the mask, but there is no stored value of this kind to keep');
        return this.secrets.open(sealed, context);
      };
      const url = keep('url', body.url, row.url_ciphertext, receiverContext(name, 'url')) ?? PAGERDUTY_EVENTS_URL;
      const routingKey = keep('routingKey', body.routingKey, row.routing_key_ciphertext, receiverContext(name, 'routing_key'));
      const secret = keep('secret', body.secret, row.secret_ciphertext, receiverContext(name, 'secret'));
      const dto = toDto((await updateReceiver(m, this.sealed(body, { url, routingKey, secret }, null)))!);
      await this.audit.append(m, { actor, action: 'alert_receiver.update', objectType: 'alert_receiver', objectId: name, before: toDto(row), after: dto });
      return dto;
    });
  }

  async list(q: PageQuery): Promise<Page<ReceiverDto>> {
    const key = decodeCursor<[unknown]>(q.cursor, 1);
    if (key && typeof key[0] !== 'string') throw ApiError.field('cursor', 'is not a cursor this list returned');
    const rows = await listReceivers(this.ds, key?.[0] as string | undefined, q.limit + 1);
    return toPage(rows, q.limit, toDto, (r) => [r.name]);
  }

  async get(name: string): Promise<ReceiverDto> {
    const row = await receiverByName(this.ds, name);
    if (!row) throw ApiError.notFound(`receiver ${name}`);
    return toDto(row);
  }

  async remove(name: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.ds.transaction(async (m) => {
      const using = await routesUsing(m, name);
      if (using.length) throw new ApiError(ApiErrorCode.Conflict, `receiver ${name} is used by route ${using.join(', ')}`);
      const before = await receiverByName(m, name, true);
      if (!before || !(await deleteReceiver(m, name))) throw ApiError.notFound(`receiver ${name}`);
      await this.audit.append(m, { actor, action: 'alert_receiver.delete', objectType: 'alert_receiver', objectId: name, before: toDto(before) });
    });
  }

  /** The receiver with its secrets opened, for delivery; undefined when it does not exist (throws when it does not decrypt). */
  async open(name: string): Promise<OpenReceiver | undefined> {
    const row = await receiverByName(this.ds, name);
    if (!row) return undefined;
    const open = (sealed: string | null, field: 'url' | 'routing_key' | 'secret') => (sealed ? this.secrets.open(sealed, receiverContext(name, field)) : null);
    return {
      name,
      kind: row.kind,
      url: open(row.url_ciphertext, 'url')!,
      routingKey: open(row.routing_key_ciphertext, 'routing_key'),
      secret: open(row.secret_ciphertext, 'secret'),
    };
  }

  /** Sends a test notification (not through the outbox; nothing is logged); a PagerDuty test is resolved right after. */
  async test(name: string): Promise<ReceiverTestResult> {
    const receiver = await this.open(name);
    if (!receiver) throw ApiError.notFound(`receiver ${name}`);
    const payload = testPayload(this.config.alerts.publicUrl, name);
    const id = `test-${Date.now()}`;
    const answer = await send(deliveryRequest(receiver, payload, 'trigger', id, this.config.alerts.source), this.config.alerts.timeoutMs);
    const ok = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
    if (ok && receiver.kind === 'pagerduty')
      await send(deliveryRequest(receiver, payload, 'resolve', id, this.config.alerts.source), this.config.alerts.timeoutMs);
    return { ok, statusCode: answer.statusCode, error: answer.error, latencyMs: answer.latencyMs };
  }

  private sealed(body: ReceiverBody, values: { url: string; routingKey: string | undefined; secret: string | undefined }, createdBy: string | null) {
    const seal = (v: string | undefined, field: 'url' | 'routing_key' | 'secret') =>
      v === undefined ? null : this.secrets.seal(v, receiverContext(body.name, field)).sealed;
    return {
      name: body.name,
      kind: body.kind,
      urlCiphertext: seal(values.url, 'url')!,
      urlHint: urlHint(values.url, [PAGERDUTY_EVENTS_URL]),
      routingKeyCiphertext: seal(values.routingKey, 'routing_key'),
      secretCiphertext: seal(values.secret, 'secret'),
      keyId: this.secrets.keyId(),
      createdBy,
    };
  }
}

/** What a test notification says: a made-up incident, marked as a test. */
function testPayload(publicUrl: string, receiver: string): AlertPayload {
  const at = new Date().toISOString();
  return {
    incident: {
      id: '00000000-0000-0000-0000-000000000000',
      title: `Closewatch test notification for receiver ${receiver}`,
      flow: 'closewatch-test',
      cause: null,
      type: null,
      entity: null,
      period: null,
      status: 'open',
      severity: 'low',
      exceptionCount: 0,
      unresolvedCount: 0,
      firstSeenAt: at,
      lastSeenAt: at,
      resolvedAt: null,
      amountsAtRisk: [],
      impacts: [],
      ownerTeam: null,
    },
    exceptions: [],
    links: { incident: `${publicUrl}/alerts` },
  };
}
