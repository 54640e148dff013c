import { type UserDto } from '@closewatch/contracts/roles';
import { createContext, useContext } from 'react';

export interface Session {
  status: 'checking' | 'signed-in' | 'signed-out';
  user: UserDto | null;
  token: string | null;
  /** Why the user was signed out (expired or revoked session), to show on the login page. */
  notice: string | null;
  /** The user signed out themselves: the next sign-in starts on the overview, not where they were. */
  signedOutByUser: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The server ended the session (revoked or expired): back to the login page, saying so. */
  sessionEnded(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
