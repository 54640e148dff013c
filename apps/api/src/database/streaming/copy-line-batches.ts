import { type Client } from 'pg';
import { startCopy } from './postgres-copy';

/**
 * The lines of `COPY (text) TO STDOUT` (text format) run on a client someone else owns, inside
 * its transaction, in batches of `batchRows`: memory holds at most three batches whatever the
 * size of the result (CopyOut pauses the socket). Leaving early drops the rest of the COPY as
 * it arrives, so the owner's next statement (its commit) runs once the COPY has ended. Split a
 * line with splitCopyLine (copy-text.ts). `text` takes no bind parameters: inline them with
 * sqlLiteral (inline-parameters.ts).
 */
export async function* copyLineBatches(client: Client, text: string, batchRows: number): AsyncGenerator<string[], void, undefined> {
  const copy = startCopy(client, text, batchRows);
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
