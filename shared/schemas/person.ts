import * as z from 'zod';
import { locale } from '../locale.ts';
import { email, id, timestamp } from './common.ts';
import { organisation } from './organisation.ts';

/**
 * A person who signs in. Roles come from the person and their memberships, never from how they
 * signed in: an email link today, an OIDC provider later, both lead to the same person.
 */
export const person = z.object({
  id,
  email,
  name: z.string().trim().min(1).max(120).optional(),
  /** The language of the emails we send them. */
  locale,
  platformAdmin: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Person = z.infer<typeof person>;

export const membershipRoles = ['member', 'door-staff'] as const;
/** `requested`: the person asked to join and a member or an admin has not yet let them in. */
export const membershipStatuses = ['active', 'requested'] as const;

/** A person's place in an organisation. */
export const membership = z.object({
  organisationId: id,
  personId: id,
  role: z.enum(membershipRoles),
  status: z.enum(membershipStatuses),
  /** Who invited or let them in; absent for the person who proposed the organisation. */
  addedBy: id.optional(),
  createdAt: timestamp,
});
export type Membership = z.infer<typeof membership>;

/** The signed-in person as the web app sees them: who they are and where they belong. */
export const me = person.pick({ id: true, email: true, name: true, locale: true, platformAdmin: true }).extend({
  memberships: z.array(
    membership.pick({ role: true, status: true }).extend({
      organisation: organisation.pick({ id: true, name: true, kind: true, status: true }),
    }),
  ),
});
export type Me = z.infer<typeof me>;

/** Where to go after signing in: a path on this site only, so a link cannot send anyone elsewhere. */
export const returnPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, { error: 'invalidReturnPath' });

export const signInLinkRequest = z.object({
  email,
  locale,
  returnTo: returnPath.optional(),
});
export type SignInLinkRequest = z.infer<typeof signInLinkRequest>;

/** The secret from the emailed link: 32 random bytes, base64url. */
export const signInToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'signInLinkInvalid' });

export const signInCompletion = z.object({ token: signInToken });

/** A session: the bearer token the web app keeps in its HttpOnly cookie. */
export const session = z.object({
  token: z.string(),
  /** The token's absolute end; an idle session ends sooner. */
  expiresAt: timestamp,
  returnTo: returnPath.optional(),
  me,
});
export type Session = z.infer<typeof session>;
