import type { Locale } from '../../shared/locale.ts';
import type { Membership } from '../../shared/schemas/person.ts';
import { ForbiddenError, type FieldProblem } from './errors.ts';

/** Who is making a request: a signed-in person with their roles, however they signed in. */
export type Actor = {
  personId: string;
  sessionId: string;
  email: string;
  locale: Locale;
  platformAdmin: boolean;
  memberships: Membership[];
};

/** Active members of an organisation and platform admins may act for it. */
export function canActFor(actor: Actor, organisationId: string): boolean {
  return (
    actor.platformAdmin ||
    actor.memberships.some((m) => m.organisationId === organisationId && m.status === 'active' && m.role === 'member')
  );
}

/**
 * Refuses anyone who may not act for the organisation. `field` names what pointed at it (the
 * path id of an offering, a venue id in a body), so the answer says which input was refused.
 */
export function requireActFor(actor: Actor, organisationId: string, field: FieldProblem): void {
  if (!canActFor(actor, organisationId)) throw new ForbiddenError('notYourOrganisation', field);
}

export function requirePlatformAdmin(actor: Actor): void {
  if (!actor.platformAdmin) throw new ForbiddenError('adminOnly');
}
