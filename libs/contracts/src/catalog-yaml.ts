import { isScalar, parseDocument, stringify, visit } from 'yaml';
import { type CatalogDocument, type FlowDto, type SystemDto } from './catalog';
import { type CloseCalendarDto } from './close';
import { type ApiErrorDetail } from './errors';

/**
 * The catalog as a text document for version control (`GET/PUT /api/v1/catalog`): YAML or JSON,
 * systems and flows sorted by id, calendars by entity, and every field in a fixed order, so two
 * exports of the same catalog are byte-identical and a change is a small diff.
 */

export type CatalogTextParse = { ok: true; value: unknown } | { ok: false; errors: ApiErrorDetail[] };

/** A copy with systems and flows sorted by id and each object's keys in the contract's order. */
export function canonicalCatalog(doc: CatalogDocument): CatalogDocument {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    version: 1,
    systems: [...doc.systems].sort(byId).map(orderedSystem),
    flows: [...doc.flows].sort(byId).map(orderedFlow),
    calendars: [...doc.calendars].sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0)).map(orderedCalendar),
  };
}

export function orderedCalendar(c: CloseCalendarDto): CloseCalendarDto {
  const periods: CloseCalendarDto['periods'] = {};
  for (const key of Object.keys(c.periods).sort()) periods[key] = { closeStart: c.periods[key]!.closeStart, deadline: c.periods[key]!.deadline };
  return {
    entity: c.entity,
    timezone: c.timezone,
    workweek: [...c.workweek],
    holidays: [...c.holidays],
    closeStart: c.closeStart,
    deadline: c.deadline,
    deadlineTime: c.deadlineTime,
    periods,
  };
}

export function orderedSystem(s: SystemDto): SystemDto {
  return { id: s.id, name: s.name, kind: s.kind, description: s.description };
}

export function orderedFlow(f: FlowDto): FlowDto {
  return {
    id: f.id,
    name: f.name,
    sourceSystem: f.sourceSystem,
    targetSystem: f.targetSystem,
    pattern: f.pattern,
    workflow: f.workflow,
    slo: {
      maxLagSeconds: f.slo.maxLagSeconds,
      scheduleCron: f.slo.scheduleCron,
      scheduleTimezone: f.slo.scheduleTimezone,
      graceSeconds: f.slo.graceSeconds,
      ...(f.slo.maxSilenceSeconds !== undefined ? { maxSilenceSeconds: f.slo.maxSilenceSeconds } : {}),
    },
    ownerTeam: f.ownerTeam,
    alertRoute: f.alertRoute,
    ...(f.runbooks ? { runbooks: { ...f.runbooks } } : {}),
    ...(f.replay ? { replay: { receiver: f.replay.receiver } } : {}),
    impacts: [...f.impacts],
    boardMetrics: [...f.boardMetrics],
    materiality: f.materiality ? { amount: f.materiality.amount, currency: f.materiality.currency } : null,
    entities: [...f.entities],
    description: f.description,
  };
}

export function catalogToYaml(doc: CatalogDocument): string {
  return stringify(canonicalCatalog(doc), { lineWidth: 0, sortMapEntries: false });
}

export function catalogToJson(doc: CatalogDocument): string {
  return `${JSON.stringify(canonicalCatalog(doc), null, 2)}\n`;
}

/**
 * Parses YAML (JSON is YAML too) into plain data for `catalogDocumentSchema`. Errors carry line
 * and column. A plain number written for an `amount` keeps its exact source text (`1000.10`
 * stays "1000.10", never the binary double), so money survives hand-written YAML.
 */
export function parseCatalogYaml(source: string): CatalogTextParse {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return { field: 'body', message: at ? `line ${at.line}, column ${at.col}: ${message}` : message };
      }),
    };
  }
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const value = pair.value;
      if (key === 'amount' && isScalar(value) && typeof value.value === 'number' && value.source) value.value = value.source;
    },
  });
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    // The yaml library throws (ReferenceError) when aliases would expand past maxAliasCount.
    if (err instanceof ReferenceError)
      return { ok: false, errors: [{ field: 'body', message: 'too many aliases: a document may expand at most 100 aliases' }] };
    throw err;
  }
}
