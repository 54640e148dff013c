import { Dec, decimalText } from './decimal';
import { formatInstant } from './instant';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A row value as JSON that keeps its meaning: Dates as ISO instants, bigints and Decimals as
 * decimal strings, undefined as null; strings, booleans and finite numbers as they are. Money
 * fields are turned into decimal strings by the caller (`decimalJson`).
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'object':
    case 'function':
    case 'symbol':
    default: // for tsc, which does not count the cases of typeof as exhaustive
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatInstant(value.getTime() * 1000);
      if (Dec.isDecimal(value)) return decimalText(value as Dec);
      if (Buffer.isBuffer(value)) return value.toString('hex');
      try {
        return JSON.parse(JSON.stringify(value)) as JsonValue;
      } catch {
        return String(value);
      }
  }
}

/** A numeric value as a decimal string (numbers by their shortest decimal form); others as JSON. */
export function decimalJson(value: unknown): JsonValue {
  if (typeof value === 'number' && Number.isFinite(value)) return decimalText(new Dec(value));
  if (typeof value === 'string') return value.trim();
  return toJsonValue(value);
}
