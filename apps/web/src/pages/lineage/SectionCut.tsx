/** Says a lineage section shows only the newest of its items (the API keeps at most 200 of each). */
export function SectionCut({ shown, total, what }: { shown: number; total: number; what: string }) {
  if (total <= shown) return null;
  return (
    <p className="small muted pad" data-testid="lineage-section-cut">
      Showing the newest {shown} of {total} {what}.
    </p>
  );
}
