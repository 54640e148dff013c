/** Ingest keys authenticate integrations (docs/security.md); admins manage them at `/api/v1/ingest-keys`. */
export const INGEST_KEY_SCOPES = ['traces', 'events', 'runs', 'gates', 'replays'] as const;
export type IngestScope = (typeof INGEST_KEY_SCOPES)[number];
/**
 * What a key gets when its scopes are not named: sending telemetry. `gates` (asking the close
 * gate, `GET /api/v1/gates/close`) and `replays` (answering a
 * replay request's outcome, `POST /api/v1/replay-requests/:id/outcome`) are given only when asked for.
 */
export const DEFAULT_INGEST_KEY_SCOPES = ['traces', 'events', 'runs'] as const satisfies readonly IngestScope[];

export interface IngestKeyDto {
  id: string;
  name: string;
  /** First characters of the secret, so operators can tell keys apart. */
  prefix: string;
  scopes: IngestScope[];
  /** Flow ids the key may write hops and runs for; null: every flow. */
  flows: string[] | null;
  /** When the key stops being accepted; null: never. */
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The body of `POST /api/v1/ingest-keys`; without `flows` the key may write every flow, without `expiresAt` it never expires. */
export interface NewIngestKey {
  name: string;
  scopes?: IngestScope[];
  flows?: string[] | null;
  expiresAt?: string | null;
}

/** `POST /api/v1/ingest-keys` returns the secret once; only its digest is stored. */
export interface CreatedIngestKey {
  key: IngestKeyDto;
  secret: string;
}
