import { useState } from 'react';
import { Button } from './Button';
import { ErrorBanner } from './ErrorBanner';

export type ExportFormat = 'csv' | 'json';

const LABEL: Record<ExportFormat, string> = { csv: 'Export CSV', json: 'Export JSON' };

/**
 * One button per export format, each calling `download` (an api/ fetcher built on apiDownload)
 * and saying so while the file streams; a failure shows under the buttons. Exports are audited
 * server-side, and every role that reads a page may export it (auditors included).
 */
export function ExportButton({
  formats,
  download,
  disabled,
  testId,
  size = 'small',
}: {
  formats: readonly ExportFormat[];
  download: (format: ExportFormat) => Promise<void>;
  disabled?: boolean;
  /** Each button's test id is `<testId>-<format>`. */
  testId: string;
  size?: 'small' | 'normal';
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(format: ExportFormat) {
    setBusy(format);
    setError(null);
    try {
      await download(format);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {formats.map((format) => (
        <Button key={format} size={size} onClick={() => void run(format)} disabled={disabled || busy !== null} data-testid={`${testId}-${format}`}>
          {busy === format ? 'Exporting…' : LABEL[format]}
        </Button>
      ))}
      <ErrorBanner error={error} />
    </>
  );
}
