import { type AuditVerifyDto } from '@closewatch/contracts/audit';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { AUDIT_EXPORT_FORMATS, downloadAuditExport, verifyAudit } from '../../api/audit';
import { queryKeys } from '../../api/query-keys';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useAuditLog } from '../../hooks/useAuditLog';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useDebounced } from '../../hooks/useDebounced';
import { AuditEntryDrawer } from './AuditEntryDrawer';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';
import { AuditVerifyPanel } from './AuditVerifyPanel';
import { auditParams, readAuditFilters, toAuditApiFilters } from './audit-filters';
import './audit.css';

/**
 * The audit log for admins and auditors (docs/audit.md): filter it, open an entry with its
 * before/after, verify the chain against the signed checkpoints, export it. Nothing here changes
 * anything: verify and export are reads.
 */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const form = useMemo(() => readAuditFilters(params), [params]);
  const openId = params.get('open');
  // Typing in a filter fetches once it pauses; the address follows every key.
  const settled = useDebounced(JSON.stringify(toAuditApiFilters(form)), 300);
  const filters = useMemo(() => JSON.parse(settled) as ReturnType<typeof toAuditApiFilters>, [settled]);
  const list = useAuditLog(filters);
  const client = useQueryClient();
  const verify = useBusyAction();
  const exporting = useBusyAction();
  const [result, setResult] = useState<AuditVerifyDto | null>(null);

  const open = openId ? list.items.find((e) => String(e.id) === openId) : undefined;
  const close = useCallback(() => setParams(auditParams(form, null), { replace: true }), [setParams, form]);
  const hrefOf = (id: number) => `?${auditParams(form, String(id)).toString()}`;

  const runVerify = () =>
    void verify.run('verify', async () => {
      setResult(await verifyAudit());
      await client.invalidateQueries({ queryKey: queryKeys.audit.lastCheckpoint() });
    });

  return (
    <div className="page" data-testid="audit-page">
      <PageHeader
        title="Audit log"
        aside={
          <div className="panel-actions">
            <Button onClick={runVerify} disabled={verify.busy !== null} data-testid="audit-verify">
              {verify.busy ? 'Verifying…' : 'Verify'}
            </Button>
            {AUDIT_EXPORT_FORMATS.map((format) => (
              <Button
                key={format}
                onClick={() => void exporting.run(format, () => downloadAuditExport(format))}
                disabled={exporting.busy !== null}
                data-testid={`audit-export-${format}`}
              >
                {exporting.busy === format ? 'Exporting…' : `Export ${format.toUpperCase()}`}
              </Button>
            ))}
          </div>
        }
      >
        <p className="muted">
          Every change by a person, an ingest key or Closewatch itself, hash-chained and signed. Read-only: nobody changes the log. Times are UTC.
        </p>
      </PageHeader>
      <ErrorBanner error={exporting.error} />
      <AuditVerifyPanel result={result} verifying={verify.busy !== null} error={verify.error} />
      <div className={`drawer-layout audit-layout${open ? ' with-drawer' : ''}`}>
        <Panel title="Entries" testId="audit-entries">
          <AuditFilterBar value={form} onChange={(next) => setParams(auditParams(next, openId), { replace: true })} />
          <AuditTable list={list} hrefOf={hrefOf} openId={openId} />
        </Panel>
        {open ? <AuditEntryDrawer entry={open} onClose={close} /> : null}
      </div>
    </div>
  );
}
