import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination';

/** The configuration whose every version is kept (docs/configuration-history.md). */
export const CONFIG_KINDS = ['flow', 'recon', 'close_calendar', 'alert_route'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/** `baseline`: the state found at the first change made after versioning began (who and when unknown). */
export type ConfigVersionOp = 'baseline' | 'create' | 'update' | 'delete';

export interface ConfigActorDto {
  kind: 'user' | 'ingest' | 'system';
  id: string | null;
  email: string | null;
}

/** One kept version; `snapshot` is null for a deletion. */
export interface ConfigVersionDto {
  kind: ConfigKind;
  objectId: string;
  version: number;
  op: ConfigVersionOp;
  at: string;
  actor: ConfigActorDto;
  /** Set when the change waited for a second admin (CLOSEWATCH_CONFIG_APPROVAL). */
  approvedBy: ConfigActorDto | null;
  snapshot: unknown;
}

export interface ConfigVersionListDto {
  kind: ConfigKind;
  objectId: string;
  items: ConfigVersionDto[];
}

/** One field that differs; `path` like `materiality.amount` or `keys[1].target`. */
export interface ConfigFieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface ConfigDiffDto {
  kind: ConfigKind;
  objectId: string;
  from: number;
  to: number;
  changes: ConfigFieldChange[];
}

const versionNumber = z.coerce.number().int('must be a whole number').min(1, 'must be a version number (1 or more)');
export const configDiffQuerySchema = z.object({ from: versionNumber, to: versionNumber }).strict();
export type ConfigDiffQuery = z.infer<typeof configDiffQuerySchema>;

/** Four-eyes configuration changes (CLOSEWATCH_CONFIG_APPROVAL). */
export type PendingChangeKind = 'flow' | 'recon' | 'alert_route';
export type PendingChangeOp = 'create' | 'update' | 'delete';
export type PendingChangeStatus = 'pending' | 'approved' | 'rejected';

export interface PendingChangeDto {
  id: string;
  kind: PendingChangeKind;
  objectId: string;
  op: PendingChangeOp;
  status: PendingChangeStatus;
  /** What was current when the change was asked for (null for a creation). */
  before: unknown;
  /** What the change writes (null for a deletion); secrets masked as in every answer. */
  after: unknown;
  /** Field-level changes from `before` to `after`. */
  changes: ConfigFieldChange[];
  requestedBy: ConfigActorDto;
  requestedAt: string;
  decidedBy: ConfigActorDto | null;
  decidedAt: string | null;
  note: string | null;
}

/** Whether an answer of a configuration write is a pending change (202) rather than the object written. */
export function isPendingChange(answer: unknown): answer is PendingChangeDto {
  return (
    typeof answer === 'object' && answer !== null && 'requestedBy' in answer && 'changes' in answer && (answer as { status?: unknown }).status === 'pending'
  );
}

/** What the dashboard says when a change waits for a second admin. */
export const pendingChangeNotice = (c: PendingChangeDto) =>
  `The ${c.op} of ${c.objectId} waits for a second admin to approve it (Admin, Configuration changes).`;

export const pendingChangesQuerySchema = z
  .object({
    status: z.enum(['pending', 'approved', 'rejected']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type PendingChangesQuery = z.infer<typeof pendingChangesQuerySchema>;

export const rejectChangeSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();
export type RejectChangeBody = z.infer<typeof rejectChangeSchema>;
