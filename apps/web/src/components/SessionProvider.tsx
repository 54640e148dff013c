import { type UserDto } from '@closewatch/contracts/roles';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiRequestError } from '../api/api-error';
import { fetchMe, login, logout } from '../api/auth';
import { setUnauthorizedHandler } from '../api/client';
import { readToken, writeToken } from '../api/session-token';
import { type Session, SessionContext } from '../hooks/useSession';

interface SessionState {
  token: string | null;
  user: UserDto | null;
  notice: string | null;
  signedOutByUser: boolean;
}

const EXPIRED = 'Your session ended (signed out, expired or revoked). Sign in again.';

/** Holds the signed-in user; any 401 from the API signs out, and the router then shows the login page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => ({ token: readToken(), user: null, notice: null, signedOutByUser: false }));
  const queryClient = useQueryClient();

  // What one user read must not show for the next one who signs in on this tab.
  useEffect(() => {
    if (state.token === null) queryClient.clear();
  }, [state.token, queryClient]);

  /** A sign-out of the user's own ends the live stream too; that is not an expired session. */
  const signingOut = useRef(false);
  const sessionEnded = useCallback(() => {
    if (signingOut.current) return;
    writeToken(null);
    setState({ token: null, user: null, notice: EXPIRED, signedOutByUser: false });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(sessionEnded);
    return () => setUnauthorizedHandler(undefined);
  }, [sessionEnded]);

  // A stored token is checked once on load (and whenever it changes without a user).
  const needsUser = state.token !== null && state.user === null;
  useEffect(() => {
    if (!needsUser) return;
    const ctl = new AbortController();
    fetchMe(ctl.signal).then(
      (user) => setState((s) => ({ ...s, user })),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        // A 401 is handled by the unauthorized handler; anything else keeps the token but
        // cannot show the app without a user, so the login page explains the failure.
        if (!(e instanceof ApiRequestError && e.status === 401)) {
          writeToken(null);
          setState({ token: null, user: null, notice: e instanceof Error ? e.message : String(e), signedOutByUser: false });
        }
      },
    );
    return () => ctl.abort();
  }, [needsUser]);

  const signOut = useCallback(async () => {
    signingOut.current = true;
    try {
      await logout();
    } catch {
      // the session may already be gone; sign out locally in any case
    }
    writeToken(null);
    setState({ token: null, user: null, notice: null, signedOutByUser: true });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const res = await login(email, password);
    writeToken(res.accessToken);
    signingOut.current = false;
    setState({ token: res.accessToken, user: res.user, notice: null, signedOutByUser: false });
  }, []);

  const session = useMemo<Session>(
    () => ({
      status: state.token === null ? 'signed-out' : state.user === null ? 'checking' : 'signed-in',
      user: state.user,
      token: state.token,
      notice: state.notice,
      signedOutByUser: state.signedOutByUser,
      signIn,
      signOut,
      sessionEnded,
    }),
    [state, signIn, signOut, sessionEnded],
  );
  return <SessionContext value={session}>{children}</SessionContext>;
}
