import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/Feedback';

export default function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="There is no page here">
        <Link to="/">Back to the overview</Link>
      </EmptyState>
    </div>
  );
}
