import { type EntityManager } from 'typeorm';
import { type ImpactArea } from '@closewatch/contracts/catalog';
import { type FlowImpact } from './severity';

/**
 * The finance impact of flows, read straight from the `flows` table (the catalog feature owns
 * it; exceptions only read materiality, impacts and board metrics). Flows not in the catalog are
 * absent from the answer.
 */
export async function loadFlowImpacts(m: EntityManager, flowIds: readonly string[]): Promise<Map<string, FlowImpact>> {
  const ids = [...new Set(flowIds)];
  const out = new Map<string, FlowImpact>();
  if (!ids.length) return out;
  const rows: { id: string; materiality_amount: string | null; materiality_currency: string | null; impacts: ImpactArea[]; board_metrics: string[] }[] =
    await m.query(
      `select id, materiality_amount::text as materiality_amount, trim(materiality_currency) as materiality_currency, impacts, board_metrics
         from flows where id = any($1::text[])`,
      [ids],
    );
  for (const r of rows) {
    out.set(r.id, {
      materiality: r.materiality_amount !== null && r.materiality_currency !== null ? { amount: r.materiality_amount, currency: r.materiality_currency } : null,
      impacts: r.impacts,
      boardMetrics: r.board_metrics,
    });
  }
  return out;
}
