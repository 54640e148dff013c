import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export default function NotFoundPage() {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page here">
        <Link to="/">Back to the overview</Link>
      </EmptyState>
    </div>
  );
}
