import { ApiError } from '../common/api-error';
import { encodeCursor } from '../common/pagination';
import { decodeIdCursor, idCursor } from './id-cursor';

describe(decodeIdCursor.name, () => {
  it('round-trips an id and treats a missing cursor as the first page', () => {
    expect(decodeIdCursor(idCursor('9007199254740993'))).toBe('9007199254740993');
    expect(decodeIdCursor(undefined)).toBeUndefined();
  });

  it.each([['not base64 json'], [encodeCursor([12])], [encodeCursor(['1; drop table hops'])], [encodeCursor(['1', '2'])]])(
    'refuses %s naming the cursor',
    (cursor) => {
      let err: unknown;
      try {
        decodeIdCursor(cursor);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).details).toEqual([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    },
  );
});
