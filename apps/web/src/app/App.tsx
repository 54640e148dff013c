import { AUDIT_READ_ROLES } from '@closewatch/contracts/audit';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { createQueryClient } from '../api/query-client';
import { Loading } from '../components/Loading';
import { Layout } from '../components/Layout';
import { LiveInvalidation } from '../components/LiveInvalidation';
import { LiveProvider } from '../components/LiveProvider';
import { RequireSignIn } from '../components/RequireSignIn';
import { SessionProvider } from '../components/SessionProvider';

// One chunk per page: recharts only loads with the pages that draw charts.
const LoginPage = lazy(() => import('../pages/login/LoginPage'));
const OverviewPage = lazy(() => import('../pages/overview/OverviewPage'));
const LineagePage = lazy(() => import('../pages/lineage/LineagePage'));
const TracePage = lazy(() => import('../pages/trace/TracePage'));
const TraceSearchPage = lazy(() => import('../pages/trace/TraceSearchPage'));
const FlowsPage = lazy(() => import('../pages/flows/FlowsPage'));
const FlowDetailPage = lazy(() => import('../pages/flows/FlowDetailPage'));
const ExceptionsPage = lazy(() => import('../pages/exceptions/ExceptionsPage'));
const IncidentsPage = lazy(() => import('../pages/incidents/IncidentsPage'));
const IncidentDetailPage = lazy(() => import('../pages/incidents/IncidentDetailPage'));
const ReplaysPage = lazy(() => import('../pages/replays/ReplaysPage'));
const AlertsPage = lazy(() => import('../pages/alerts/AlertsPage'));
const ReconciliationsPage = lazy(() => import('../pages/reconciliations/ReconciliationsPage'));
const ReconDetailPage = lazy(() => import('../pages/reconciliations/ReconDetailPage'));
const ReconRunPage = lazy(() => import('../pages/reconciliations/ReconRunPage'));
const ReconEditorPage = lazy(() => import('../pages/reconciliations/ReconEditorPage'));
const ClosePage = lazy(() => import('../pages/close/ClosePage'));
const CashImpactPage = lazy(() => import('../pages/impact/CashImpactPage'));
const BoardMetricsPage = lazy(() => import('../pages/impact/BoardMetricsPage'));
const AdminPage = lazy(() => import('../pages/admin/AdminPage'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage'));
const NotFoundPage = lazy(() => import('../pages/not-found/NotFoundPage'));

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <LiveProvider>
            <LiveInvalidation />
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  element={
                    <RequireSignIn>
                      <Layout />
                    </RequireSignIn>
                  }
                >
                  <Route index element={<OverviewPage />} />
                  <Route path="flows" element={<FlowsPage />} />
                  <Route path="flows/:flowId" element={<FlowDetailPage />} />
                  <Route path="exceptions" element={<ExceptionsPage />} />
                  <Route path="incidents" element={<IncidentsPage />} />
                  <Route path="incidents/:incidentId" element={<IncidentDetailPage />} />
                  <Route path="replays" element={<ReplaysPage />} />
                  <Route path="alerts" element={<AlertsPage />} />
                  <Route path="reconciliations" element={<ReconciliationsPage />} />
                  <Route path="reconciliations/runs/:runId" element={<ReconRunPage />} />
                  <Route
                    path="reconciliations/new"
                    element={
                      <RequireSignIn roles={['admin']}>
                        <ReconEditorPage />
                      </RequireSignIn>
                    }
                  />
                  <Route path="reconciliations/:reconId" element={<ReconDetailPage />} />
                  <Route
                    path="reconciliations/:reconId/edit"
                    element={
                      <RequireSignIn roles={['admin']}>
                        <ReconEditorPage />
                      </RequireSignIn>
                    }
                  />
                  <Route path="close" element={<ClosePage />} />
                  <Route path="impact/cash" element={<CashImpactPage />} />
                  <Route path="impact/board-metrics" element={<BoardMetricsPage />} />
                  <Route path="lineage" element={<LineagePage />} />
                  <Route path="traces" element={<TraceSearchPage />} />
                  <Route path="traces/:traceId" element={<TracePage />} />
                  <Route
                    path="audit"
                    element={
                      <RequireSignIn roles={AUDIT_READ_ROLES}>
                        <AuditPage />
                      </RequireSignIn>
                    }
                  />
                  <Route
                    path="admin"
                    element={
                      <RequireSignIn roles={['admin']}>
                        <AdminPage />
                      </RequireSignIn>
                    }
                  />
                  <Route path="overview" element={<Navigate to="/" replace />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </LiveProvider>
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
