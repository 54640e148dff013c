import { type Client } from 'pg';
import { type CopyOut, startCopy } from './postgres-copy';

/**
 * The lines of `COPY (text) TO STDOUT` (text format) run on a client someone else owns, inside
 * its transaction, in batches of `batchRows`: memory holds at most three batches whatever the
 * size of the result (CopyOut pauses the socket). Leaving early drops the rest of the COPY as
 * it arrives, so the owner's next statement (its commit) runs once the COPY has ended. Split a
 * line with splitCopyLine (copy-text.ts). `text` takes no bind parameters: inline them with
 * sqlLiteral (inline-parameters.ts).
 */
export function copyLineBatches(client: Client, text: string, batchRows: number): AsyncGenerator<string[], void, undefined> {
  return copyBatches(startCopy(client, text, batchRows));
}

/** The batches of a started COPY until it ends; leaving early drops the rest as it arrives. */
export async function* copyBatches<B>(copy: CopyOut<B>): AsyncGenerator<B, void, undefined> {
  try {
    for (;;) {
      const batch = await copy.take();
      if (batch === null) return;
      yield batch;
    }
  } finally {
    if (!copy.done) copy.discard();
  }
}
