import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Role } from '@closewatch/contracts/roles';
import { type IngestScope } from './ingest-key.entity';
import { type RequestPrincipal } from './principal';

export const ACCESS_KEY = 'closewatch:access';

export type Access = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'ingest'; scope: IngestScope };

/** Every handler states who may call it; a handler without one of these is refused (fail closed). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);
/** Any signed-in user, whatever the role. */
export const AnyRole = () => Roles('admin', 'finance_ops', 'it_ops', 'auditor', 'viewer');
export const IngestKey = (scope: IngestScope) => SetMetadata(ACCESS_KEY, { kind: 'ingest', scope } satisfies Access);

export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestPrincipal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: RequestPrincipal }>().principal;
});
