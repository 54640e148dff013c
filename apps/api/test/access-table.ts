import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@closewatch/contracts/roles';
import { type DeclaredRoute } from './declared-routes';

export const SECURITY_DOC = join(__dirname, '..', '..', '..', 'docs', 'security.md');
const START = '<!-- access-table:start (generated from the routes by apps/api/src/security/access-matrix.int-spec.ts) -->';
const END = '<!-- access-table:end -->';

/** The Markdown table of who may call what, one row per route, as docs/security.md shows it. */
export function renderAccessTable(routes: readonly DeclaredRoute[]): string {
  const head = ['route', ...ROLES, 'ingest key scope'];
  const rows = routes.map((r) => {
    const cells = ROLES.map((role) => (r.access.kind === 'public' || (r.access.kind === 'roles' && r.access.roles.includes(role)) ? 'yes' : ''));
    const ingest = r.access.kind === 'ingest' ? r.access.scope : r.access.kind === 'roles' && r.access.ingest ? r.access.ingest : '';
    return [`\`${r.method} ${r.path}\`${r.access.kind === 'public' ? ' (public)' : ''}`, ...cells, ingest];
  });
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The table currently in docs/security.md (between its markers). */
export function documentedAccessTable(): string {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/security.md has no access table markers (${START} ... ${END})`);
  return doc.slice(from + START.length, to).trim();
}

/** Writes the table into docs/security.md (UPDATE_ACCESS_TABLE=1 when routes changed on purpose). */
export function writeAccessTable(table: string): void {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  writeFileSync(SECURITY_DOC, `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`);
}
