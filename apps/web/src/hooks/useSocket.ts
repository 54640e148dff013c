import { type ClientToServerEvents, type ServerToClientEvents } from '@closewatch/contracts/socket';
import { createContext, useContext } from 'react';
import { type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnection {
  socket: LiveSocket | null;
  status: 'connecting' | 'live' | 'offline';
  /** Why the stream is not live, as the server or the network said it. */
  error: string | null;
}

export const LiveContext = createContext<LiveConnection>({ socket: null, status: 'offline', error: null });

/** The one socket.io connection of the signed-in session, and whether it is live. */
export function useSocket(): LiveConnection {
  return useContext(LiveContext);
}
