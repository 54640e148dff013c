import { z } from 'zod';
import { type Role } from './roles';

/** Who reads the audit log (docs/audit.md): admins and auditors; nobody changes it. */
export const AUDIT_READ_ROLES = ['admin', 'auditor'] as const satisfies readonly Role[];

export type AuditActorKind = 'user' | 'ingest' | 'system';

/** One audit entry as DESIGN fixes it; `hash = sha256(prevHash + canonical JSON of the entry without hash)`. */
export interface AuditEntryDto {
  id: number;
  at: string;
  actor: { kind: AuditActorKind; id: string | null; email: string | null };
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export type AuditBreakReason = 'prev_hash_mismatch' | 'hash_mismatch' | 'gap' | 'truncated';

export interface AuditVerifyDto {
  ok: boolean;
  entries: number;
  firstBrokenId: number | null;
  reason: AuditBreakReason | null;
}

export interface AuditCheckpointDto {
  entries: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

export interface AuditPublicKeyDto {
  keyId: string;
  algorithm: 'Ed25519';
  /** SPKI PEM. */
  publicKey: string;
}

const text = z.string().trim().min(1).max(200);
const empty = (v: unknown) => (v === '' ? undefined : v);

export const auditQuerySchema = z
  .object({
    actor: z.preprocess(empty, text.optional()),
    action: z.preprocess(empty, text.optional()),
    objectType: z.preprocess(empty, text.optional()),
    objectId: z.preprocess(empty, text.optional()),
    from: z.preprocess(empty, z.iso.datetime({ offset: true }).optional()),
    to: z.preprocess(empty, z.iso.datetime({ offset: true }).optional()),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const AUDIT_EXPORT_FORMATS = ['json', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** `GET /api/v1/audit/export`: the list's filters (no paging) and the format. */
export const auditExportQuerySchema = auditQuerySchema
  .extend({ format: z.preprocess(empty, z.enum(AUDIT_EXPORT_FORMATS, { error: 'must be json or csv' }).optional()).transform((v) => v ?? 'json') })
  .strict();
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

/** The first member of an audit JSON export (docs/audit.md, "Export"): what follows it are the checkpoints, the entries and their count. */
export interface AuditExportHeader {
  format: 'closewatch.audit-export';
  version: 1;
  exportedAt: string;
  /** The filters of the export; with none the export is the whole chain. */
  filters: AuditQuery;
  /** The key that signs checkpoints now (as `GET /api/v1/audit/public-key` gives it). */
  publicKey: AuditPublicKeyDto;
  /** The chain's head when the export was read. */
  head: { entries: number; hash: string | null };
}
