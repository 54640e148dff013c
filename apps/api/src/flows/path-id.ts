import { ApiError } from '../common/api-error';

/**
 * The body of `PUT /<things>/:id` with the path's id: a body may omit `id`, but an id that
 * differs from the path is refused (ids are not renamed in place).
 */
export function withPathId(body: unknown, id: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const given = (body as { id?: unknown }).id;
  if (given === undefined) return { ...body, id };
  if (given !== id) throw ApiError.field('id', `must match the id in the path ("${id}"); ids cannot be renamed`);
  return body;
}
