import { type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import { type ApiErrorBody } from '@closewatch/contracts/errors';

/**
 * Requests Node's HTTP parser refuses before any handler sees them (a request line or headers
 * over 16 KiB, malformed HTTP) get the API's JSON error body; Node's own answers are empty.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // A request that timed out keeps Node's answer: nothing to explain to a client that stopped sending.
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body: ApiErrorBody = tooLarge
      ? {
          error: {
            code: 'headers_too_large',
            message: 'The request line and headers are too large (the URL is limited to about 16 KiB)',
            details: [{ field: 'url', message: 'is too long' }],
          },
        }
      : { error: { code: 'malformed_body', message: 'Malformed HTTP request', details: [{ field: 'request', message: 'is not valid HTTP/1.1' }] } };
    const text = JSON.stringify(body);
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
}
