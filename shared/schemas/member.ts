import * as z from 'zod';
import { id } from './common.ts';
import { organisation } from './organisation.ts';
import { membership, person } from './person.ts';
import { venue } from './venue.ts';

/**
 * Members of an organisation, and the organisation as its members see it. Kept apart from
 * organisation.ts because person.ts already imports that file.
 */

/** A member or a person asking to join, with who they are. */
export const memberView = membership
  .pick({ personId: true, role: true, status: true, addedBy: true, createdAt: true })
  .extend(person.pick({ email: true, name: true }).shape);
export type MemberView = z.infer<typeof memberView>;

/**
 * A member adds a colleague by email. Someone who has never signed in gets an account with
 * `locale` as the language of our emails (the inviter's language when absent).
 */
export const memberInvite = person
  .pick({ email: true })
  .extend({ locale: person.shape.locale.optional(), role: membership.shape.role.default('member') });
export type MemberInvite = z.infer<typeof memberInvite>;

/** Letting in a person who asked to join. */
export const memberUpdate = membership.pick({ status: true }).extend({ status: membership.shape.status.extract(['active']) });
export type MemberUpdate = z.infer<typeof memberUpdate>;

export const memberPath = z.object({ id, personId: id });

/** An organisation with its members (and join requests) and venues: what its members and admins see. */
export const organisationDetail = organisation.extend({ members: z.array(memberView), venues: z.array(venue) });
export type OrganisationDetail = z.infer<typeof organisationDetail>;
