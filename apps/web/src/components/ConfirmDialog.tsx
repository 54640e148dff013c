import { type ReactNode, useCallback, useState } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface Question {
  title: string;
  text?: string;
  /** The verb on the button that goes ahead ("Revoke", "Delete"). */
  confirmLabel: string;
}

/**
 * Asks before a destructive action: `await confirm(question)` opens a dialog and returns whether
 * the user went ahead; render `dialog` once in the component.
 */
export function useConfirmDialog(): { confirm(question: Question): Promise<boolean>; dialog: ReactNode } {
  const [pending, setPending] = useState<{ question: Question; resolve(ok: boolean): void } | null>(null);
  const confirm = useCallback((question: Question) => new Promise<boolean>((resolve) => setPending({ question, resolve })), []);
  const settle = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  const dialog = (
    <Dialog
      open={pending !== null}
      title={pending?.question.title ?? ''}
      onCancel={() => settle(false)}
      testId="confirm-dialog"
      actions={
        <>
          <Button onClick={() => settle(false)} data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button variant="danger" onClick={() => settle(true)} data-testid="confirm-accept">
            {pending?.question.confirmLabel}
          </Button>
        </>
      }
    >
      {pending?.question.text ? <p>{pending.question.text}</p> : null}
    </Dialog>
  );
  return { confirm, dialog };
}
