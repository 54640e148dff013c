import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { PgListener } from '../database/pg-listener';

/** One session ended (logout), or every session of a user (disabled, role or password changed). */
export type SessionRevocation = { sessionId: string } | { userId: string };

const CHANNEL = 'closewatch_session_revoked';

/**
 * Tells every replica at once that sessions were revoked, through PostgreSQL NOTIFY on the
 * database they share: the live gateway disconnects those sessions' sockets and SessionsService
 * drops its cache. The replica that revokes hears its own notification too, so there is one path.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit, OnModuleDestroy {
  /** Revocations committed by any replica. */
  readonly revoked$ = new Subject<SessionRevocation>();
  /** The listener reconnected: revocations in between were missed, so check every session again. */
  readonly resumed$ = new Subject<void>();
  private readonly logger = new Logger('sessions');
  private readonly listener: PgListener;

  constructor(@InjectDataSource() ds: DataSource) {
    this.listener = new PgListener({
      url: (ds.options as { url?: string }).url ?? '',
      channel: CHANNEL,
      onNotification: (payload) => this.receive(payload),
      onResumed: () => this.resumed$.next(),
      onError: (err) => this.logger.warn({ msg: 'session revocation listener', err: err instanceof Error ? err.message : String(err) }),
    });
  }

  onModuleInit(): Promise<void> {
    return this.listener.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.listener.stop();
  }

  /** Call inside the transaction that revokes: PostgreSQL delivers the notification when it commits, and drops it on rollback. */
  async publish(manager: EntityManager, revocation: SessionRevocation): Promise<void> {
    await manager.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(revocation)]);
  }

  private receive(payload: string): void {
    try {
      const r = JSON.parse(payload) as Record<string, unknown>;
      if (typeof r.sessionId === 'string') this.revoked$.next({ sessionId: r.sessionId });
      else if (typeof r.userId === 'string') this.revoked$.next({ userId: r.userId });
    } catch {
      this.logger.warn({ msg: 'ignored a malformed session revocation', payload: payload.slice(0, 200) });
    }
  }
}
