import { AUDIT_READ_ROLES } from '@closewatch/contracts/audit';
import { type Role } from '@closewatch/contracts/roles';

export interface NavItem {
  path: string;
  label: string;
  /** Roles that may open the page; every page reads only what its API allows the role to read. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ['admin', 'finance_ops', 'it_ops', 'auditor', 'viewer'];

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Overview', roles: EVERYONE },
  { path: '/flows', label: 'Flows', roles: EVERYONE },
  { path: '/exceptions', label: 'Exceptions', roles: EVERYONE },
  { path: '/incidents', label: 'Incidents', roles: EVERYONE },
  { path: '/replays', label: 'Replays', roles: EVERYONE },
  { path: '/alerts', label: 'Alerts', roles: EVERYONE },
  { path: '/reconciliations', label: 'Reconciliations', roles: EVERYONE },
  { path: '/close', label: 'Close', roles: EVERYONE },
  { path: '/impact/cash', label: 'Cash', roles: EVERYONE },
  { path: '/impact/board-metrics', label: 'Metrics', roles: EVERYONE },
  { path: '/lineage', label: 'Lineage', roles: EVERYONE },
  { path: '/traces', label: 'Traces', roles: EVERYONE },
  { path: '/audit', label: 'Audit', roles: AUDIT_READ_ROLES },
  { path: '/admin', label: 'Admin', roles: ['admin'] },
];

/** The pages a role sees in the navigation. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((i) => i.roles.includes(role));
}

export function mayOpen(role: Role, path: string): boolean {
  const item = NAV_ITEMS.find((i) => i.path === path);
  return item ? item.roles.includes(role) : true;
}
