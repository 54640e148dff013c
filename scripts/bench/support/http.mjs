// Requests to the API as a benchmark makes them: node:http on a keep-alive agent (one socket per
// client, so one request at a time on it), JSON bodies, a bearer token.
import { request } from 'node:http';

/** Sends one request; answers `{ status, body }` (the body as text). */
export function send(agent, url, method, token, body) {
  return new Promise((resolve, reject) => {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function get(agent, url, token) {
  return send(agent, url, 'GET', token);
}

/** Logs in with `{ email, password }`; the session's access token. */
export async function login(agent, url, credentials) {
  const res = await send(agent, `${url}/api/v1/auth/login`, 'POST', undefined, JSON.stringify(credentials));
  if (res.status !== 200 && res.status !== 201) throw new Error(`login answered ${res.status}: ${res.body}`);
  return JSON.parse(res.body).accessToken;
}
