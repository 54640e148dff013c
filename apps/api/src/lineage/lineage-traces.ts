import { type LineageTraceDto } from '@closewatch/contracts/lineage';
import { type HopDto } from '@closewatch/contracts/telemetry';

/**
 * The traces behind a record, from its hops (in lineage order): one entry per trace id with the
 * time of the record's first and last hop in it, how many hops and error hops, and the flows and
 * systems they touch in order of first appearance. Newest first: latest `lastAt`, then latest
 * `firstAt`, then trace id, so the order does not depend on how ties were written.
 */
export function lineageTraces(hops: readonly HopDto[]): LineageTraceDto[] {
  const byTrace = new Map<string, LineageTraceDto>();
  for (const hop of hops) {
    if (!hop.traceId) continue;
    const trace = byTrace.get(hop.traceId);
    if (!trace) {
      byTrace.set(hop.traceId, {
        traceId: hop.traceId,
        firstAt: hop.occurredAt,
        lastAt: hop.occurredAt,
        hops: 1,
        errors: hop.status === 'error' ? 1 : 0,
        flows: [hop.flow],
        systems: [hop.system],
      });
      continue;
    }
    if (hop.occurredAt < trace.firstAt) trace.firstAt = hop.occurredAt;
    if (hop.occurredAt > trace.lastAt) trace.lastAt = hop.occurredAt;
    trace.hops += 1;
    if (hop.status === 'error') trace.errors += 1;
    if (!trace.flows.includes(hop.flow)) trace.flows.push(hop.flow);
    if (!trace.systems.includes(hop.system)) trace.systems.push(hop.system);
  }
  return [...byTrace.values()].sort((a, b) => compareDesc(a.lastAt, b.lastAt) || compareDesc(a.firstAt, b.firstAt) || compareDesc(a.traceId, b.traceId));
}

/** ISO-8601 UTC times of one format compare as text. */
function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
