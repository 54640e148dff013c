import { Link } from 'react-router-dom';

/** A flow id linked to its page. */
export function FlowLink({ flow, className }: { flow: string; className?: string }) {
  return (
    <Link to={`/flows/${encodeURIComponent(flow)}`} className={className}>
      {flow}
    </Link>
  );
}
