import express, { type RequestHandler } from 'express';
import { otlpFormatOf } from './otlp-format';

/**
 * Reads the raw body of OTLP requests (protobuf or JSON), inflating gzip and deflate; the size
 * limit applies to the inflated body. Bodies of other content types are left unread: the
 * handler answers those 415.
 */
export function otlpBodyParser(maxBodyBytes: number): RequestHandler {
  return express.raw({ type: (req) => otlpFormatOf(req.headers['content-type']) !== undefined, inflate: true, limit: maxBodyBytes });
}
