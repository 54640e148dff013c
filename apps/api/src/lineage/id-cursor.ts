import { ApiError } from '../common/api-error';
import { decodeCursor, encodeCursor } from '../common/pagination';

/** Cursors of lists sorted by a bigint id (newest first): the last id of the page, as text. */
export function idCursor(id: string): string {
  return encodeCursor([id]);
}

export function decodeIdCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor<[unknown]>(cursor, 1);
  if (key === undefined) return undefined;
  const [id] = key;
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) throw ApiError.field('cursor', 'is not a cursor this list returned');
  return id;
}
