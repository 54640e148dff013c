import { createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AuditExportFormatError } from './audit-export-reader';
import { type OfflineVerifyResult, verifyAuditExport } from './offline-verify';

export const AUDIT_VERIFY_USAGE = `Usage: npm run audit:verify -- EXPORT.json [--public-key FILE]

Checks an audit log exported with GET /api/v1/audit/export?format=json, offline: the signed
checkpoints against the public key and the hash chain against them (docs/audit.md, "Export").
FILE is the key from GET /api/v1/audit/public-key: that JSON answer as it is, or its publicKey
(SPKI PEM). Without --public-key the key inside the export is used, which proves the file is
self-consistent but not who signed it.
Exits 0 when the export verifies, 1 naming the first broken entry, 2 on bad usage or a file
that is not an export.
`;

const REASONS: Record<NonNullable<OfflineVerifyResult['reason']>, string> = {
  gap: 'an entry is missing (deleted)',
  prev_hash_mismatch: "its prevHash is not the previous entry's hash (the previous entry was altered and re-hashed)",
  hash_mismatch: 'the entry is not what was hashed (edited), or differs from a signed checkpoint (chain rewritten)',
  truncated: 'the chain ends before the last signed checkpoint (tail cut)',
  checkpoint_signature: 'the checkpoint signed at this entry does not verify with the key (forged or edited checkpoint)',
};

/** The key from a file: the JSON that GET /api/v1/audit/public-key returns, or a PEM. */
export function readPublicKey(path: string): KeyObject {
  const text = readFileSync(path, 'utf8');
  let pem = text;
  if (text.trimStart().startsWith('{')) {
    const parsed = JSON.parse(text) as { publicKey?: unknown };
    if (typeof parsed.publicKey !== 'string') throw new Error(`${path} is JSON without a publicKey member`);
    pem = parsed.publicKey;
  }
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} holds a ${key.asymmetricKeyType ?? 'unknown'} key; checkpoints are signed with Ed25519`);
  return key;
}

/** The command: writes its verdict to `out`, errors to `err`; returns the exit code. */
export async function runAuditVerify(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let file: string | undefined;
  let key: KeyObject | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { 'public-key': { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(AUDIT_VERIFY_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new Error('give exactly one export file');
    file = positionals[0]!;
    if (values['public-key'] !== undefined) key = readPublicKey(values['public-key']);
  } catch (e) {
    err(`${(e as Error).message}\n\n${AUDIT_VERIFY_USAGE}`);
    return 2;
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    const r = await verifyAuditExport(lines, key);
    const keyNote = r.keyFromExport ? ' (the key inside the export: pass --public-key to prove who signed)' : '';
    const what =
      r.scope === 'chain'
        ? 'the whole chain'
        : r.scope === 'range'
          ? 'a time range of the chain'
          : 'entries selected by a filter (each entry hashed; links not checkable)';
    const summary = `${what}, exported ${r.header.exportedAt}; key ${r.keyId}${keyNote}; ${r.checkpoints.verified} checkpoint(s) of this key, ${r.checkpoints.otherKeys} of other keys ignored`;
    if (r.ok) {
      out(`OK: ${r.entries} entries verified: ${summary}\n`);
      return 0;
    }
    out(`BROKEN at entry ${r.firstBrokenId}: ${r.reason} (${REASONS[r.reason!]}); ${r.entries} entries verified before it: ${summary}\n`);
    return 1;
  } catch (e) {
    err(`${file}: ${e instanceof AuditExportFormatError ? 'not an audit export, ' : ''}${(e as Error).message}\n`);
    return 2;
  } finally {
    lines.close();
    input.destroy();
  }
}
