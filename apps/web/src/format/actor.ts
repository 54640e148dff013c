import { type ActorDto, type UserRef } from '@closewatch/contracts/exceptions';

/** Who did something: the user's email, or `Closewatch (evaluator:sync-health)` for the system. */
export function actorLabel(actor: ActorDto | null | undefined): string {
  if (!actor) return '—';
  return actor.kind === 'user' ? actor.email : `Closewatch (${actor.name})`;
}

/** An assignee as shown in lists: name, else email. */
export function userLabel(user: UserRef | null | undefined): string {
  if (!user) return 'Unassigned';
  return user.name || user.email;
}
