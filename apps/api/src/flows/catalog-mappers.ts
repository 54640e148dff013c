import { type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { canonicalMoney } from '@closewatch/contracts/catalog-schema';
import { type FlowEntity } from './flow.entity';
import { type SystemEntity } from './system.entity';

export function toSystemDto(s: SystemEntity): SystemDto {
  return { id: s.id, name: s.name, kind: s.kind, description: s.description };
}

/** Rows as the API returns them; numeric(20,4) money comes back canonical ("1000.0000" → "1000.00"). */
export function toFlowDto(f: FlowEntity): FlowDto {
  return {
    id: f.id,
    name: f.name,
    sourceSystem: f.sourceSystem,
    targetSystem: f.targetSystem,
    pattern: f.pattern,
    workflow: f.workflow,
    slo: {
      maxLagSeconds: f.maxLagSeconds,
      scheduleCron: f.scheduleCron,
      scheduleTimezone: f.scheduleTimezone,
      graceSeconds: f.graceSeconds,
      ...(f.maxSilenceSeconds !== null ? { maxSilenceSeconds: f.maxSilenceSeconds } : {}),
    },
    ownerTeam: f.ownerTeam,
    alertRoute: f.alertRoute,
    ...(f.runbooks && Object.keys(f.runbooks).length ? { runbooks: f.runbooks } : {}),
    ...(f.replay ? { replay: f.replay } : {}),
    impacts: f.impacts,
    boardMetrics: f.boardMetrics,
    materiality:
      f.materialityAmount !== null && f.materialityCurrency !== null ? { amount: canonicalMoney(f.materialityAmount), currency: f.materialityCurrency } : null,
    entities: f.entities,
    description: f.description,
  };
}
