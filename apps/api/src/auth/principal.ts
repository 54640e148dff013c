import { type Role } from '@closewatch/contracts/roles';

export type RequestPrincipal =
  | { kind: 'user'; userId: string; email: string; role: Role; sessionId: string }
  /** `flows`: the flows the key may write (null: every flow), checked per item by ingest (flow-scope.ts). */
  | { kind: 'ingest'; keyId: string; name: string; flows: ReadonlySet<string> | null };
