/** What an action just did, announced politely to screen readers; nothing when there is no text. */
export function SuccessBanner({ text, testId }: { text: string | null | undefined; testId?: string }) {
  if (!text) return null;
  return (
    <div className="banner banner-success" role="status" data-testid={testId}>
      {text}
    </div>
  );
}
