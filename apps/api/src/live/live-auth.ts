/** Why a socket.io handshake was refused; socket.io hands `message` and `data` to the client's `connect_error`. */
export class LiveAuthError extends Error {
  readonly data = { code: 'unauthenticated' as const };
}

/** The session token of a handshake's `auth: {token}`; throws a LiveAuthError that says what is wrong. */
export function handshakeToken(auth: unknown): string {
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  if (token === undefined || token === null || token === '') {
    throw new LiveAuthError('Missing session token: connect with auth: {token} from POST /api/v1/auth/login');
  }
  if (typeof token !== 'string' || token.length > 512 || !/^\S+$/.test(token)) {
    throw new LiveAuthError('Session token must be the accessToken string from POST /api/v1/auth/login');
  }
  return token;
}
