import { type Role } from '@closewatch/contracts/roles';
import { type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../hooks/useSession';
import { Loading } from './Loading';

/** Shows its page to a signed-in user (with one of `roles`, if given); otherwise the login page or a refusal. */
export function RequireSignIn({ children, roles }: { children: ReactNode; roles?: readonly Role[] }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status === 'signed-out' || !session.user) {
    return <Navigate to="/login" replace state={session.signedOutByUser ? undefined : { from: `${location.pathname}${location.search}` }} />;
  }
  if (roles && !roles.includes(session.user.role)) {
    return (
      <div className="page">
        <div className="banner banner-error" role="alert">
          Your role ({session.user.role}) may not open this page.
        </div>
      </div>
    );
  }
  return children;
}
