import { SOCKET_PATH } from '@closewatch/contracts/socket';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { io } from 'socket.io-client';
import { type LiveConnection, LiveContext, type LiveSocket } from '../hooks/useSocket';
import { useSession } from '../hooks/useSession';

interface ConnectionState {
  socket: LiveSocket | null;
  status: LiveConnection['status'];
  error: string | null;
}

/**
 * Opens the live stream for the signed-in session (`auth: {token}` in the handshake) and keeps
 * it open across pages. A refused handshake (`connect_error` with code unauthenticated) means
 * the session is gone: the user is signed out.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { token, sessionEnded } = useSession();
  const socket = useMemo<LiveSocket | null>(
    () => (token ? io({ path: SOCKET_PATH, auth: { token }, autoConnect: false, transports: ['websocket', 'polling'] }) : null),
    [token],
  );
  const [state, setState] = useState<ConnectionState>({ socket: null, status: 'connecting', error: null });

  useEffect(() => {
    if (!socket) return;
    const set = (status: LiveConnection['status'], error: string | null) => setState({ socket, status, error });
    socket.on('connect', () => {
      set('live', null);
      socket.emit('flows.stats.request');
    });
    socket.on('disconnect', (reason) => {
      set('offline', reason === 'io client disconnect' ? null : `Disconnected (${reason}); reconnecting`);
      // The server ends the stream of a session that was revoked (signed out elsewhere,
      // disabled, role or password changed): it is gone, so there is nothing to log out.
      if (reason === 'io server disconnect') sessionEnded();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      set('offline', err.message);
      if (err.data?.code === 'unauthenticated') sessionEnded();
    });
    socket.connect();
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [socket, sessionEnded]);

  const value = useMemo<LiveConnection>(
    () => (state.socket === socket ? { socket, status: state.status, error: state.error } : { socket, status: socket ? 'connecting' : 'offline', error: null }),
    [state, socket],
  );
  return <LiveContext value={value}>{children}</LiveContext>;
}
