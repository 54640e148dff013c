import express, { type RequestHandler } from 'express';
import { ApiError, ApiErrorCode } from './api-error';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from './json-depth';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** Refuses JSON text nested deeper than MAX_JSON_DEPTH before it is parsed (400, not a stack overflow). */
export function rejectDeepJson(body: Buffer): void {
  if (jsonNestingExceeds(body)) {
    throw new ApiError(ApiErrorCode.MalformedBody, `JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, [
      { field: 'body', message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
}

/** JSON bodies (gzip and deflate inflated, `limit` applied to the inflated size), depth-checked. */
export function jsonBodyParser(limit: number): RequestHandler {
  return express.json({ limit, type: JSON_MEDIA_TYPES, verify: (_req, _res, buf) => rejectDeepJson(buf) });
}
