import { type Role } from '@closewatch/contracts/roles';

export type RequestPrincipal =
  | { kind: 'user'; userId: string; email: string; role: Role; sessionId: string }
  | { kind: 'ingest'; keyId: string; name: string };
