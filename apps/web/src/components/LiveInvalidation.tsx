import { useLiveInvalidation } from '../hooks/useLiveInvalidation';

/** Keeps cached queries current from the live stream; renders nothing. */
export function LiveInvalidation() {
  useLiveInvalidation();
  return null;
}
