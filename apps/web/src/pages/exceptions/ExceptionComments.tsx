import { type ExceptionCommentDto } from '@closewatch/contracts/exceptions';
import { type FormEvent, useState } from 'react';
import { errorText } from '../../api/api-error';
import { commentOnException } from '../../api/exceptions';
import { UtcTime } from '../../components/UtcTime';
import { actorLabel } from '../../format/actor';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Input';
import { DrawerSection } from '../../components/Drawer';

/** The exception's comments, oldest first, and (for those who may act) a form to add one. */
export function ExceptionComments({
  exceptionId,
  comments,
  mayComment,
  onAdded,
}: {
  exceptionId: string;
  comments: ExceptionCommentDto[];
  mayComment: boolean;
  onAdded(): void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await commentOnException(exceptionId, text);
      setText('');
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <DrawerSection aria-label="Comments" data-testid="exception-comments">
      <h3>Comments {comments.length ? <span className="muted">({comments.length})</span> : null}</h3>
      {comments.length ? (
        <ol className="comments">
          {comments.map((c) => (
            <li key={c.id} data-testid="exception-comment">
              <div className="small muted">
                <strong className="comment-author">{actorLabel(c.author)}</strong> · <UtcTime iso={c.at} />
              </div>
              <div className="comment-text">{c.text}</div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="small muted">No comments yet.</p>
      )}
      {mayComment ? (
        <form className="workflow-form" onSubmit={(e) => void submit(e)} aria-label="Add a comment">
          <TextArea
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Add a comment for the team"
            aria-label="Comment"
            data-testid="comment-text"
          />
          <div className="workflow-row">
            <Button type="submit" size="small" disabled={busy || !text.trim()} data-testid="comment-submit">
              {busy ? 'Adding…' : 'Add comment'}
            </Button>
          </div>
          {error ? (
            <div className="banner banner-error" role="alert">
              {error}
            </div>
          ) : null}
        </form>
      ) : null}
    </DrawerSection>
  );
}
