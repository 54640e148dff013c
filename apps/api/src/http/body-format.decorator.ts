import { SetMetadata } from '@nestjs/common';

export const BODY_FORMAT_KEY = 'closewatch:body-format';

/**
 * How a route's body is read (RequestBodyInterceptor, after authentication):
 * - `json` (the default): JSON only, other content types are left unread;
 * - `otlp`: the raw OTLP/HTTP body (protobuf or JSON), for the handler to decode;
 * - `document`: JSON or YAML text, up to the ingest limit (the catalog document).
 */
export type BodyFormat = 'json' | 'otlp' | 'document';

export const ReadsBody = (format: BodyFormat) => SetMetadata(BODY_FORMAT_KEY, format);
