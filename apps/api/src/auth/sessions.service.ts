import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { digest, newSecret } from './secrets';
import { SessionEntity } from './session.entity';
import { type RequestPrincipal } from './principal';
import { SessionRevocations } from './session-revocations.service';
import { TtlCache } from './ttl-cache';

/** Session tokens start with this; ingest keys made by Closewatch with `cwk`, configured ones with anything else. */
export const SESSION_TOKEN_PREFIX = 'cws';

/**
 * Opaque bearer tokens backed by the sessions table, so any replica can check them and logout is
 * immediate: a revocation is announced to every replica (SessionRevocations), which drops its
 * cache and disconnects the session's live sockets.
 */
@Injectable()
export class SessionsService {
  private readonly cache = new TtlCache<RequestPrincipal & { kind: 'user' }>(5_000);

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly revocations: SessionRevocations,
  ) {
    revocations.revoked$.subscribe(() => this.cache.clear());
  }

  async create(userId: string): Promise<string> {
    const token = newSecret(SESSION_TOKEN_PREFIX);
    await this.sessions.insert({
      userId,
      tokenHash: digest(token),
      expiresAt: new Date(Date.now() + this.config.sessionTtlHours * 3600_000),
    });
    return token;
  }

  async principalFor(token: string): Promise<(RequestPrincipal & { kind: 'user' }) | undefined> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const session = await this.sessions.findOne({
      where: { tokenHash: digest(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { user: true },
    });
    if (!session || session.user.disabledAt) return undefined;
    const principal = { kind: 'user' as const, userId: session.user.id, email: session.user.email, role: session.user.role, sessionId: session.id };
    this.cache.set(token, principal);
    return principal;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.manager.transaction(async (m) => {
      await m.update(SessionEntity, { id: sessionId }, { revokedAt: new Date() });
      await this.revocations.publish(m, { sessionId });
    });
    this.cache.clear();
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.sessions.manager.transaction(async (m) => {
      await m.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.revocations.publish(m, { userId });
    });
    this.cache.clear();
  }
}
