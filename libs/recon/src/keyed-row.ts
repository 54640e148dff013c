import { type ReconPlan } from './compile';
import { type Side, sideName } from './definition';
import { ReconInputError } from './errors';
import { type Row, rowMapper } from './field-mapping';
import { decimalJson, type JsonValue, toJsonValue } from './json-value';
import { keyPart, type KeyValue } from './key-encoding';

/**
 * One row reduced to what the engine needs, after the side's field mappings: its position in
 * the input, its encoded key (key-encoding.ts), the canonical key values, and the values of the
 * plan's fields as JSON (so a row survives a spill to disk unchanged).
 */
export interface KeyedRow {
  /** 0-based index of the row in its side's input. */
  index: number;
  key: string;
  keyValues: KeyValue[];
  /** Values of `ReconPlan.fields`, in order, under this side's names. */
  values: JsonValue[];
}

export type RowKeyer = (row: Row, index: number) => KeyedRow;

/** Builds the function that turns one raw row of a side into a KeyedRow. */
export function rowKeyer(plan: ReconPlan, side: Side): RowKeyer {
  const map = rowMapper(plan.mappings[side]);
  const keyNames = plan.keys.map((k) => sideName(k, side));
  const keyTypes = plan.keys.map((k) => k.type);
  const fieldNames = plan.fields.map((f) => sideName(f, side));
  const fieldDecimal = plan.fields.map((f) => f.decimal);
  return (raw, index) => {
    const row = map(raw);
    let key = '';
    const keyValues: KeyValue[] = new Array(keyNames.length);
    for (let i = 0; i < keyNames.length; i++) {
      const value = row[keyNames[i]];
      const part = keyPart(keyTypes[i], value);
      if (!part) {
        throw new ReconInputError(
          'invalid_key',
          side,
          index,
          `${side} row ${index}: key field "${keyNames[i]}" has ${describe(value)}, which is not a ${keyTypes[i]}`,
          keyNames[i],
        );
      }
      key += part.encoded;
      keyValues[i] = part.canonical;
    }
    const values: JsonValue[] = new Array(fieldNames.length);
    for (let i = 0; i < fieldNames.length; i++) {
      const value = row[fieldNames[i]];
      values[i] = fieldDecimal[i] ? decimalJson(value) : toJsonValue(value);
    }
    return { index, key, keyValues, values };
  };
}

/**
 * The encoded key of canonical key values (a range bound, a key from a break), so that it can
 * be compared with KeyedRow.key. Throws when a value does not fit its key type.
 */
export function encodeKeyValues(plan: ReconPlan, values: readonly KeyValue[]): string {
  if (values.length !== plan.keys.length) throw new Error(`a key has ${plan.keys.length} parts, got ${values.length}`);
  let key = '';
  plan.keys.forEach((k, i) => {
    const part = keyPart(k.type, values[i]);
    if (!part) throw new Error(`key part ${i} (${k.source}): ${describe(values[i])} is not a ${k.type}`);
    key += part.encoded;
  });
  return key;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) return 'an object';
  return String(value);
}
