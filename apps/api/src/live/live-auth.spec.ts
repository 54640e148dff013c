import { handshakeToken, LiveAuthError } from './live-auth';

describe(handshakeToken.name, () => {
  it('answers the token of auth: {token}', () => {
    expect(handshakeToken({ token: 'cws_abc' })).toBe('cws_abc');
  });

  it.each([undefined, null, {}, { token: '' }, { token: null }])('refuses a handshake without a token (%p)', (auth) => {
    expect(() => handshakeToken(auth)).toThrow(new LiveAuthError('Missing session token: connect with auth: {token} from POST /api/v1/auth/login'));
  });

  it.each([{ token: 42 }, { token: ['a'] }, { token: 'two words' }, { token: 'x'.repeat(513) }])('refuses a token that is not a plain string (%p)', (auth) => {
    expect(() => handshakeToken(auth)).toThrow(/must be the accessToken string/);
  });

  it('marks the refusal as unauthenticated for the client', () => {
    try {
      handshakeToken({});
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(LiveAuthError);
      expect((e as LiveAuthError).data).toEqual({ code: 'unauthenticated' });
    }
  });
});
