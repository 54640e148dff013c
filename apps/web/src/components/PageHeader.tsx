import { type ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** A page's title block: the way back up (breadcrumb), the title, what goes under it, and what sits on the right. */
export function PageHeader({
  up,
  title,
  titleTestId,
  children,
  aside,
}: {
  up?: { to: string; label: string };
  title: ReactNode;
  titleTestId?: string;
  children?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        {up ? (
          <div className="breadcrumb">
            <Link to={up.to}>{up.label}</Link> /
          </div>
        ) : null}
        <h1 data-testid={titleTestId}>{title}</h1>
        {children}
      </div>
      {aside}
    </div>
  );
}
