import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from './openlineage-run-event.schema.json';

/** A validator of OpenLineage RunEvents against openlineage-run-event.schema.json (the specs use it on every event they see). */
export function runEventValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
