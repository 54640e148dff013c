import { type ReconPlan } from './compile';
import { type Side, sideName } from './definition';
import { ReconInputError } from './errors';
import { type Row, rowMapper } from './field-mapping';
import { decimalJson, type JsonValue, toJsonValue } from './json-value';
import { keyPart, stringKeyPart, type KeyValue } from './key-encoding';

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
/** The same for a row given as an array of column values (see tupleKeyer). */
export type TupleKeyer = (tuple: readonly unknown[], index: number) => KeyedRow;

/** Builds the function that turns one raw row of a side into a KeyedRow. */
export function rowKeyer(plan: ReconPlan, side: Side): RowKeyer {
  const map = rowMapper(plan.mappings[side]);
  const names = [...plan.keys, ...plan.fields].map((p) => sideName(p, side));
  const keyCount = plan.keys.length;
  const keyed = positionalKeyer(
    plan,
    side,
    plan.keys.map((_, i) => i),
    plan.fields.map((_, i) => keyCount + i),
  );
  const values: unknown[] = new Array(names.length); // the row's values in plan order, reused (keyed reads them at once)
  return (raw, index) => {
    const row = map(raw);
    for (let i = 0; i < names.length; i++) values[i] = row[names[i]];
    return keyed(values, index);
  };
}

/**
 * A keyer for rows given as arrays of column values in the order of `columns` (a COPY line
 * split into fields), which saves building an object per row. `columns` is asked on the first
 * row (a source knows its columns once it has started). A column named twice counts with its
 * last value, as in a row object. With field mappings each array becomes a row object first
 * (mappings read and write fields by name).
 */
export function tupleKeyer(plan: ReconPlan, side: Side, columns: () => readonly string[]): TupleKeyer {
  let keyer: TupleKeyer | null = null;
  const build = (): TupleKeyer => {
    const names = columns();
    if (plan.mappings[side].length > 0) {
      const byName = rowKeyer(plan, side);
      return (tuple, index) => {
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]] = tuple[i];
        return byName(row, index);
      };
    }
    const keyAt = plan.keys.map((k) => names.lastIndexOf(sideName(k, side)));
    const fieldAt = plan.fields.map((f) => names.lastIndexOf(sideName(f, side)));
    return positionalKeyer(plan, side, keyAt, fieldAt);
  };
  return (tuple, index) => (keyer ??= build())(tuple, index);
}

/**
 * The keyer over a row as an array: key part i at `keyAt[i]`, plan field i at `fieldAt[i]`
 * (-1: the row has no such column, the value is undefined). One shape of input for every
 * source, so the per-row loop stays monomorphic. A string key part (the common case) is encoded
 * inline, without a KeyPart object per row.
 */
function positionalKeyer(plan: ReconPlan, side: Side, keyAt: readonly number[], fieldAt: readonly number[]): TupleKeyer {
  const keyNames = plan.keys.map((k) => sideName(k, side));
  const keyTypes = plan.keys.map((k) => k.type);
  const fieldDecimal = plan.fields.map((f) => f.decimal);
  const keyCount = keyNames.length;
  const fieldCount = fieldDecimal.length;
  return (raw, index) => {
    let key = '';
    const keyValues: KeyValue[] = new Array(keyCount);
    for (let i = 0; i < keyCount; i++) {
      const at = keyAt[i];
      const value = at < 0 ? undefined : raw[at];
      if (keyTypes[i] === 'string' && typeof value === 'string') {
        key += stringKeyPart(value);
        keyValues[i] = value;
        continue;
      }
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
    const values: JsonValue[] = new Array(fieldCount);
    for (let i = 0; i < fieldCount; i++) {
      const at = fieldAt[i];
      const value = at < 0 ? undefined : raw[at];
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
