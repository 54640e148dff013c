import express, { type RequestHandler } from 'express';
import { rejectDeepJson } from '../common/json-body-parser';
import { otlpFormatOf } from './otlp-format';

/**
 * Reads the raw body of OTLP requests (protobuf or JSON), inflating gzip and deflate; the size
 * limit applies to the inflated body, and OTLP/JSON is depth-checked before it is decoded.
 * Bodies of other content types are left unread: the handler rejects those with 415.
 */
export function otlpBodyParser(maxBodyBytes: number): RequestHandler {
  return express.raw({
    type: (req) => otlpFormatOf(req.headers['content-type']) !== undefined,
    inflate: true,
    limit: maxBodyBytes,
    verify: (req, _res, buf) => {
      if (otlpFormatOf(req.headers['content-type']) === 'json') rejectDeepJson(buf);
    },
  });
}
