import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { navFor } from '../app/navigation';
import { useSession } from '../hooks/useSession';
import { useTopbarHeight } from '../hooks/useTopbarHeight';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Loading } from './Loading';
import { Button } from './Button';

const ROLE_LABEL = { admin: 'Admin', finance_ops: 'Finance ops', it_ops: 'IT ops', auditor: 'Auditor', viewer: 'Viewer' } as const;

/** The frame of every signed-in page: navigation for the user's role, live status, account. */
export function Layout() {
  const { user, signOut } = useSession();
  const bar = useTopbarHeight();
  if (!user) return null;
  return (
    <div className="shell">
      <header className="topbar" ref={bar}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Closewatch
        </div>
        <nav className="nav" aria-label="Main">
          {navFor(user.role).map((item) => (
            <NavLink
              key={item.path}
              to={item.path}
              end={item.path === '/'}
              className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}
              data-testid={`nav-${item.label.toLowerCase()}`}
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="topbar-right">
          <ConnectionIndicator />
          <span className="user" data-testid="current-user">
            <span className="user-name">{user.name || user.email}</span>
            <span className="user-role">{ROLE_LABEL[user.role]}</span>
          </span>
          <Button variant="ghost" onClick={() => void signOut()} data-testid="sign-out">
            Sign out
          </Button>
        </div>
      </header>
      <main className="main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
