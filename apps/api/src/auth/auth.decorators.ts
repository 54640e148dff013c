import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { type Role } from '@closewatch/contracts/roles';
import { type IngestScope } from './ingest-key.entity';
import { type RequestPrincipal } from './principal';

export const ACCESS_KEY = 'closewatch:access';

/**
 * `roles` routes are for signed-in users; with `ingest` set, an ingest key with that scope may
 * call them too (the close gate: people and middleware ask the same question).
 */
export type Access = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[]; ingest?: IngestScope } | { kind: 'ingest'; scope: IngestScope };

/**
 * Every handler states who may call it; a handler without one of these is refused (fail closed).
 * The access is also written into the OpenAPI document as `x-closewatch-access`.
 */
const access = (a: Access, bearer: boolean) =>
  applyDecorators(SetMetadata(ACCESS_KEY, a), ApiExtension('x-closewatch-access', a), ...(bearer ? [ApiBearerAuth()] : []));

export const Public = () => access({ kind: 'public' }, false);
export const Roles = (...roles: Role[]) => access({ kind: 'roles', roles }, true);
/** Any signed-in user, whatever the role. */
export const AnyRole = () => Roles('admin', 'finance_ops', 'it_ops', 'auditor', 'viewer');
export const IngestKey = (scope: IngestScope) => access({ kind: 'ingest', scope }, true);
/** Any signed-in user, or an ingest key with this scope. */
export const AnyRoleOrIngestKey = (scope: IngestScope) =>
  access({ kind: 'roles', roles: ['admin', 'finance_ops', 'it_ops', 'auditor', 'viewer'], ingest: scope }, true);

export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestPrincipal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: RequestPrincipal }>().principal;
});
