import { type AuditCheckpointDto, type AuditEntryDto, type AuditExportHeader } from '@closewatch/contracts/audit';
import { ARRAY_CLOSE, AUDIT_EXPORT_FORMAT, CHECKPOINTS_OPEN, ENTRIES_OPEN } from './audit-export-format';

/** The file is not an audit export as Closewatch writes it; names the line. */
export class AuditExportFormatError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

export type AuditExportPart =
  | { kind: 'header'; header: AuditExportHeader }
  | { kind: 'checkpoint'; checkpoint: AuditCheckpointDto }
  | { kind: 'entries'; entries: AuditEntryDto[] }
  | { kind: 'end'; count: number };

const ENTRY_BATCH = 1000;

/**
 * Reads an audit JSON export line by line (the layout of audit-export-format.ts), so a file of
 * any size is read in flat memory: the header, each checkpoint, the entries in batches, and the
 * count at the end. Entries keep only the members that are hashed.
 */
export async function* readAuditExport(lines: AsyncIterable<string>): AsyncGenerator<AuditExportPart, void, undefined> {
  let n = 0;
  let stage: 'header' | 'checkpoints-open' | 'checkpoints' | 'entries-open' | 'entries' | 'count' | 'done' = 'header';
  let batch: AuditEntryDto[] = [];
  let items = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '' && (stage === 'done' || stage === 'header')) continue;
    switch (stage) {
      case 'header': {
        if (!line.startsWith('{') || !line.endsWith(','))
          throw new AuditExportFormatError(n, 'expected the export header (an object member line ending with a comma)');
        const header = parse(n, `${line.slice(0, -1)}}`) as AuditExportHeader;
        if (header.format !== AUDIT_EXPORT_FORMAT || header.version !== 1) throw new AuditExportFormatError(n, `not a ${AUDIT_EXPORT_FORMAT} version 1 file`);
        yield { kind: 'header', header };
        stage = 'checkpoints-open';
        break;
      }
      case 'checkpoints-open':
        expectLine(n, line, CHECKPOINTS_OPEN);
        stage = 'checkpoints';
        items = 0;
        break;
      case 'checkpoints':
        if (line === ARRAY_CLOSE) {
          stage = 'entries-open';
          break;
        }
        yield { kind: 'checkpoint', checkpoint: checkpointOf(n, item(n, line, items++)) };
        break;
      case 'entries-open':
        expectLine(n, line, ENTRIES_OPEN);
        stage = 'entries';
        items = 0;
        break;
      case 'entries':
        if (line === ARRAY_CLOSE) {
          if (batch.length) yield { kind: 'entries', entries: batch };
          batch = [];
          stage = 'count';
          break;
        }
        batch.push(entryOf(n, item(n, line, items++)));
        if (batch.length === ENTRY_BATCH) {
          yield { kind: 'entries', entries: batch };
          batch = [];
        }
        break;
      case 'count': {
        const m = /^"count":(\d+)}$/.exec(line);
        if (!m) throw new AuditExportFormatError(n, 'expected "count":N} closing the export');
        yield { kind: 'end', count: Number(m[1]) };
        stage = 'done';
        break;
      }
      case 'done':
        throw new AuditExportFormatError(n, 'text after the end of the export');
    }
  }
  if (stage !== 'done') throw new AuditExportFormatError(n, 'the file ends before the export does (cut short?)');
}

function parse(n: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AuditExportFormatError(n, `not JSON (${(err as Error).message})`);
  }
}

function expectLine(n: number, line: string, expected: string): void {
  if (line !== expected) throw new AuditExportFormatError(n, `expected ${expected}`);
}

function item(n: number, line: string, index: number): Record<string, unknown> {
  const text = index === 0 ? line : line.startsWith(',') ? line.slice(1) : null;
  if (text === null) throw new AuditExportFormatError(n, 'expected a comma before the item');
  const value = parse(n, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AuditExportFormatError(n, 'expected an object');
  return value as Record<string, unknown>;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function checkpointOf(n: number, o: Record<string, unknown>): AuditCheckpointDto {
  const { entries, hash, at, keyId, signature } = o;
  if (!Number.isSafeInteger(entries) || !isText(hash) || !isText(at) || !isText(keyId) || !isText(signature)) {
    throw new AuditExportFormatError(n, 'a checkpoint needs entries, hash, at, keyId and signature');
  }
  return { entries: entries as number, hash, at, keyId, signature };
}

function entryOf(n: number, o: Record<string, unknown>): AuditEntryDto {
  const { id, at, actor, action, objectType, objectId, before, after, prevHash, hash } = o;
  const a = actor as Record<string, unknown> | null;
  if (
    !Number.isSafeInteger(id) ||
    !isText(at) ||
    a === null ||
    typeof a !== 'object' ||
    !isText(a.kind) ||
    !isTextOrNull(a.id) ||
    !isTextOrNull(a.email) ||
    !isText(action) ||
    !isText(objectType) ||
    !isTextOrNull(objectId) ||
    !isText(prevHash) ||
    !isText(hash)
  ) {
    throw new AuditExportFormatError(n, 'an entry needs id, at, actor {kind, id, email}, action, objectType, objectId, prevHash and hash');
  }
  return {
    id: id as number,
    at,
    actor: { kind: a.kind as AuditEntryDto['actor']['kind'], id: a.id, email: a.email },
    action,
    objectType,
    objectId,
    before: before ?? null,
    after: after ?? null,
    prevHash,
    hash,
  };
}
