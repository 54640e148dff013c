import { type Side } from './definition';

/** One problem in a definition: `field` is a path into it (`compare[1].tolerance.abs`). */
export interface DefinitionIssue {
  field: string;
  message: string;
}

/** The definition cannot be run; `issues` name every field that is wrong (for a 400 answer). */
export class ReconDefinitionError extends Error {
  readonly code = 'invalid_recon_definition';

  constructor(readonly issues: DefinitionIssue[]) {
    super(`Invalid reconciliation definition: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ReconDefinitionError';
  }
}

/**
 * A side's data cannot be reconciled as it is: a key value that does not fit the key's type,
 * rows that are not in key order although the side said they were, a row outside the range it
 * was asked for. Names the side, the 0-based row index and the field.
 */
export class ReconInputError extends Error {
  readonly code: 'invalid_key' | 'unsorted_input' | 'out_of_range';

  constructor(
    code: 'invalid_key' | 'unsorted_input' | 'out_of_range',
    readonly side: Side,
    readonly rowIndex: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.code = code;
    this.name = 'ReconInputError';
  }
}
