import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { type Access, ACCESS_KEY } from './auth.decorators';
import { bearerToken } from './bearer';
import { type IngestScope } from './ingest-key.entity';
import { IngestKeysService } from './ingest-keys.service';
import { type RequestPrincipal } from './principal';
import { SESSION_TOKEN_PREFIX, SessionsService } from './sessions.service';

/** Global guard: every route must declare its access, and the caller must match it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly ingestKeys: IngestKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // socket.io authenticates in its handshake
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!access) throw new ApiError(ApiErrorCode.Forbidden, 'This endpoint declares no access and is closed');
    if (access.kind === 'public') return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: RequestPrincipal }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new ApiError(ApiErrorCode.Unauthenticated, 'Missing Authorization: Bearer token', [{ field: 'authorization', message: 'is required' }]);

    if (access.kind === 'ingest') {
      req.principal = await this.ingestPrincipal(token, access.scope);
      return true;
    }
    const user = await this.sessions.principalFor(token);
    if (!user && access.ingest && !token.startsWith(`${SESSION_TOKEN_PREFIX}_`)) {
      // A route that also takes ingest keys: a token that is not a session is tried as a key.
      req.principal = await this.ingestPrincipal(token, access.ingest);
      return true;
    }
    if (!user) throw new ApiError(ApiErrorCode.Unauthenticated, 'Session token is invalid or expired; sign in again');
    if (!access.roles.includes(user.role)) {
      throw new ApiError(ApiErrorCode.Forbidden, `Role ${user.role} may not do this; needs one of: ${access.roles.join(', ')}`);
    }
    req.principal = user;
    return true;
  }

  private async ingestPrincipal(token: string, scope: IngestScope): Promise<RequestPrincipal> {
    const key = await this.ingestKeys.verify(token, scope);
    if (!key) throw new ApiError(ApiErrorCode.Unauthenticated, await this.ingestKeys.refusal(token, scope));
    return { kind: 'ingest', keyId: key.id, name: key.name, flows: key.flows };
  }
}
