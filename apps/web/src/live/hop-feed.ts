import { type HopDto } from '@closewatch/contracts/telemetry';

/** Identity of a hop for de-duplication between the first page and the live stream. */
export function hopKey(h: HopDto): string {
  if (h.source === 'otlp' && h.traceId && h.spanId) return `otlp:${h.traceId}:${h.spanId}`;
  return [h.source, h.flow, h.recordKey, h.stage, h.system, h.occurredAt, h.status].join('|');
}

/**
 * The feed newest first: live batches (each newest last, as the server sends them) go on top of
 * what is shown, hops already shown are not repeated, and the feed keeps at most `max` hops.
 */
export function prependHops(feed: readonly HopDto[], batch: readonly HopDto[], max: number): HopDto[] {
  const seen = new Set<string>();
  const out: HopDto[] = [];
  for (const h of [...[...batch].reverse(), ...feed]) {
    const k = hopKey(h);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(h);
    if (out.length >= max) break;
  }
  return out;
}

/** Whether a hop belongs in a feed limited to one flow (no flow: every hop). */
export function hopMatches(h: HopDto, flow: string | undefined): boolean {
  return flow === undefined || h.flow === flow;
}
