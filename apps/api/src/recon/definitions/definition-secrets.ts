import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { type ReconDataset, type ReconDefinitionBody } from '@closewatch/contracts/recon';
import { maskUrlSecrets, restoreUrlSecrets } from '../../common/url-secrets';

const SIDES = ['source', 'target'] as const;

function maskDataset(d: ReconDataset): ReconDataset {
  return d.connector === 'http' ? { ...d, url: maskUrlSecrets(d.url) } : d;
}

/** A stored definition as every API response shows it: secrets in http dataset URLs masked. */
export function maskDefinitionSecrets<T extends Pick<ReconDefinitionBody, 'source' | 'target'>>(def: T): T {
  return { ...def, source: maskDataset(def.source), target: maskDataset(def.target) };
}

/**
 * A PUT body with the masked secrets of the stored definition put back (restoreUrlSecrets), or
 * the fields whose masked values cannot be restored. Anything but an object is returned as it
 * is, for validation to name.
 */
export function restoreDefinitionSecrets(body: unknown, stored: ReconDefinitionBody | undefined): { body: unknown; details: ApiErrorDetail[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body, details: [] };
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const details: ApiErrorDetail[] = [];
  for (const side of SIDES) {
    const sent = out[side] as { connector?: unknown; url?: unknown } | undefined;
    if (typeof sent !== 'object' || sent === null || sent.connector !== 'http' || typeof sent.url !== 'string') continue;
    const before = stored?.[side];
    const restored = restoreUrlSecrets(sent.url, before?.connector === 'http' ? before.url : undefined);
    if (restored.ok) out[side] = { ...sent, url: restored.url };
    else details.push({ field: `${side}.url`, message: restored.message });
  }
  return { body: out, details };
}
