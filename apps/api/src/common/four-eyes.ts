/**
 * The four-eyes rule shared by dismissals above materiality and governed configuration changes:
 * whoever asked for a change can never be the one who approves it. Returns why an approval is
 * refused, or null when the approver is a second person.
 */
export function secondPersonRefusal(requestedBy: string | null, approverId: string, what: string): string | null {
  return requestedBy === approverId ? `${what} must be approved by a second person, not the one who asked for it` : null;
}
