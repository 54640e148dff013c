import { type ReconBreakType } from '@closewatch/contracts/recon';
import { Badge, type BadgeTone } from '../../components/Badge';
import { BREAK_TYPE_LABEL } from './recon-view';

const TONE: Record<ReconBreakType, BadgeTone> = {
  missing_in_target: 'bad',
  unexpected_in_target: 'warn',
  duplicate_key: 'warn',
  amount_mismatch: 'info',
  field_mismatch: 'info',
};

export function BreakTypeBadge({ type }: { type: ReconBreakType }) {
  return <Badge tone={TONE[type]}>{BREAK_TYPE_LABEL[type]}</Badge>;
}
